import CZlib
import EssentialsExtras
import FoundationEssentials

/// A stored ZIP's table, read by LocalZenodo on its own (it may not use ZenodoKit's reader: the two
/// sides must not share a mistake), for the container API as invenio-records-resources serves it
/// (`services/files/extractors/zip.py`, Python's `zipfile` underneath): members in directory order,
/// a directory being a member whose name ends with `/`.
struct StoredZip {
    struct Member {
        var name: String
        var size: Int64
        var compressedSize: Int64
        var crc: UInt32
        var method: UInt16
        var offset: Int64
        var isDirectory: Bool { name.hasSuffix("/") }
    }

    var members: [Member]

    struct Unreadable: Error {
        var reason: String
    }

    /// Reads the end record (and ZIP64's), then the directory, from the file at `url`.
    init(url: URL) throws {
        let handle = try PlainFileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let size = Int64(try handle.seekToEnd())
        func read(_ offset: Int64, _ count: Int) throws -> [UInt8] {
            try handle.seek(toOffset: UInt64(offset))
            return Array(try handle.read(upToCount: count) ?? Data())
        }
        let tailStart = max(0, size - 65_557)
        let tail = try read(tailStart, Int(size - tailStart))
        guard
            let at = stride(from: tail.count - 22, through: 0, by: -1).first(where: {
                Self.u32(tail, $0) == 0x0605_4B50
            })
        else { throw Unreadable(reason: "File is not a zip file") }
        var count = Int64(Self.u16(tail, at + 10))
        var directorySize = Int64(Self.u32(tail, at + 12))
        var directoryOffset = Int64(Self.u32(tail, at + 16))
        if at >= 20, Self.u32(tail, at - 20) == 0x0706_4B50 {
            let record = try read(Int64(Self.u64(tail, at - 12)), 56)
            guard record.count == 56, Self.u32(record, 0) == 0x0606_4B50 else {
                throw Unreadable(reason: "Corrupt zip64 end of central directory locator")
            }
            count = Int64(Self.u64(record, 32))
            directorySize = Int64(Self.u64(record, 40))
            directoryOffset = Int64(Self.u64(record, 48))
        }
        guard directoryOffset >= 0, directorySize >= 0, directoryOffset + directorySize <= size,
            count <= 1_000_000
        else { throw Unreadable(reason: "Bad offset for central directory") }
        let directory = try read(directoryOffset, Int(directorySize))
        var members: [Member] = []
        var position = 0
        for _ in 0..<count {
            guard position + 46 <= directory.count, Self.u32(directory, position) == 0x0201_4B50 else {
                throw Unreadable(reason: "Bad magic number for central directory")
            }
            let nameLength = Int(Self.u16(directory, position + 28))
            let extraLength = Int(Self.u16(directory, position + 30))
            let commentLength = Int(Self.u16(directory, position + 32))
            guard position + 46 + nameLength + extraLength + commentLength <= directory.count else {
                throw Unreadable(reason: "Truncated central directory")
            }
            var member = Member(
                name: String(decoding: directory[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self),
                size: Int64(Self.u32(directory, position + 24)),
                compressedSize: Int64(Self.u32(directory, position + 20)),
                crc: Self.u32(directory, position + 16), method: Self.u16(directory, position + 10),
                offset: Int64(Self.u32(directory, position + 42)))
            var extra = position + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let tag = Self.u16(directory, extra)
                let length = Int(Self.u16(directory, extra + 2))
                if tag == 1 {
                    var field = extra + 4
                    if member.size == 0xFFFF_FFFF, field + 8 <= extraEnd {
                        member.size = Int64(Self.u64(directory, field))
                        field += 8
                    }
                    if member.compressedSize == 0xFFFF_FFFF, field + 8 <= extraEnd {
                        member.compressedSize = Int64(Self.u64(directory, field))
                        field += 8
                    }
                    if member.offset == 0xFFFF_FFFF, field + 8 <= extraEnd {
                        member.offset = Int64(Self.u64(directory, field))
                    }
                }
                extra += 4 + length
            }
            members.append(member)
            position += 46 + nameLength + extraLength + commentLength
        }
        self.members = members
        self.url = url
    }

    let url: URL

    /// A member's content, inflated where deflated, checked against its CRC (Python's `zipfile`
    /// raises "Bad CRC-32" on a mismatch).
    func content(of member: Member) throws -> Data {
        let handle = try PlainFileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(member.offset))
        let header = Array(try handle.read(upToCount: 30) ?? Data())
        guard header.count == 30, Self.u32(header, 0) == 0x0403_4B50 else {
            throw Unreadable(reason: "Bad magic number for file header")
        }
        let skip = Int64(Self.u16(header, 26)) + Int64(Self.u16(header, 28))
        try handle.seek(toOffset: UInt64(member.offset + 30 + skip))
        let compressed = Array(try handle.read(upToCount: Int(member.compressedSize)) ?? Data())
        var output: [UInt8]
        switch member.method {
        case 0: output = compressed
        case 8: output = try Self.inflateRaw(compressed, expected: Int(member.size))
        default: throw Unreadable(reason: "That compression method is not supported")
        }
        let crc = output.withUnsafeBufferPointer {
            UInt32(truncatingIfNeeded: CZlib.crc32(0, $0.baseAddress, UInt32($0.count)))
        }
        guard crc == member.crc else { throw Unreadable(reason: "Bad CRC-32 for file '\(member.name)'") }
        return Data(output)
    }

    private static func inflateRaw(_ input: [UInt8], expected: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard zt_inflate_init_raw(&stream) == Z_OK else { throw Unreadable(reason: "zlib") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: max(expected, 1))
        var input = input
        let result: Int32 = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END || (expected == 0 && result != Z_DATA_ERROR) else {
            throw Unreadable(reason: "Error -3 while decompressing data")
        }
        return Array(output.prefix(Int(stream.total_out)))
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }
}
