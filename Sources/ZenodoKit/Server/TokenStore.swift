import EssentialsExtras
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Token files, one per server, under the config directory: `tokens/<server>` with mode 0600 in a
/// 0700 directory. A file others can read is refused, as ssh refuses a private key.
public struct TokenStore: Sendable {
    public var directories: ConfigDirectories

    public init(directories: ConfigDirectories) { self.directories = directories }

    public func url(for profile: ServerProfile) -> URL {
        directories.config.appendingPathComponent("tokens").appendingPathComponent(profile.storageKey)
    }

    /// The stored token, `nil` when there is none; throws when the file is too open or unreadable.
    public func read(for profile: ServerProfile) throws(ZenodoError) -> String? {
        let path = url(for: profile).path
        var info = stat()
        guard stat(path, &info) == 0 else {
            // A link to nothing is a mistake to name, not the absence of a token.
            var link = stat()
            if lstat(path, &link) == 0, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                throw ZenodoError(
                    .configuration, "the token file '\(path)' is a symbolic link to '\(target)', which does not exist")
            }
            return nil
        }
        // A directory, a FIFO or a huge file is said as such (not as "too open" or a hang).
        let data = try BoundedFile.read(URL(fileURLWithPath: path), limit: 64 * 1024, what: "the token file")
        if let problem = Self.ownerProblem(
            fileOwner: info.st_uid, directory: url(for: profile).deletingLastPathComponent())
        {
            throw ZenodoError(.configuration, "the token file '\(path)' is refused: \(problem)")
        }
        let mode = info.st_mode & 0o777
        if mode & 0o077 != 0 {
            throw ZenodoError(
                .configuration,
                "Permissions \(String(cFormat: "%04o", mode)) for '\(path)' are too open: a token file must not be readable by others. Fix it with: chmod 600 '\(path)'"
            )
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ZenodoError(.configuration, "the token file '\(path)' is not text")
        }
        let token = text.trimming(.whitespacesAndNewlines)
        return token.isEmpty ? nil : token
    }

    /// Writes the token with mode 0600 (created with that mode, never briefly world-readable).
    public func write(_ token: String, for profile: ServerProfile) throws(ZenodoError) {
        let file = url(for: profile)
        let directory = file.deletingLastPathComponent()
        try PrivateDirectory.prepare(directory.deletingLastPathComponent(), what: "the config directory")
        try PrivateDirectory.prepare(directory, what: "the tokens directory")
        // A new name each time, created (never opened through a link), 0600 from the start.
        let temporary = directory.appendingPathComponent(".\(profile.storageKey).\(UUID().uuidString).tmp")
        let fd = try OwnedFile.open(temporary, .createNew, permissions: 0o600, what: "the token file")
        let written = OwnedFile.writeAll(fd, Array((token + "\n").utf8))
        fchmod(fd, 0o600)
        close(fd)
        guard written, rename(temporary.path, file.path) == 0 else {
            unlink(temporary.path)
            throw ZenodoError(.configuration, "cannot write '\(file.path)'")
        }
    }

    /// Why a token file may not be trusted, as ssh refuses a key: the file is another user's, or
    /// its directory is another user's or writable by others (who could swap the file).
    static func ownerProblem(fileOwner: uid_t, directory: URL) -> String? {
        if fileOwner != geteuid() { return "it belongs to another user (uid \(fileOwner)), who could change it" }
        var info = stat()
        guard stat(directory.path, &info) == 0 else { return nil }
        if info.st_uid != geteuid() {
            return "its directory \(directory.path) belongs to another user (uid \(info.st_uid))"
        }
        if info.st_mode & 0o022 != 0 {
            return
                "its directory \(directory.path) can be written by others (mode \(String(info.st_mode & 0o777, radix: 8))): fix it with chmod 700 '\(directory.path)'"
        }
        return nil
    }

    /// Removes the stored token; `false` when there was none.
    @discardableResult
    public func remove(for profile: ServerProfile) -> Bool {
        unlink(url(for: profile).path) == 0
    }
}

/// The token to use and where it came from.
public struct Credentials: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case environment(String)
        case file(String)
        case explicit

        public var description: String {
            switch self {
            case .environment(let name): return "environment variable \(name)"
            case .file(let path): return "token file \(path)"
            case .explicit: return "given by the caller"
            }
        }
    }

    public var token: String
    public var source: Source

    public init(token: String, source: Source) {
        self.token = token
        self.source = source
    }

    /// The first 4 characters and a mask: enough to tell tokens apart, useless to an onlooker.
    public var masked: String { String(token.prefix(4)) + "…" + "(\(token.count) characters)" }

    /// Where to look first: the environment variable for the server, else its token file.
    public static func resolve(
        profile: ServerProfile, environment: [String: String], store: TokenStore
    ) throws(ZenodoError) -> Credentials? {
        let variable = profile.tokenVariable
        if let token = environment[variable]?.trimming(.whitespacesAndNewlines), !token.isEmpty {
            return Credentials(token: token, source: .environment(variable))
        }
        if let token = try store.read(for: profile) {
            return Credentials(token: token, source: .file(store.url(for: profile).path))
        }
        return nil
    }

    /// What to tell a user whose token was refused: where this one came from.
    var hint: String {
        switch source {
        case .environment(let name): return name
        case .file(let path): return "the token in \(path)"
        case .explicit: return "the token"
        }
    }
}
