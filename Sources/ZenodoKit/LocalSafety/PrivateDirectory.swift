import EssentialsExtras
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A directory only this user can change: where the agent's socket, the tokens, the journals and
/// the server memory live. Made with mode 0700 (each missing component), never through a link at
/// its own name, owned by us; an existing one that is ours but open to others is made private on
/// its descriptor (`fchmod`, never `chmod` by name, which follows a link planted meanwhile).
/// `checkAncestors` adds what ssh asks of a key's directories: every directory above is owned by
/// root or us and nobody else can rename entries in it (not writable by group or others, unless
/// sticky like `/tmp`), so nobody can swap our directory for theirs.
public enum PrivateDirectory {
    /// Makes `url` (and what is missing above it, 0700) and checks it; throws in words when it is
    /// a link, another user's, or (with `checkAncestors`) sits where others can swap it.
    public static func prepare(_ url: URL, what: String, checkAncestors: Bool = false)
        throws(ZenodoError)
    {
        // Nothing is made under a directory that is not safe: what exists above is judged first.
        if checkAncestors { try Self.checkAncestors(of: url, what: what) }
        try make(url, what: what)
        let fd = Glibc.open(url.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            var info = stat()
            // O_DIRECTORY|O_NOFOLLOW on a link says ENOTDIR: name the link as such.
            let isLink = lstat(url.path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
            throw refusal(url.path, errno: isLink ? ELOOP : code, what: what)
        }
        defer { Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw ZenodoError(.configuration, "cannot read \(what) \(url.path)")
        }
        // A shared directory (sticky, as /tmp) is never ours to close: root running zenodo-tui
        // would otherwise lock every other user out of /tmp. Refused in words instead.
        if info.st_mode & S_ISVTX != 0 {
            throw ZenodoError(
                .configuration,
                "\(what) \(url.path) is a shared directory (sticky, mode \(String(info.st_mode & 0o7777, radix: 8))); refusing to keep private files directly in it: set the XDG directory to a private place"
            )
        }
        if info.st_uid == geteuid(), info.st_mode & 0o077 != 0 {
            _ = fchmod(fd, 0o700)
            guard fstat(fd, &info) == 0 else {
                throw ZenodoError(.configuration, "cannot read \(what) \(url.path)")
            }
        }
        if let problem = problem(owner: info.st_uid, mode: info.st_mode, ownUID: geteuid()) {
            throw ZenodoError(.configuration, "\(what) \(url.path) \(problem)")
        }
    }

    /// Checks an existing directory without changing it: `nil` when it does not exist.
    /// Throws in words when it exists but may not be trusted.
    public static func verify(_ url: URL, what: String, checkAncestors: Bool = true)
        throws(ZenodoError) -> Bool
    {
        var info = stat()
        guard lstat(url.path, &info) == 0 else {
            if errno == ENOENT { return false }
            throw ZenodoError(
                .configuration, "cannot read \(what) \(url.path): \(String(cString: strerror(errno)))")
        }
        if info.st_mode & S_IFMT == S_IFLNK {
            throw ZenodoError(
                .configuration,
                "\(what) \(url.path) is a symbolic link; refusing to use it (someone may have planted it)")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw ZenodoError(
                .configuration, "\(what) \(url.path) is not a directory; refusing to use it")
        }
        if let problem = problem(owner: info.st_uid, mode: info.st_mode, ownUID: geteuid()) {
            throw ZenodoError(.configuration, "\(what) \(url.path) \(problem)")
        }
        if checkAncestors { try Self.checkAncestors(of: url, what: what) }
        return true
    }

    /// Why a directory may not hold our private files (pure, so it is tested without a second user).
    public static func problem(owner: uid_t, mode: mode_t, ownUID: uid_t) -> String? {
        if owner != ownUID { return "belongs to another user (uid \(owner)); refusing to use it" }
        if mode & 0o077 != 0 {
            return
                "is open to others (mode \(String(mode & 0o777, radix: 8))); make it private: chmod 700"
        }
        return nil
    }

    /// Why a directory above ours lets another user swap ours (pure).
    public static func ancestorProblem(owner: uid_t, mode: mode_t, ownUID: uid_t) -> String? {
        if owner != 0 && owner != ownUID { return "belongs to another user (uid \(owner))" }
        let sticky = mode & S_ISVTX != 0
        if mode & 0o022 != 0 && !sticky {
            return
                "can be written by others (mode \(String(mode & 0o7777, radix: 8))) and is not sticky, so they could replace what is in it"
        }
        return nil
    }

    /// Every directory above `url`, links resolved (a link to another user's directory is judged
    /// by where it leads).
    static func checkAncestors(of url: URL, what: String) throws(ZenodoError) {
        // The nearest directory above that exists (what is missing is made by us, 0700).
        var parent = url.deletingLastPathComponent().standardizedFileURL.path
        var exists = stat()
        while parent != "/", !parent.isEmpty, stat(parent, &exists) != 0 {
            parent = PathText.deletingLastComponent(parent)
        }
        guard let resolved = realpath(parent.isEmpty ? "/" : parent, nil) else {
            throw ZenodoError(.configuration, "cannot resolve the directories above \(what) \(url.path)")
        }
        var path = String(cString: resolved)
        free(resolved)
        while true {
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw ZenodoError(.configuration, "cannot read \(path), above \(what) \(url.path)")
            }
            if let problem = ancestorProblem(owner: info.st_uid, mode: info.st_mode, ownUID: geteuid()) {
                throw ZenodoError(
                    .configuration,
                    "refusing to use \(what) \(url.path): \(path), above it, \(problem); set the XDG directory to a private place"
                )
            }
            if path == "/" { break }
            path = PathText.deletingLastComponent(path)
            if path.isEmpty { path = "/" }
        }
    }

    /// Creates the missing components, each 0700, none through a link at the final name.
    private static func make(_ url: URL, what: String) throws(ZenodoError) {
        var missing: [String] = []
        var path = url.standardizedFileURL.path
        while !path.isEmpty, path != "/" {
            var info = stat()
            if lstat(path, &info) == 0 { break }
            missing.append(path)
            path = PathText.deletingLastComponent(path)
        }
        for component in missing.reversed() {
            if mkdir(component, 0o700) != 0, errno != EEXIST {
                throw ZenodoError(
                    .configuration,
                    "cannot create \(what) \(component): \(String(cString: strerror(errno))); point the XDG directory at a place you can write"
                )
            }
        }
    }

    static func refusal(_ path: String, errno code: Int32, what: String) -> ZenodoError {
        switch code {
        case ELOOP:
            return ZenodoError(
                .configuration,
                "\(what) \(path) is a symbolic link; refusing to use it (someone may have planted it)")
        case ENOTDIR:
            return ZenodoError(.configuration, "\(what) \(path) is not a directory; refusing to use it")
        default:
            return ZenodoError(
                .configuration, "cannot open \(what) \(path): \(String(cString: strerror(code)))")
        }
    }
}
