/// The bytes of a POSIX tar (ustar), member by member: a 512-byte header, preceded by a pax
/// extended header where a field does not fit (a name that cannot be split into ustar's prefix
/// and name, a link target over 100 bytes, a size of 8 GiB or more); the content padded to 512
/// bytes; two zero blocks at the end. Owner and group are 0 with no names; times whole seconds.
enum TarFormat {
    static let block = 512
    /// ustar's 11 octal digits of size: 8 GiB - 1.
    static let ustarSizeLimit: Int64 = 0o77777777777

    static func headerSize(_ member: PackMember) -> Int {
        let pax = paxRecords(member)
        return pax.isEmpty ? block : block + block + padded(pax.count)
    }

    static func header(_ member: PackMember) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(headerSize(member))
        let pax = paxRecords(member)
        if !pax.isEmpty {
            let leaf = member.name.pathNames().last.map(String.init) ?? "entry"
            let paxName = "PaxHeaders/" + String(decoding: Array(leaf.utf8.prefix(80)), as: UTF8.self)
            out += ustar(
                name: paxName, prefix: "", type: UInt8(ascii: "x"), mode: 0o644, size: Int64(pax.count),
                seconds: member.seconds, link: "")
            out += pax
            out += [UInt8](repeating: 0, count: padded(pax.count) - pax.count)
        }
        let (prefix, name) =
            split(member.name) ?? ("", String(decoding: Array(member.name.utf8.prefix(100)), as: UTF8.self))
        let type: UInt8
        switch member.kind {
        case .file: type = UInt8(ascii: "0")
        case .directory: type = UInt8(ascii: "5")
        case .link: type = UInt8(ascii: "2")
        }
        let link = member.linkTarget.map { String(decoding: Array($0.utf8.prefix(100)), as: UTF8.self) } ?? ""
        out += ustar(
            name: name, prefix: prefix, type: type, mode: member.mode,
            size: member.kind == .file ? min(member.size, ustarSizeLimit) : 0, seconds: member.seconds, link: link)
        return out
    }

    /// The zeros after a member's content, up to the next block.
    static func paddingSize(_ member: PackMember) -> Int {
        member.kind == .file ? padded(Int(member.size % Int64(block))) - Int(member.size % Int64(block)) : 0
    }

    static let endSize = 2 * block

    static func padded(_ count: Int) -> Int { (count + block - 1) / block * block }

    /// ustar's prefix and name for a path: the name as it is if it fits, else split at a `/` so
    /// that the prefix is at most 155 bytes and the rest at most 100; nil if it cannot be.
    static func split(_ path: String) -> (prefix: String, name: String)? {
        let bytes = Array(path.utf8)
        if bytes.count <= 100 { return ("", path) }
        // A directory's trailing slash stays with the name.
        let searchEnd = bytes.last == UInt8(ascii: "/") ? bytes.count - 1 : bytes.count
        for index in stride(from: min(searchEnd - 1, 155), through: 1, by: -1) where bytes[index] == UInt8(ascii: "/") {
            let rest = bytes.count - index - 1
            guard rest <= 100, rest > 0 else { continue }
            return (
                String(decoding: bytes[..<index], as: UTF8.self), String(decoding: bytes[(index + 1)...], as: UTF8.self)
            )
        }
        return nil
    }

    /// The pax records a member needs (empty when ustar holds it all).
    static func paxRecords(_ member: PackMember) -> [UInt8] {
        var records: [UInt8] = []
        if split(member.name) == nil { records += record("path", member.name) }
        if let target = member.linkTarget, target.utf8.count > 100 { records += record("linkpath", target) }
        if member.kind == .file, member.size > ustarSizeLimit { records += record("size", String(member.size)) }
        return records
    }

    /// `"%d %s=%s\n"`, the length counting its own digits.
    static func record(_ key: String, _ value: String) -> [UInt8] {
        let body = " \(key)=\(value)\n".utf8.count
        var length = body + 1
        while String(length).utf8.count + body != length { length = String(length).utf8.count + body }
        return Array("\(length) \(key)=\(value)\n".utf8)
    }

    private static func ustar(
        name: String, prefix: String, type: UInt8, mode: UInt32, size: Int64, seconds: Int64, link: String
    ) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: block)
        func put(_ text: [UInt8], at offset: Int, width: Int) {
            for (index, byte) in text.prefix(width).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int64, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            let text = String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
            put(Array(text.utf8), at: offset, width: width - 1)
        }
        put(Array(name.utf8), at: 0, width: 100)
        octal(Int64(mode), at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(max(0, min(seconds, 0o77777777777)), at: 136, width: 12)
        put(Array("        ".utf8), at: 148, width: 8)
        header[156] = type
        put(Array(link.utf8), at: 157, width: 100)
        put(Array("ustar\0".utf8), at: 257, width: 6)
        put(Array("00".utf8), at: 263, width: 2)
        octal(0, at: 329, width: 8)
        octal(0, at: 337, width: 8)
        put(Array(prefix.utf8), at: 345, width: 155)
        let sum = header.reduce(0) { $0 + Int($1) }
        let digits = String(sum, radix: 8)
        put(Array((String(repeating: "0", count: max(0, 6 - digits.count)) + digits).utf8), at: 148, width: 6)
        header[154] = 0
        header[155] = UInt8(ascii: " ")
        return header
    }
}
