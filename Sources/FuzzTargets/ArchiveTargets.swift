import Foundation
import ZenodoKit

/// Archives read from outside (issue 31).
enum ArchiveTargets {
    /// Any bytes as a whole ZIP file: its end record and directory are read with the bounds a
    /// remote reader uses; whatever is listed has a name, sizes that fit the file, and a name
    /// marked safe only if it cannot leave a destination (no `..` part, not absolute, no
    /// backslash, no control character).
    static func zip(_ data: Data) {
        let bytes = Array(data.prefix(FuzzTarget.maxInput))
        let size = Int64(bytes.count)
        var limits = ZipCentralDirectory.Limits()
        limits.maxEntries = 10_000
        let tail = Array(bytes.suffix(Int(min(size, ZipCentralDirectory.tailLength))))
        guard let lookup = try? ZipCentralDirectory.end(tail: tail, fileSize: size, limits: limits) else { return }
        let end: ZipEnd
        switch lookup {
        case .found(let found): end = found
        case .zip64Record(let at):
            guard at >= 0, at < size,
                let found = try? ZipCentralDirectory.zip64End(Array(bytes[Int(at)...]), fileSize: size, limits: limits)
            else { return }
            end = found
        }
        require(end.directoryOffset + end.directorySize <= size, "a directory past the file was accepted")
        let directory = Array(bytes[Int(end.directoryOffset)..<Int(end.directoryOffset + end.directorySize)])
        guard let entries = try? ZipCentralDirectory.entries(directory, end: end, fileSize: size) else { return }
        require(entries.count == end.entries, "listed \(entries.count) of \(end.entries)")
        for entry in entries {
            require(entry.localHeaderOffset + 30 + entry.compressedSize <= size, "\(entry.name) runs past the file")
            if entry.unsafeName == nil {
                // By bytes: a combining mark after a slash must not hide a `..`.
                let parts = entry.name.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
                require(
                    !parts.contains { Array($0) == [0x2E, 0x2E] },
                    "\(entry.name.debugDescription) climbs out but is marked safe")
                require(!entry.name.hasPrefix("/"), "\(entry.name.debugDescription) is absolute but marked safe")
                require(
                    !entry.name.unicodeScalars.contains { $0.value < 0x20 || $0 == "\\" },
                    "\(entry.name.debugDescription) is marked safe")
            }
        }
    }

    /// Any bytes as a member's deflated (or stored) data, with sizes and a CRC taken from the
    /// first bytes: the reader never gives more content than the directory says, and what it
    /// accepts has exactly that size and CRC-32.
    static func member(_ data: Data) {
        let bytes = Array(data.prefix(FuzzTarget.maxInput))
        guard bytes.count >= 9 else { return }
        let declared = Int64(bytes[0]) << 8 | Int64(bytes[1])
        let crc = UInt32(bytes[2]) | UInt32(bytes[3]) << 8 | UInt32(bytes[4]) << 16 | UInt32(bytes[5]) << 24
        let method: UInt16 = bytes[6] & 1 == 0 ? 8 : 0
        let payload = Array(bytes[9...])
        let entry = ZipEntry(
            name: "m", isDirectory: false, method: method, crc32: crc, compressedSize: Int64(payload.count),
            size: method == 0 ? Int64(payload.count) : declared, localHeaderOffset: 0, modified: nil, unsafeName: nil,
            encrypted: false)
        guard let decoder = try? ZipMemberReading.decoder(entry) else { return }
        var total: Int64 = 0
        let split = Int(bytes[7]) % max(payload.count, 1)
        do {
            for piece in [Array(payload[..<split]), Array(payload[split...])] {
                try decoder.feed(piece) { total += Int64($0.count) }
                require(total <= entry.size, "gave \(total) bytes past the declared \(entry.size)")
            }
            try decoder.finish()
            require(total == entry.size, "accepted \(total) bytes for \(entry.size)")
        } catch {}
    }
}
