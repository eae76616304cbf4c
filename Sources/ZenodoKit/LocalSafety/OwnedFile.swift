import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Opens a file to write that is certainly ours: never through a symbolic link at its name
/// (`O_NOFOLLOW`), created new where it should not exist (`O_EXCL`), and otherwise checked after
/// opening (`fstat` on the descriptor, so no race): a regular file, owned by this user, with one
/// name. On a shared machine another user who can write the directory (a group project folder,
/// `/tmp`) could otherwise plant a link there and have us overwrite whatever we can write.
public enum OwnedFile {
    public enum Mode: Sendable {
        /// A new file; an existing name (a file, a link, anything) is refused.
        case createNew
        /// A new file, or the existing regular file of ours at that name.
        case createOrOpen
        /// The existing regular file of ours at that name.
        case existing
    }

    /// A descriptor open for writing (`O_APPEND` with `append`), close-on-exec.
    public static func open(
        _ url: URL, _ mode: Mode, append: Bool = false, permissions: mode_t = 0o600, what: String
    ) throws(ZenodoError) -> Int32 {
        let path = url.path
        // O_NONBLOCK: a FIFO planted at the name must not block the open; fstat refuses it.
        let base = O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | (append ? O_APPEND : 0)
        var fd: Int32 = -1
        switch mode {
        case .createNew:
            fd = Glibc.open(path, base | O_CREAT | O_EXCL, permissions)
        case .createOrOpen:
            fd = Glibc.open(path, base | O_CREAT | O_EXCL, permissions)
            if fd < 0, errno == EEXIST { fd = Glibc.open(path, base) }
        case .existing:
            fd = Glibc.open(path, base)
        }
        guard fd >= 0 else { throw refusal(path, errno: errno, what: what) }
        if let problem = problem(of: fd) {
            Glibc.close(fd)
            throw ZenodoError(.localFile, "refusing to write \(what) \(path): \(problem)")
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
        return fd
    }

    /// Why an open descriptor is not a file of ours to write, or `nil`.
    static func problem(of fd: Int32) -> String? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return "cannot read its status" }
        return problem(
            mode: info.st_mode, owner: info.st_uid, links: UInt64(info.st_nlink), ownUID: geteuid())
    }

    /// Pure, so that it is tested without a second user.
    static func problem(mode: mode_t, owner: uid_t, links: UInt64, ownUID: uid_t) -> String? {
        guard mode & S_IFMT == S_IFREG else {
            return "it is not a regular file (a FIFO, socket, device or directory)"
        }
        guard owner == ownUID else { return "it belongs to another user (uid \(owner))" }
        guard links == 1 else { return "it has \(links) names (a hard link to another file)" }
        return nil
    }

    /// The words for a refused `open`.
    static func refusal(_ path: String, errno code: Int32, what: String) -> ZenodoError {
        switch code {
        case ELOOP:
            return ZenodoError(
                .localFile,
                "refusing to write \(what) \(path): it is a symbolic link (someone may have planted it)")
        case EEXIST:
            return ZenodoError(
                .localFile,
                "refusing to write \(what) \(path): something appeared at that name while it was being made"
            )
        case ENXIO:
            return ZenodoError(
                .localFile, "refusing to write \(what) \(path): it is a FIFO or socket, not a file")
        default:
            return ZenodoError(
                .localFile, "cannot write \(what) \(path): \(String(cString: strerror(code)))")
        }
    }

    /// Writes all of `bytes` to `fd`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}
