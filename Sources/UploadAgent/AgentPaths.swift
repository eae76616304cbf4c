import Foundation
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// Where the upload agent listens, locks and logs. The socket lives in `$XDG_RUNTIME_DIR/zenodo-tui`
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
    /// private (it may be the state directory, made by other code with the default mode).
    public func prepare() throws {
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var info = stat()
        guard stat(directory.path, &info) == 0 else { throw AgentError("cannot read \(directory.path)") }
        if info.st_uid == getuid(), info.st_mode & 0o077 != 0 {
            chmod(directory.path, 0o700)
            guard stat(directory.path, &info) == 0 else { throw AgentError("cannot read \(directory.path)") }
        }
        if let problem = Self.problem(ownerUID: info.st_uid, mode: info.st_mode, ownUID: getuid()) {
            throw AgentError("\(directory.path) \(problem)")
        }
    }

    /// Why a socket directory may not be used (pure, so it is tested without a second user).
    static func problem(ownerUID: uid_t, mode: mode_t, ownUID: uid_t) -> String? {
        if ownerUID != ownUID { return "belongs to another user (uid \(ownerUID)); refusing to use it" }
        if mode & 0o077 != 0 {
            return "is open to others (mode \(String(mode & 0o777, radix: 8))); make it private: chmod 700"
        }
        return nil
    }
}

/// Who may talk to the agent: only the user it runs as (checked per connection with `SO_PEERCRED`).
enum PeerCheck {
    static func allows(peerUID: uid_t?, ownUID: uid_t) -> Bool {
        guard let peerUID else { return false }
        return peerUID == ownUID
    }
}
