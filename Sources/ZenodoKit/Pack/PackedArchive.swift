import Crypto
import EssentialsExtras
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// An archive of a tree that is never written anywhere: its layout (every member's header, data
/// and trailer, then the ZIP's central directory or the tar's end) is computed from the members'
/// sizes, so its size is known before the first byte, and any byte can be produced at its offset by
/// a `PackReader` (a part resent, a transfer resumed). The only thing not known in advance is a
/// ZIP member's CRC-32: it is computed as the member's bytes go by, or by reading the member again
/// where a reader starts past it (`CRCTable`).
public final class PackedArchive: ByteSource, @unchecked Sendable {
    public let format: PackFormat
    /// The archive's file name in the deposition (`DIR.zip`).
    public let name: String
    /// The tree it packs.
    public let root: String
    public let members: [PackMember]
    /// Where each member's header starts; one more at the end: where the tail starts.
    let starts: [Int64]
    /// Where each member's content starts.
    let dataStarts: [Int64]
    /// ZIP: where each member's central directory entry starts (from the start of the tail).
    let directoryStarts: [Int64]
    let directorySize: Int64
    public let size: Int64
    /// The members as they were planned: their listing's digest (the tree changed when it differs).
    public let manifest: String
    let crcs: CRCTable

    public init(format: PackFormat, name: String, root: String, members: [PackMember]) {
        self.format = format
        self.name = name
        self.root = root
        self.members = members
        var starts: [Int64] = []
        var dataStarts: [Int64] = []
        starts.reserveCapacity(members.count + 1)
        dataStarts.reserveCapacity(members.count)
        var offset: Int64 = 0
        for member in members {
            starts.append(offset)
            offset += Int64(Self.headerSize(format, member))
            dataStarts.append(offset)
            offset += Self.contentSize(format, member) + Int64(Self.trailerSize(format, member))
        }
        starts.append(offset)
        var directoryStarts: [Int64] = []
        var directorySize: Int64 = 0
        if format == .zip {
            directoryStarts.reserveCapacity(members.count + 1)
            for (index, member) in members.enumerated() {
                directoryStarts.append(directorySize)
                directorySize += Int64(ZipFormat.centralSize(member, offset: starts[index]))
            }
            directoryStarts.append(directorySize)
            offset +=
                directorySize
                + Int64(
                    ZipFormat.endSize(count: members.count, directoryOffset: starts.last!, directorySize: directorySize)
                )
        } else {
            offset += Int64(TarFormat.endSize)
        }
        self.starts = starts
        self.dataStarts = dataStarts
        self.directoryStarts = directoryStarts
        self.directorySize = directorySize
        size = offset
        manifest = PackListing.digest(members)
        crcs = CRCTable(count: members.count)
    }

    public var path: String { "\(root) (packed as \(name))" }
    public var lastPathComponent: String { name }

    public func open() throws -> any ByteReader { PackReader(self) }

    // MARK: Layout

    static func headerSize(_ format: PackFormat, _ member: PackMember) -> Int {
        format == .zip ? ZipFormat.localHeaderSize(member) : TarFormat.headerSize(member)
    }

    /// ZIP keeps a link's target as its content; tar keeps it in the header.
    static func contentSize(_ format: PackFormat, _ member: PackMember) -> Int64 {
        switch member.kind {
        case .file: return member.size
        case .link: return format == .zip ? member.size : 0
        case .directory: return 0
        }
    }

    static func trailerSize(_ format: PackFormat, _ member: PackMember) -> Int {
        format == .zip ? ZipFormat.descriptorSize(member) : TarFormat.paddingSize(member)
    }

    var tailStart: Int64 { starts[members.count] }

    /// The member whose header, content or trailer holds `offset` (below the tail).
    func member(at offset: Int64) -> Int { Self.last(of: starts, atOrBefore: offset, count: members.count) }

    /// ZIP: the central directory entry that holds `offset` (from the start of the tail).
    func directoryEntry(at offset: Int64) -> Int {
        Self.last(of: directoryStarts, atOrBefore: offset, count: members.count)
    }

