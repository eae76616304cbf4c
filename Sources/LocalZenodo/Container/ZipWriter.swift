import CZlib
import FoundationEssentials

/// A ZIP made by LocalZenodo: the demo's archive (stored) and a container directory answered as a
/// ZIP of its own (deflated, as invenio-records-resources' `_zip_directory` makes it with
/// zipstream's `ZIP_DEFLATED`). Folders are entries of their own (`name/`, as `zs.mkdir`).
enum ZipWriter {
    struct Member {
        var name: String
        var bytes: [UInt8]
        var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// The archive's bytes, members dated 2024-03-01 12:00.
    static func make(_ members: [Member], deflate: Bool) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func le16(_ v: Int, into b: inout [UInt8]) { b += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: UInt32, into b: inout [UInt8]) {
            for shift in [0, 8, 16, 24] { b.append(UInt8((v >> UInt32(shift)) & 0xFF)) }
        }
        let time = 12 << 11
        let date = ((2024 - 1980) << 9) | (3 << 5) | 1
        for member in members {
            let name = Array(member.name.utf8)
            let crc = member.bytes.withUnsafeBufferPointer {
                UInt32(truncatingIfNeeded: CZlib.crc32(0, $0.baseAddress, UInt32($0.count)))
            }
            let packed = deflate && !member.isDirectory ? Self.deflateRaw(member.bytes) : member.bytes
            let offset = UInt32(out.count)
            var common: [UInt8] = []
            le16(20, into: &common)
            le16(0x0800, into: &common)  // UTF-8 names
            le16(deflate && !member.isDirectory ? 8 : 0, into: &common)
            le16(time, into: &common)
            le16(date, into: &common)
            le32(crc, into: &common)
            le32(UInt32(packed.count), into: &common)
            le32(UInt32(member.bytes.count), into: &common)
            le16(name.count, into: &common)
            le16(0, into: &common)
            le32(0x0403_4B50, into: &out)
            out += common + name + packed
            le32(0x0201_4B50, into: &directory)
            le16(0x031E, into: &directory)  // made by Unix, 3.0
            directory += common
            le16(0, into: &directory)  // comment
            le16(0, into: &directory)  // disk
            le16(0, into: &directory)  // internal attributes
            le32((member.isDirectory ? 0o040755 : 0o100644) << 16, into: &directory)
            le32(offset, into: &directory)
            directory += name
        }
        let start = UInt32(out.count)
        out += directory
        le32(0x0605_4B50, into: &out)
        le16(0, into: &out)
        le16(0, into: &out)
        le16(members.count, into: &out)
        le16(members.count, into: &out)
        le32(UInt32(directory.count), into: &out)
        le32(start, into: &out)
        le16(0, into: &out)
        return out
    }

    static func deflateRaw(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard zt_deflate_init_raw(&stream) == Z_OK else { return input }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 16)
        var source = input
        let written: Int = source.withUnsafeMutableBufferPointer { from in
            output.withUnsafeMutableBufferPointer { to in
                stream.next_in = from.baseAddress
                stream.avail_in = UInt32(from.count)
                stream.next_out = to.baseAddress
                stream.avail_out = UInt32(to.count)
                _ = CZlib.deflate(&stream, Z_FINISH)
                return Int(stream.total_out)
            }
        }
        return Array(output.prefix(written))
    }
}
