import FoundationEssentials
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// Where the transfer agent listens, locks and logs. The socket lives in `$XDG_RUNTIME_DIR/zenodo-tui`
/// (a per-user tmpfs on most systems), else in `$XDG_STATE_HOME/zenodo-tui/agent`; either way in a
/// directory of mode 0700 owned by the user. The log is `$XDG_STATE_HOME/zenodo-tui/agent.log`.
public struct AgentPaths: Sendable, Equatable {
    public var directory: URL
    public var log: URL

    public init(environment: [String: String]) {
        let state = ConfigDirectories(environment: environment).state
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            directory = URL(fileURLWithPath: runtime).appendingPathComponent("zenodo-tui")
        } else {
            directory = state.appendingPathComponent("agent")
        }
        log = state.appendingPathComponent("agent.log")
    }

    public var socket: URL { directory.appendingPathComponent("agent.sock") }
    /// Held by the one agent that serves this directory.
    var lock: URL { directory.appendingPathComponent("agent.lock") }

    /// Creates the directory 0700, or checks that an existing one is the user's and makes it
    /// private (it may be the state directory, made by other code with the default mode): never
    /// through a link at its name, the mode changed on its descriptor, and no directory above it
    /// that another user could swap it in. The log's directory too.
    public func prepare() throws {
        try PrivateDirectory.prepare(log.deletingLastPathComponent(), what: "the state directory")
        try PrivateDirectory.prepare(directory, what: "the agent's directory", checkAncestors: true)
    }

    /// Before a connection: whether an agent could be listening here (false when the directory
    /// does not exist), and throws in words when the directory or the socket is not certainly
    /// ours (a link, another user's, open to others, under a directory others can write, a
    /// socket of another user's): no request, and so no token, goes there.
    public func verify() throws -> Bool {
        guard try PrivateDirectory.verify(directory, what: "the agent's directory") else {
            return false
        }
        var info = stat()
        guard lstat(socket.path, &info) == 0 else { return false }
        if let problem = Self.socketProblem(mode: info.st_mode, owner: info.st_uid, ownUID: geteuid()) {
            throw AgentError("refusing to talk to the agent at \(socket.path): \(problem)")
        }
        return true
    }

    /// Why a socket path may not be the agent's (pure).
    static func socketProblem(mode: mode_t, owner: uid_t, ownUID: uid_t) -> String? {
        guard mode & S_IFMT == S_IFSOCK else { return "it is not a socket" }
        guard owner == ownUID else { return "it belongs to another user (uid \(owner))" }
        return nil
    }

    /// Why a socket directory may not be used (pure, so it is tested without a second user).
    static func problem(ownerUID: uid_t, mode: mode_t, ownUID: uid_t) -> String? {
        PrivateDirectory.problem(owner: ownerUID, mode: mode, ownUID: ownUID)
    }
}

/// Who may talk to the agent: only the user it runs as (checked per connection with `SO_PEERCRED`).
enum PeerCheck {
    static func allows(peerUID: uid_t?, ownUID: uid_t) -> Bool {
        guard let peerUID else { return false }
        return peerUID == ownUID
    }
}