    /// Among the first `count` ascending `starts`, the last one at or before `offset` (binary search).
    private static func last(of starts: [Int64], atOrBefore offset: Int64, count: Int) -> Int {
        var low = 0
        var high = count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    // MARK: Identity

    /// A member's size and time as `lstat` has them (or as planned).
    struct MemberStat: Equatable {
        var size: Int64
        var seconds: Int64
        var nanoseconds: Int32
        var exists = true

        init(planned member: PackMember) {
            size = member.kind == .directory ? 0 : member.size
            seconds = member.seconds
            nanoseconds = member.nanoseconds
        }

        init(now member: PackMember) {
            var info = stat()
            guard lstat(member.path, &info) == 0 else {
                size = -1
                seconds = 0
                nanoseconds = 0
                exists = false
                return
            }
            size = member.kind == .directory ? 0 : Int64(info.st_size)
            seconds = Int64(info.st_mtim.tv_sec)
            nanoseconds = Int32(info.st_mtim.tv_nsec)
        }
    }

    /// The archive's size and a stamp of every member's size and time (FNV-1a): a change to any
    /// member changes it.
    static func stamp(size: Int64, _ stats: [MemberStat]) -> FileIdentity {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: Int64) {
            var value = UInt64(bitPattern: value)
            for _ in 0..<8 {
                hash = (hash ^ (value & 0xFF)) &* 0x100_0000_01b3
                value >>= 8
            }
        }
        for stat in stats {
            mix(stat.size)
            mix(stat.seconds)
            mix(Int64(stat.nanoseconds))
        }
        return FileIdentity(size: size, seconds: Int(truncatingIfNeeded: hash), nanoseconds: 0)
    }

    /// Every member looked at again (one `lstat` each).
    public func identity() throws -> FileIdentity { Self.stamp(size: size, members.map(MemberStat.init(now:))) }

    /// The members that are not as planned, by name.
    public func changedMembers() -> [String] {
        var said: [String] = []
        for member in members {
            let now = MemberStat(now: member)
            let then = MemberStat(planned: member)
            guard now != then else { continue }
            if !now.exists {
                said.append("\(member.name) is gone")
            } else if now.size != then.size {
                said.append(
                    "\(member.name) \(now.size > then.size ? "grew" : "shrank") from \(then.size) to \(now.size) bytes")
            } else {
                said.append("\(member.name) was modified")
            }
        }
        return said
    }

    public func change(since before: FileIdentity) -> String {
        let changed = changedMembers()
        let named =
            changed.prefix(5).joined(separator: "; ") + (changed.count > 5 ? "; and \(changed.count - 5) more" : "")
        return "\(root) changed while it was being packed into \(name)" + (changed.isEmpty ? "" : " (\(named))")
    }
}

/// The CRC-32s of a ZIP's members, shared by every reader of one archive: recorded as a member's
/// bytes go by, computed by reading the member where a reader needs one it did not see. Two
/// different CRCs for one member mean it changed between two reads.
final class CRCTable: @unchecked Sendable {
    private let lock = PlainLock()
    private var values: [UInt32]
    private var known: [Bool]

    init(count: Int) {
        values = Array(repeating: 0, count: count)
        known = Array(repeating: false, count: count)
    }

    func value(_ index: Int) -> UInt32? { lock.withLock { known[index] ? values[index] : nil } }

    /// Records a member's CRC; false when another read found a different one.
    func record(_ index: Int, _ crc: UInt32) -> Bool {
        lock.withLock {
            if known[index] { return values[index] == crc }
            values[index] = crc
            known[index] = true
            return true
        }
    }
}

/// A tree's members as lines (kind, size, time, name), and their digest: what a journal keeps to
/// notice, and name, a tree that changed between a packed upload's runs.
public enum PackListing {
    public static func lines(_ members: [PackMember]) -> [String] { members.map(\.listingLine) }

    public static func digest(_ members: [PackMember]) -> String {
        var md5 = Insecure.MD5()
        for member in members { md5.update(data: Data((member.listingLine + "\n").utf8)) }
        return String.hex(md5.finalize())
    }

    /// What differs between two listings, by name: added, gone, changed.
    public static func differences(from old: [String], to new: [String]) -> [String] {
        func byName(_ lines: [String]) -> [String: String] {
            var out: [String: String] = [:]
            for line in lines {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
                if parts.count == 4 { out[String(parts[3])] = String(parts[1]) + " " + String(parts[2]) }
            }
            return out
        }
        let before = byName(old)
        let after = byName(new)
        var said: [String] = []
        for name in after.keys.sorted() {
            guard let then = before[name] else {
                said.append("\(name) is new")
                continue
            }
            if then != after[name] { said.append("\(name) changed") }
        }
        for name in before.keys.sorted() where after[name] == nil { said.append("\(name) is gone") }
        return said
    }
}
