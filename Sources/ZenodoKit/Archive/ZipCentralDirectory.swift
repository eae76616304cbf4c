import FoundationEssentials

/// One member of a ZIP as its central directory describes it.
public struct ZipEntry: Sendable, Equatable {
    /// The name as stored: UTF-8 where it is, `\xNN` for bytes that are not.
    public var name: String
    public var isDirectory: Bool
    /// 0 stored, 8 deflated (others are listed and refused at extraction).
    public var method: UInt16
    public var crc32: UInt32
    public var compressedSize: Int64
    public var size: Int64
    public var localHeaderOffset: Int64
    /// The DOS time (local time of the archiver, so shown as is, without a zone).
    public var modified: DateComponents?
    /// Why the name may not be written anywhere (`..`, absolute, a backslash, a control
    /// character); nil when it may.
    public var unsafeName: String?
    /// Bit 0 of the flags: encrypted.
    public var encrypted: Bool
    /// Where the server extracts it (its container API), when the listing came from there; the
    /// local header's offset is then unknown (-1).
    public var contentURL: String? = nil

    public init(
        name: String, isDirectory: Bool, method: UInt16, crc32: UInt32, compressedSize: Int64, size: Int64,
        localHeaderOffset: Int64, modified: DateComponents?, unsafeName: String?, encrypted: Bool
    ) {
        self.name = name
        self.isDirectory = isDirectory
        self.method = method
        self.crc32 = crc32
        self.compressedSize = compressedSize
        self.size = size
        self.localHeaderOffset = localHeaderOffset
        self.modified = modified
        self.unsafeName = unsafeName
        self.encrypted = encrypted
    }

    public var methodName: String {
        switch method {
        case 0: return "stored"
        case 8: return "deflated"
        case 9: return "deflate64"
        case 12: return "bzip2"
        case 14: return "lzma"
        case 93: return "zstd"
        default: return "method \(method)"
        }
    }
}

/// Where a ZIP's central directory is, from its end records.
public struct ZipEnd: Sendable, Equatable {
    public var entries: Int
    public var directoryOffset: Int64
    public var directorySize: Int64
}

/// A ZIP's table of contents read from bytes alone, bounded against hostile archives: the end
/// record found in the file's last 64 KiB (ZIP64's record and locator followed where the fields are
/// full), then the central directory parsed entry by entry. A directory that claims more entries
/// than it can hold, or more than `limits` allow, runs past its bytes or the file, or members that
/// overlap (a ZIP bomb's trick) is refused in words; names that could escape a destination are
/// marked, not trusted. Pure: the bytes come from a file, a `Range` request or a fuzzer.
public enum ZipCentralDirectory {
    public struct Limits: Sendable {
        public var maxEntries = 1_000_000
        public var maxDirectorySize: Int64 = 256 << 20
        public init() {}
    }

    /// The most of a file's end that can hold the end record (22 bytes and a 65,535-byte comment).
    public static let tailLength: Int64 = 22 + 0xFFFF

