import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a small file that a user or an earlier run left (`.zenodo.json`, `CITATION.cff`, a token
/// file, a journal) only if it is a regular file no larger than a limit: a directory, a FIFO (which
/// would block), a device (`/dev/zero`, endless), a symlink loop or a 1 GB file is refused in words
/// before a byte is read into memory.
public enum BoundedFile {
    public static func read(_ url: URL, limit: Int, what: String) throws(ZenodoError) -> Data {
        // Non-blocking, so that opening a FIFO does not wait for a writer; fstat decides.
        let fd = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "a loop of symbolic links" : String(cString: strerror(errno))
            throw ZenodoError(.localFile, "cannot read \(what) \(url.path): \(reason)")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ZenodoError(.localFile, "cannot read \(what) \(url.path)") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ZenodoError(.localFile, "\(what) \(url.path) is a directory, not a file")
        default: throw ZenodoError(.localFile, "\(what) \(url.path) is not a regular file (a FIFO, socket or device)")
        }
        guard Int(info.st_size) <= limit else {
            throw ZenodoError(.localFile, "\(what) \(url.path) is \(info.st_size) bytes; at most \(limit) are read")
        }
        var data = Data(count: Int(info.st_size))
        var filled = 0
        while filled < data.count {
            let n = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }  // shrank meanwhile: what is there
            filled += n
        }
        return data.prefix(filled)
    }
}
