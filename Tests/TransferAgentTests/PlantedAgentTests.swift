import Foundation
import TestScratch
import Testing
import ZenodoKit

@testable import TransferAgent

#if canImport(Glibc)
    import Glibc
#endif

/// Another local user who plants an agent where ours would be gets nothing (issue 26): the
/// client checks the directory and the socket before connecting and the listener's user after,
/// and says why in words; not a byte (so never a token) goes to the planted listener. Tests that
/// need a second user run as root (`chown`, `setpriv` to `nobody`) and say so otherwise.
@Suite(.serialized) struct PlantedAgentTests {
    static let nobody: uid_t = 65534

    /// A runtime directory `XDG_RUNTIME_DIR` points at, and the state directory beside it.
    static func environment(_ base: URL) -> [String: String] {
        [
            "XDG_RUNTIME_DIR": base.appendingPathComponent("run").path,
            "XDG_STATE_HOME": base.appendingPathComponent("state").path, "HOME": base.path,
        ]
    }

    static func client(_ base: URL) -> AgentClient {
        AgentClient(environment: environment(base), executable: "/nonexistent/zenodo-tui")
    }

    static func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// `XDG_RUNTIME_DIR` writable by everyone and not sticky: another user could swap our
    /// directory for theirs, so it is refused before anything is made or started.
    @Test func aRuntimeDirectoryOthersCanWriteIsRefused() throws {
        let base = try TestScratch.directory("planted")
        let run = base.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        chmod(run.path, 0o777)
        let said = Self.message { try Self.client(base).ensureRunning(deadline: 1) }
        #expect(said?.contains("can be written by others") == true, "\(said ?? "accepted")")
    }