    /// What the end of a file says: the directory, or where ZIP64's end record is to be read.
    public enum EndLookup: Sendable, Equatable {
        case found(ZipEnd)
        /// ZIP64: the 56-byte record at this offset is needed (not in the tail read).
        case zip64Record(at: Int64)
    }

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        init(_ message: String) { self.message = message }
    }

    /// Finds the end record in `tail`, the last bytes of a file of `fileSize` bytes.
    public static func end(tail: [UInt8], fileSize: Int64, limits: Limits = Limits()) throws -> EndLookup {
        let tailStart = fileSize - Int64(tail.count)
        guard tail.count >= 22 else { throw Failure("it is not a ZIP: \(fileSize) bytes cannot hold its end record") }
        var at = tail.count - 22
        var found: Int?
        while at >= 0 {
            if read32(tail, at) == 0x0605_4B50, Int(read16(tail, at + 20)) == tail.count - at - 22 {
                found = at
                break
            }
            at -= 1
        }
        guard let eocd = found else { throw Failure("it is not a ZIP: no end of central directory record") }
        let count16 = read16(tail, eocd + 10)
        let size32 = read32(tail, eocd + 12)
        let offset32 = read32(tail, eocd + 16)
        if count16 == 0xFFFF || size32 == 0xFFFF_FFFF || offset32 == 0xFFFF_FFFF {
            guard eocd >= 20, read32(tail, eocd - 20) == 0x0706_4B50 else {
                throw Failure("its end record says ZIP64 but the ZIP64 locator is missing")
            }
            let record = Int64(bitPattern: read64(tail, eocd - 20 + 8))
            guard record >= 0, record + 56 <= tailStart + Int64(eocd - 20) else {
                throw Failure("its ZIP64 locator points outside the file (\(record))")
            }
            if record >= tailStart {
                return .found(try zip64End(Array(tail[Int(record - tailStart)...]), fileSize: fileSize, limits: limits))
            }
            return .zip64Record(at: record)
        }
        return .found(
            try checked(
                ZipEnd(entries: Int(count16), directoryOffset: Int64(offset32), directorySize: Int64(size32)),
                fileSize: fileSize, limits: limits))
    }

    /// The ZIP64 end record (at least 56 bytes from its start).
    public static func zip64End(_ bytes: [UInt8], fileSize: Int64, limits: Limits = Limits()) throws -> ZipEnd {
        guard bytes.count >= 56, read32(bytes, 0) == 0x0606_4B50 else {
            throw Failure("its ZIP64 end record is missing where the locator says")
        }
        let entries = read64(bytes, 32)
        let size = read64(bytes, 40)
        let offset = read64(bytes, 48)
        guard entries <= UInt64(limits.maxEntries) else {
            throw Failure("its directory claims \(entries) entries (at most \(limits.maxEntries) are read)")
        }
        guard size <= UInt64(Int64.max), offset <= UInt64(Int64.max) else {
            throw Failure("its ZIP64 end record gives impossible sizes")
        }
        return try checked(
            ZipEnd(entries: Int(entries), directoryOffset: Int64(offset), directorySize: Int64(size)),
            fileSize: fileSize,
            limits: limits)
    }

    private static func checked(_ end: ZipEnd, fileSize: Int64, limits: Limits) throws -> ZipEnd {
        guard end.entries <= limits.maxEntries else {
            throw Failure("its directory claims \(end.entries) entries (at most \(limits.maxEntries) are read)")
        }
        guard end.directorySize <= limits.maxDirectorySize else {
            throw Failure(
                "its directory is \(end.directorySize) bytes (at most \(limits.maxDirectorySize) are read)")
        }
        // Subtracted, not added: a ZIP64 offset near 2⁶³ must not overflow.
        guard end.directorySize <= fileSize, end.directoryOffset <= fileSize - end.directorySize else {
            throw Failure("its directory runs past the end of the file")
        }
        // Each entry takes at least 46 bytes: a count the directory cannot hold is a lie.
        guard Int64(end.entries) * 46 <= end.directorySize else {
            throw Failure(
                "its directory claims \(end.entries) entries in \(end.directorySize) bytes, which cannot hold them")
        }
        return end
    }

    /// The entries of the directory `bytes` (exactly `end.directorySize` of them), in its order.
    public static func entries(_ bytes: [UInt8], end: ZipEnd, fileSize: Int64) throws -> [ZipEntry] {
        var entries: [ZipEntry] = []
        entries.reserveCapacity(end.entries)
        var at = 0
        for index in 0..<end.entries {
            guard at + 46 <= bytes.count, read32(bytes, at) == 0x0201_4B50 else {
                throw Failure("its directory ends inside entry \(index + 1) of \(end.entries)")
            }
            let flags = read16(bytes, at + 8)
            let method = read16(bytes, at + 10)
            let time = read16(bytes, at + 12)
            let date = read16(bytes, at + 14)
            let crc = read32(bytes, at + 16)
            var compressed = Int64(read32(bytes, at + 20))
            var size = Int64(read32(bytes, at + 24))
            let nameLength = Int(read16(bytes, at + 28))
            let extraLength = Int(read16(bytes, at + 30))
            let commentLength = Int(read16(bytes, at + 32))
            let external = read32(bytes, at + 38)
            var offset = Int64(read32(bytes, at + 42))
            let nameStart = at + 46
            let next = nameStart + nameLength + extraLength + commentLength
            guard next <= bytes.count else {
                throw Failure("its directory ends inside entry \(index + 1) of \(end.entries)")
            }
            let nameBytes = Array(bytes[nameStart..<nameStart + nameLength])
            // ZIP64 extra field: the 8-byte values for the fields that are full, in order.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let tag = read16(bytes, extra)
                let length = Int(read16(bytes, extra + 2))
                guard extra + 4 + length <= extraEnd else { break }
                if tag == 0x0001 {
                    var field = extra + 4
                    func take() throws -> Int64 {
                        guard field + 8 <= extra + 4 + length else {
                            throw Failure("entry \(index + 1)'s ZIP64 field is shorter than its sizes need")
                        }
                        let value = read64(bytes, field)
                        field += 8
                        guard value <= UInt64(Int64.max) else {
                            throw Failure("entry \(index + 1) has an impossible size")
                        }
                        return Int64(value)
                    }
                    if size == 0xFFFF_FFFF { size = try take() }
                    if compressed == 0xFFFF_FFFF { compressed = try take() }
                    if offset == 0xFFFF_FFFF { offset = try take() }
                }
                extra += 4 + length
            }
            let name = displayName(nameBytes)
            guard compressed <= fileSize - 30, offset <= fileSize - 30 - compressed else {
                throw Failure("entry \(index + 1) (\(name)) runs past the file")
            }
            let isDirectory = name.utf8.last == UInt8(ascii: "/") || (external & 0x10 != 0 && size == 0)
            entries.append(
                ZipEntry(
                    name: name, isDirectory: isDirectory, method: method, crc32: crc, compressedSize: compressed,
                    size: size, localHeaderOffset: offset, modified: dosTime(date: date, time: time),
                    unsafeName: unsafeReason(name, bytes: nameBytes), encrypted: flags & 1 != 0))
            at = next
        }
        try checkOverlaps(entries, directoryOffset: end.directoryOffset)
        return entries
    }

    /// Members whose data overlap another's (one compressed stream inflated many times over: the
    /// trick of the non-recursive ZIP bombs) are refused.
    static func checkOverlaps(_ entries: [ZipEntry], directoryOffset: Int64) throws {
        let sorted = entries.filter { !$0.isDirectory || $0.compressedSize > 0 }.sorted {
            $0.localHeaderOffset < $1.localHeaderOffset
        }
        for (first, second) in zip(sorted, sorted.dropFirst()) {
            // A member takes at least its 30-byte header and its data.
            if first.localHeaderOffset + 30 + first.compressedSize > second.localHeaderOffset {
                throw Failure(
                    "members \(first.name) and \(second.name) overlap (one stream read as several: a ZIP bomb's trick)")
            }
        }
        if let last = sorted.last, last.localHeaderOffset + 30 + last.compressedSize > directoryOffset {
            throw Failure("member \(last.name) runs into the directory")
        }
    }

    /// UTF-8 where it is; otherwise each byte that is not, escaped.
    static func displayName(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return DirectoryWalker.escaped(bytes)
    }

    /// Why a member's name may not become a path under a destination.
    static func unsafeReason(_ name: String, bytes: [UInt8]) -> String? {
        if String(validating: bytes, as: UTF8.self) == nil { return "its name is not UTF-8" }
        if name.isEmpty { return "its name is empty" }
        if name.hasPrefix("/") { return "its name is an absolute path" }
        if name.contains("\\") { return "its name contains a backslash" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return "its name contains a control character"
        }
        if name.pathNames(keepingEmpty: true).contains("..") {
            return "its name climbs out with .."
        }
        return nil
    }

    static func dosTime(date: UInt16, time: UInt16) -> DateComponents? {
        guard date != 0 else { return nil }
        return DateComponents(
            year: 1980 + Int(date >> 9), month: Int((date >> 5) & 0xF), day: Int(date & 0x1F), hour: Int(time >> 11),
            minute: Int((time >> 5) & 0x3F), second: Int(time & 0x1F) * 2)
    }

    static func read16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }

    static func read32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    static func read64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        UInt64(read32(bytes, at)) | UInt64(read32(bytes, at + 4)) << 32
    }
}
