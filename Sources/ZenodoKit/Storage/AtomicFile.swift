import Foundation

/// Writes a file whole or not at all: into a temporary name beside it, then `rename(2)`, so a
/// crash or a kill never leaves half a journal behind.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        try data.write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw ZenodoError(.configuration, "cannot write \(url.path)")
        }
    }
}