    /// `XDG_RUNTIME_DIR` is a link into a directory another user owns: judged by where it
    /// leads, and refused before anything is made there.
    @Test func aRuntimeDirectoryThatLeadsIntoAnotherUsersDirectoryIsRefused() throws {
        guard geteuid() == 0 else {
            print("skipped: a directory of another user's needs root")
            return
        }
        let base = try TestScratch.directory("planted")
        let theirs = base.appendingPathComponent("theirs")
        try FileManager.default.createDirectory(at: theirs, withIntermediateDirectories: true)
        #expect(chown(theirs.path, Self.nobody, Self.nobody) == 0)
        try FileManager.default.createSymbolicLink(at: base.appendingPathComponent("run"), withDestinationURL: theirs)
        let said = Self.message { try Self.client(base).ensureRunning(deadline: 1) }
        #expect(said?.contains("belongs to another user (uid 65534)") == true, "\(said ?? "accepted")")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: theirs.path).isEmpty,
            "nothing was made in their directory")
    }

    /// A link planted at the agent directory's name: refused, and the directory it points at keeps
    /// its mode (today's code chmod'ed the link's target to 0700).
    @Test func aLinkPlantedAtTheAgentDirectoryIsNeitherUsedNorChmodded() throws {
        let base = try TestScratch.directory("planted")
        let run = base.appendingPathComponent("run")
        let victim = base.appendingPathComponent("victim")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: victim, withIntermediateDirectories: true)
        chmod(victim.path, 0o755)
        try FileManager.default.createSymbolicLink(
            at: run.appendingPathComponent("zenodo-tui"), withDestinationURL: victim)
        let said = Self.message { try AgentPaths(environment: Self.environment(base)).prepare() }
        #expect(said?.contains("symbolic link") == true, "\(said ?? "accepted")")
        var info = stat()
        #expect(
            stat(victim.path, &info) == 0 && info.st_mode & 0o777 == 0o755,
            "the target's mode is unchanged")
        let again = Self.message { try Self.client(base).ensureRunning(deadline: 1) }
        #expect(again?.contains("symbolic link") == true, "\(again ?? "accepted")")
    }

    /// A link planted at `agent.log`: the launcher refuses to write through it.
    @Test func aLinkPlantedAtTheAgentLogIsRefused() throws {
        let base = try TestScratch.directory("planted")
        let paths = AgentPaths(environment: Self.environment(base))
        try FileManager.default.createDirectory(
            at: paths.log.deletingLastPathComponent(), withIntermediateDirectories: true)
        let victim = base.appendingPathComponent("victim.txt")
        try Data("keep\n".utf8).write(to: victim)
        try FileManager.default.createSymbolicLink(at: paths.log, withDestinationURL: victim)
        let said = Self.message {
            try AgentLauncher.spawn(executable: "/bin/true", paths: paths, environment: [:])
        }
        #expect(said?.contains("symbolic link") == true, "\(said ?? "accepted")")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep\n")
    }

    /// Another user made `zenodo-tui/` first and listens in it (the listener here answers `ok`
    /// like an agent): the client refuses before connecting, and nothing reaches the listener.
    @Test func anAgentDirectoryOfAnotherUserIsRefusedBeforeConnecting() throws {
        guard geteuid() == 0 else {
            print("skipped: making a directory of another user's needs root")
            return
        }
        let base = try TestScratch.directory("planted")
        let paths = AgentPaths(environment: Self.environment(base))
        try FileManager.default.createDirectory(at: paths.directory, withIntermediateDirectories: true)
        chmod(paths.directory.path, 0o700)
        let listener = try Listener(path: paths.socket.path)
        defer { listener.stop() }
        #expect(chown(paths.directory.path, Self.nobody, Self.nobody) == 0)
        #expect(lchown(paths.socket.path, Self.nobody, Self.nobody) == 0)
        let said = Self.message { try Self.client(base).ensureRunning(deadline: 1) }
        #expect(
            said?.contains("belongs to another user") == true,
            "\(said ?? "accepted: the token would have gone there")")
        #expect(listener.received == 0, "nothing was sent to the planted listener")
        #expect(!Self.client(base).isRunning)
    }

    /// The listener runs as another user, though the directory and the socket file look like ours
    /// (root could make them so; a race could too): `SO_PEERCRED` on the client's side refuses it
    /// after connecting, before a byte is sent.
    @Test(.timeLimit(.minutes(3)))
    func aListenerOfAnotherUserIsRefusedAfterConnecting() throws {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
        else {
            print("skipped: a listener of another user's needs root, setpriv and /usr/bin/python3")
            return
        }
        // Directly under /tmp: the other user must reach it, whatever modes the scratch
        // directories above have been given by other tests.
        var template = Array("/tmp/zenodo-tui-planted-XXXXXX".utf8CString)
        let made = try #require(
            template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map {
                String(cString: $0)
            })
        let base = URL(fileURLWithPath: made)
        defer { try? FileManager.default.removeItem(at: base) }
        chmod(base.path, 0o755)
        let paths = AgentPaths(environment: Self.environment(base))
        try FileManager.default.createDirectory(at: paths.directory, withIntermediateDirectories: true)
        chmod(paths.directory.path, 0o777)  // for the other user to bind in; ours again below
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX)
            s.bind(sys.argv[1])
            s.listen(4)
            sys.stderr.write("listening\\n")
            sys.stderr.flush()
            while True:
                c, _ = s.accept()
                c.settimeout(2)
                try:
                    data = c.recv(65536)
                except Exception:
                    data = b""
                if data:
                    sys.stdout.write("received %d\\n" % len(data))
                    sys.stdout.flush()
                    c.sendall(b'{"type":"ok"}\\n')
                c.close()
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = [
            "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script,
            paths.socket.path,
        ]
        let output = Pipe()
        let ready = Pipe()
        process.standardOutput = output
        process.standardError = ready
        try process.run()
        // SIGKILL: the test process may hand its children SIGTERM ignored or blocked.
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // The socket file appears at bind(), before listen(): a connect in between is refused, so
        // wait for the listener to say it listens.
        var poller = pollfd(fd: ready.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
        #expect(poll(&poller, 1, 20_000) == 1, "the other user's listener is up")
        let line = ready.fileHandleForReading.availableData
        #expect(String(decoding: line, as: UTF8.self) == "listening\n")
        var info = stat()
        #expect(lstat(paths.socket.path, &info) == 0, "the other user's listener is up")
        chmod(paths.directory.path, 0o700)
        #expect(lchown(paths.socket.path, 0, 0) == 0)
        let said = Self.message { try Self.client(base).ensureRunning(deadline: 1) }
        #expect(
            said?.contains("uid 65534") == true, "\(said ?? "accepted: the token would have gone there")")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let heard = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(heard.isEmpty, "the listener received nothing: \(heard)")
    }

    @Test func socketRules() {
        #expect(AgentPaths.socketProblem(mode: S_IFSOCK | 0o600, owner: 1000, ownUID: 1000) == nil)
        #expect(
            AgentPaths.socketProblem(mode: S_IFSOCK | 0o600, owner: 1001, ownUID: 1000)?.contains(
                "another user") == true)
        #expect(
            AgentPaths.socketProblem(mode: S_IFREG | 0o600, owner: 1000, ownUID: 1000)?.contains(
                "not a socket") == true)
    }
}

/// A Unix socket listener in this process that answers every line with `ok`, like an agent's
/// ping, and counts the bytes it received.
final class Listener: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var count = 0

    init(path: String) throws {
        fd = try LineSocket.listen(path: path)
        let fd = self.fd
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(fd, nil, nil)
                if connection < 0 { return }
                var buffer = [UInt8](repeating: 0, count: 65536)
                let n = recv(connection, &buffer, buffer.count, 0)
                if n > 0 {
                    lock.withLock { count += n }
                    _ = "{\"type\":\"ok\"}\n".withCString {
                        send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL))
                    }
                }
                close(connection)
            }
        }
    }

    var received: Int { lock.withLock { count } }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}
