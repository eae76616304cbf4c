import EssentialsExtras
import FoundationEssentials
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// Starts the agent as a proper background process: `zenodo-tui agent` from this same executable,
/// in a session of its own (no controlling terminal, so no SIGHUP when the SSH session ends),
/// standard input from /dev/null, standard output and error appended to the agent's log, and an
/// environment without token variables (the token of each batch comes over the socket).
enum AgentLauncher {
    /// Variables never passed to the agent.
    static func scrubbed(_ environment: [String: String]) -> [String: String] {
        environment.filter { key, _ in !(key.hasPrefix("ZENODO") && key.hasSuffix("TOKEN")) }
    }

    static func spawn(executable: String, paths: AgentPaths, environment: [String: String]) throws {
        try PrivateDirectory.prepare(paths.log.deletingLastPathComponent(), what: "the state directory")
        // Opened here, not by name in the child: never through a link planted at its name.
        let log = try OwnedFile.open(paths.log, .createOrOpen, append: true, what: "the agent's log")
        defer { close(log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, log, 1)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours: an inherited pipe (a script's `$(zenodo-tui upload --detach …)`)
        // would stay open for as long as the agent lives, and the script would wait for it.
        _ = spawnCloseFrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc 2.26): setsid() in the child. Default signal handlers, none blocked.
        var defaults = sigset_t()
        sigfillset(&defaults)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(
            &attributes, Int16(Self.setsid | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)))
        let arguments = [executable, "agent"]
        let variables = scrubbed(environment).map { "\($0.key)=\($0.value)" }
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = variables.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
        guard result == 0 else {
            throw AgentError("cannot start the transfer agent (\(executable)): \(String(cString: strerror(result)))")
        }
        // Not waited for: it outlives us. Reaped by init once we are gone; a zombie until then
        // only if it exits first, which the next waitpid of ours (none) would clear. Reap it if
        // it does exit while we run.
        let child = pid
        PlainThread.detach {
            var status: Int32 = 0
            waitpid(child, &status, 0)
        }
    }

    /// glibc's `POSIX_SPAWN_SETSID` (0x80, since 2.26), which Swift's Glibc module does not export.
    static let setsid: Int32 = 0x80

    /// This process's executable.
    static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module hides.
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawnCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
