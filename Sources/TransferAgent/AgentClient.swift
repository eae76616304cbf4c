import EssentialsExtras
import FoundationEssentials
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// How front ends talk to the transfer agent: start it when needed, hand batches over, list them,
/// watch one, stop one. Every call opens its own connection.
public struct AgentClient: Sendable {
    public let paths: AgentPaths
    let environment: [String: String]
    let executable: String

    public init(environment: [String: String], executable: String? = nil) {
        paths = AgentPaths(environment: environment)
        self.environment = environment
        self.executable = executable ?? AgentLauncher.currentExecutable
    }

    /// Whether an agent of ours answers now (never starts one).
    public var isRunning: Bool { (try? ping()) == true }

    /// Whether an agent answers at the socket: `false` when none listens; throws in words when
    /// what listens, or where, is not certainly ours.
    func ping() throws -> Bool {
        guard let socket = try connect() else { return false }
        defer { socket.close() }
        guard socket.send(AgentProtocol.request("ping")) else { return false }
        guard let line = socket.readLine(), let answer = try? JSONValue.decode(line) else {
            return false
        }
        return answer["type"]?.string == "ok"
    }

    /// Starts the agent unless one answers, and waits (up to `deadline` seconds) until it does.
    /// A socket or directory that is not certainly ours is refused in words (the caller runs the
    /// batch in the foreground, or `--detach` fails): a token never goes to an unverified peer.
    public func ensureRunning(deadline: Double = 10) throws {
        if try ping() { return }
        try paths.prepare()
        try AgentLauncher.spawn(executable: executable, paths: paths, environment: environment)
        let until = Date().addingTimeInterval(deadline)
        while Date() < until {
            if try ping() { return }
            usleep(20_000)
        }
        throw AgentError(
            "the transfer agent did not start within \(Int(deadline)) s; see \(paths.log.path)")
    }

    /// A connection to an agent that is certainly ours: the directory and the socket are checked
    /// before connecting (`AgentPaths.verify`), and the listener's user after (`SO_PEERCRED`).
    /// `nil` when no agent listens.
    func connect() throws -> LineSocket? {
        guard try paths.verify() else { return nil }
        guard let socket = LineSocket.connect(path: paths.socket.path) else { return nil }
        let peer = socket.peerUID
        guard PeerCheck.allows(peerUID: peer, ownUID: geteuid()) else {
            socket.close()
            throw AgentError(
                "refusing to talk to the agent at \(paths.socket.path): it is run by \(peer.map { "uid \($0)" } ?? "an unknown user"), not by you; nothing was sent"
            )
        }
        return socket
    }

    /// Hands a batch to the agent (starting it if needed); returns the batch id.
    public func start(_ handover: Handover) throws -> String {
        try begin(AgentProtocol.request("start", ["handover": handover.json]))
    }

    /// Hands a download batch to the agent (starting it if needed); returns the batch id (its
    /// journal's). A batch the agent already runs is not started twice: its id comes back.
    public func fetch(_ handover: FetchHandover) throws -> String {
        try begin(AgentProtocol.request("fetch", ["fetch": handover.json]))
    }

    /// Sends a request that starts a batch and reads its id.
    private func begin(_ request: JSONValue) throws -> String {
        try ensureRunning()
        let answers: [JSONValue]
        do {
            answers = try self.request(request)
        } catch {
            // It was exiting as we asked (idle): start another and ask again, once.
            try ensureRunning()
            answers = try self.request(request)
        }
        guard let answer = answers.first else { throw AgentError("the background agent closed the connection") }
        if let message = answer["message"]?.string { throw ZenodoError(.refused, message) }
        guard let id = answer["batch"]?.string else { throw AgentError("the background agent gave no batch id") }
        return id
    }

    /// The agent's batches; empty when no agent runs.
    public func list() -> [BatchSummary] {
        guard let answer = try? request(AgentProtocol.request("list")).first else { return [] }
        return (answer["batches"]?.array ?? []).compactMap(BatchSummary.init(json:))
    }

    /// Stops a running batch; its journal stays, resumable. Returns the batch as it stopped.
    public func cancel(_ id: String) throws -> BatchSummary? {
        let answers = try request(AgentProtocol.request("cancel", ["batch": .string(id)]))
        if let message = answers.first?["message"]?.string { throw ZenodoError(.notFound, message) }
        return answers.first?["summary"].flatMap(BatchSummary.init(json:))
    }

    /// The batch's events: first the ones a new watcher needs to catch up, then live ones, ending
    /// after `.finished`. Ending the stream's consumer hangs up without stopping the batch.
    public func watch(_ id: String) throws -> AsyncThrowingStream<TransferEvent, any Error> {
        guard let socket = try connect() else {
            throw ZenodoError(.notFound, "no transfer agent is running")
        }
        guard socket.send(AgentProtocol.request("watch", ["batch": .string(id)])) else {
            throw AgentError("the transfer agent closed the connection")
        }
        return AsyncThrowingStream { continuation in
            PlainThread.detach {
                while let line = socket.readLine() {
                    guard let answer = try? JSONValue.decode(line) else { continue }
                    switch answer["type"]?.string {
                    case "event":
                        if let event = answer["event"].flatMap(TransferEvent.init(json:)) { continuation.yield(event) }
                    case "error":
                        continuation.finish(
                            throwing: ZenodoError(.notFound, answer["message"]?.string ?? "the agent refused"))
                        return
                    case "end":
                        continuation.finish()
                        return
                    default:
                        continue
                    }
                }
                continuation.finish(throwing: AgentError("the transfer agent went away"))
            }
            continuation.onTermination = { _ in socket.close() }
        }
    }

    /// One request, every answer line until the agent closes the connection.
    func request(_ value: JSONValue) throws -> [JSONValue] {
        guard let socket = try connect() else {
            throw AgentError("no transfer agent is running")
        }
        defer { socket.close() }
        guard socket.send(value) else { throw AgentError("the transfer agent closed the connection") }
        var answers: [JSONValue] = []
        while let line = socket.readLine() {
            if let answer = try? JSONValue.decode(line) { answers.append(answer) }
        }
        return answers
    }
}
