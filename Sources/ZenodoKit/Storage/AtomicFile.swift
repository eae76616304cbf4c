import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a state file (a journal, the server memory) whole or not at all: into a new temporary
/// name beside it (created, never opened through a link, mode 0600), then `rename(2)`, so a crash
/// or a kill never leaves half a journal behind. The directory is made private (0700, ours).
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try PrivateDirectory.prepare(directory, what: "the state directory")
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let fd = try OwnedFile.open(temporary, .createNew, permissions: 0o600, what: "a state file")
        let written = OwnedFile.writeAll(fd, Array(data))
        let closed = close(fd) == 0
        guard written, closed, rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw ZenodoError(.configuration, "cannot write \(url.path)")
        }
    }
}
