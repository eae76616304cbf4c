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
                let parts = entry.name.split(separator: "/", omittingEmptySubsequences: false)
                require(!parts.contains(".."), "\(entry.name.debugDescription) climbs out but is marked safe")
                require(!entry.name.hasPrefix("/"), "\(entry.name.debugDescription) is absolute but marked safe")
                require(
                    !entry.name.unicodeScalars.contains { $0.value < 0x20 || $0 == "\\" },
                    "\(entry.name.debugDescription) is marked safe")
            }
        }
    }
}
