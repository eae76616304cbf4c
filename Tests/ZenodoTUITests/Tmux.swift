import Foundation
import TestScratch

#if canImport(Glibc)
    import Glibc
#endif

/// A private tmux server running the real binary: send keys, read the screen, wait for text with
/// a deadline (never a blind sleep).
final class Tmux: @unchecked Sendable {
    let socket = "zt-\(UUID().uuidString.prefix(8))"

    /// The environment tmux runs with: this process's, with the servers' sockets under the test
    /// process's scratch directory (tmux leaves them behind), so that a run leaves nothing in /tmp.
    /// Built once and passed to posix_spawn: changing this process's environment while other tests
    /// spawn processes would race with them.
    private static let environment: [String] = {
        let inherited = ProcessInfo.processInfo.environment.filter { $0.key != "TMUX_TMPDIR" }.map {
            "\($0.key)=\($0.value)"
        }
        return inherited + ["TMUX_TMPDIR=\(TestScratch.root.path)"]
    }()

    static var binary: String { Binary.url.path }

    /// Runs a tmux command and returns its output. The command that starts the server gets no
    /// pipes: the server would inherit them and reading to the end would never finish.
    @discardableResult
    func run(_ arguments: [String], capture: Bool = true) async throws -> String {
        // On a thread of its own: waiting for a process must not block the cooperative pool.
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.runBlocking(arguments, capture: capture) })
            }
        }
    }

    /// posix_spawn and waitpid, output through a temporary file: Foundation's `Process` waits for
    /// a descriptor that the daemonised tmux server inherits, and would never see the client exit.
    private func runBlocking(_ arguments: [String], capture: Bool) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(
            &actions, 1, capture ? output.path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // No other descriptor may leak into the tmux server, which lives on: it would keep this
        // process's sockets (the in-process servers' connections) open.
        _ = spawnCloseFrom(&actions, 3)
        let argv = (["/usr/bin/tmux", "-L", socket] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // The test process blocks or handles signals (the in-process servers do); a spawned tmux
        // would inherit a blocked SIGTERM, and its kill-server (a SIGTERM to itself) would never
        // arrive: the server, and the interface in it, lived on after every test.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGPIPE, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let envp = Self.environment.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }
        guard posix_spawn(&pid, "/usr/bin/tmux", &actions, &attributes, argv, envp) == 0 else {
            throw TmuxTimeout(what: "tmux to start", screen: "")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return capture ? ((try? String(contentsOf: output, encoding: .utf8)) ?? "") : ""
    }

    /// Starts `command` in a detached session; the shell prints `EXITED <code>` and `stty -a`
    /// after it, so tests can check how it ended and that the terminal was restored.
    func start(_ command: String, environment: [String: String], width: Int = 100, height: Int = 30) async throws {
        var args = ["-f", "/dev/null", "new-session", "-d", "-s", "S", "-x", "\(width)", "-y", "\(height)"]
        for (key, value) in environment.merging(
            ["LANG": "C.UTF-8", "TERM": "xterm-256color"], uniquingKeysWith: { a, _ in a })
        {
            args += ["-e", "\(key)=\(value)"]
        }
        args.append("\(command); echo EXITED $?; stty -a; sleep 600")
        try await run(args, capture: false)
        try await run(["set-option", "-g", "set-clipboard", "on"])
    }

    func type(_ text: String) async throws { try await run(["send-keys", "-t", "S", "-l", text]) }
    /// Writes bytes to the program in one write, as a paste arrives (tmux's `send-keys` sends key
    /// by key, so the program may read between them).
    func paste(_ bytes: [UInt8]) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zt-paste-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try await run(["load-buffer", "-b", "zt-paste", file.path])
        try await run(["paste-buffer", "-d", "-b", "zt-paste", "-t", "S"])
    }
    func screen() async throws -> String { try await run(["capture-pane", "-p", "-t", "S"]) }
    func display(_ format: String) async throws -> String {
        try await run(["display", "-p", "-t", "S", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    func resize(width: Int, height: Int) async throws {
        try await run(["resize-window", "-t", "S", "-x", "\(width)", "-y", "\(height)"])
    }

    /// The pid of the program running in the pane (the shell's child).
    func appPID() async throws -> Int32? {
        guard let shell = Int32(try await display("#{pane_pid}")) else { return nil }
        // The shell's child, from /proc (no extra processes).
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// Waits until the screen satisfies `condition`, polling; returns the last screen. (The waits
    /// of flows are `FlowDriver`'s, which come here.) A frame is written top to bottom and a
    /// capture can fall between two of its writes: wait for the frame's last line (a question,
    /// the status line) before reading what is above it.
    func waitForScreen(_ what: String, timeout: Double, _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try await screen()
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TmuxTimeout(what: what, screen: last)
    }

    /// Ends the session (its pane gets SIGHUP, as when a terminal closes) and the server.
    func stop() {
        _ = try? runBlocking(["kill-session", "-t", "S"], capture: false)
        _ = try? runBlocking(["kill-server"], capture: false)
    }
}

struct TmuxTimeout: Error, CustomStringConvertible {
    var what: String
    var screen: String
    var description: String { "timed out waiting for \(what); screen was:\n\(screen)" }
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module hides.
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawnCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
