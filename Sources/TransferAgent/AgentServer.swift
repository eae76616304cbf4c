import Dispatch
import EssentialsExtras
import FoundationEssentials
import Synchronization
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// The upload agent: a background process that owns running batches, so that they outlive the
/// terminal that started them. It listens on a Unix socket that only its user can reach, runs each
/// handed-over batch with the upload engine (the same journals, the same events), streams the
/// events to watchers, and exits by itself once it has had no batch and no watcher for
/// `idleSeconds`.
public final class AgentServer: Sendable {
    public enum Ending: Sendable, Equatable {
        /// Served until idle.
        case idle
        /// Another agent already serves this directory.
        case alreadyRunning
    }

    let paths: AgentPaths
    let idleSeconds: Double
    private let batches = Mutex<[String: AgentBatch]>([:])
    private let connections = Mutex(0)
    private let lastActivity = Mutex(Date())

    public init(paths: AgentPaths, idleSeconds: Double) {
        self.paths = paths
        self.idleSeconds = idleSeconds
    }

    /// Serves until idle. Blocks the calling thread.
    public func run() throws -> Ending {
        try paths.prepare()
        let lockFD = try OwnedFile.open(paths.lock, .createOrOpen, what: "the agent's lock")
        defer { close(lockFD) }
        guard flock(lockFD, LOCK_EX | LOCK_NB) == 0 else { return .alreadyRunning }
        unlink(paths.socket.path)
        let listener = try LineSocket.listen(path: paths.socket.path)
        AgentLog.write("listening on \(paths.socket.path) (pid \(getpid()))")
        PlainThread.detach { [self] in acceptLoop(listener) }
        while !isIdle() { usleep(100_000) }
        // Stop taking connections before the socket goes, so no client talks to a closing agent.
        unlink(paths.socket.path)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        // A connection accepted just before may have started a batch: see it through.
        while batches.withLock({ $0.values.contains { $0.isRunning } }) || connections.withLock({ $0 }) > 0 {
            usleep(100_000)
        }
        AgentLog.write("idle for \(idleSeconds) s with no batch and no watcher: exiting")
        return .idle
    }

    private func isIdle() -> Bool {
        let busy = batches.withLock { $0.values.contains { $0.isRunning } } || connections.withLock { $0 } > 0
        if busy {
            touch()
            return false
        }
        return Date().timeIntervalSince(lastActivity.withLock { $0 }) >= idleSeconds
    }

    private func touch() { lastActivity.withLock { $0 = Date() } }

    private func acceptLoop(_ listener: Int32) {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            let socket = LineSocket(fd: fd)
            guard PeerCheck.allows(peerUID: socket.peerUID, ownUID: getuid()) else {
                AgentLog.write("refused a connection from uid \(socket.peerUID.map(String.init) ?? "unknown")")
                socket.close()
                continue
            }
            connections.withLock { $0 += 1 }
            touch()
            PlainThread.detach { [self] in
                serve(socket)
            }
        }
    }

    /// One connection: one request, its answers.
    private func serve(_ socket: LineSocket) {
        var keepsOpen = false
        defer {
            if !keepsOpen {
                socket.close()
                connectionEnded()
            }
        }
        guard let line = socket.readLine(), let request = try? JSONValue.decode(line) else { return }
        guard request["v"]?.int == AgentProtocol.version else {
            // There is no command to stop an agent of another protocol (it would not understand it):
            // say which process it is, so that it can be ended by hand.
            socket.send(
                AgentProtocol.error(
                    "the running agent (pid \(getpid())) speaks protocol \(AgentProtocol.version), another zenodo-tui's; "
                        + "it exits by itself when its transfers end, or end it with: kill \(getpid())"))
            return
        }
        switch request["op"]?.string {
        case "ping":
            socket.send(AgentProtocol.answer("ok", ["pid": .int(Int(getpid()))]))
        case "start":
            do {
                let id = try start(Handover(json: request["handover"] ?? .null))
                socket.send(AgentProtocol.answer("started", ["batch": .string(id)]))
            } catch {
                socket.send(AgentProtocol.error(String(describing: error)))
            }
        case "fetch":
            do {
                let id = try fetch(FetchHandover(json: request["fetch"] ?? .null))
                socket.send(AgentProtocol.answer("started", ["batch": .string(id)]))
            } catch {
                socket.send(AgentProtocol.error(String(describing: error)))
            }
        case "list":
            let summaries = batches.withLock { $0.values.map(\.summary) }.sorted { $0.created > $1.created }
            socket.send(AgentProtocol.answer("batches", ["batches": .array(summaries.map(\.json))]))
        case "watch":
            guard let batch = batch(request) else {
                let asked = request["batch"]?.string ?? ""
                AgentLog.write("refused to watch \(asked): this agent does not run it")
                socket.send(AgentProtocol.error("this agent runs no transfer \(asked)"))
                return
            }
            keepsOpen = true
            let outbox = Outbox(socket: socket)
            let written = DispatchSemaphore(value: 0)
            outbox.start {
                batch.unwatch(outbox)
                written.signal()
            }
            // A watcher that hangs up is noticed by this read returning, even while nothing is
            // sent; the writer's hang-up at the end returns it too. Then this thread closes.
            PlainThread.detach { [self] in
                while socket.readLine() != nil {}
                outbox.finish()
                written.wait()
                socket.close()
                connectionEnded()
            }
            batch.watch(outbox)
        case "cancel":
            guard let batch = batch(request) else {
                socket.send(AgentProtocol.error("this agent runs no transfer \(request["batch"]?.string ?? "")"))
                return
            }
            AgentLog.write("\(batch.kind.rawValue) \(batch.id): stop requested")
            if let task = batch.cancel() {
                let done = DispatchSemaphore(value: 0)
                Task.detached {
                    await task.value
                    done.signal()
                }
                done.wait()
            }
            socket.send(AgentProtocol.answer("ok", ["summary": batch.summary.json]))
        default:
            socket.send(AgentProtocol.error("unknown request"))
        }
    }

    private func connectionEnded() {
        connections.withLock { $0 -= 1 }
        touch()
    }

    private func batch(_ request: JSONValue) -> AgentBatch? {
        guard let id = request["batch"]?.string else { return nil }
        return batches.withLock { $0[id] }
    }

    /// Takes the batch's journal lock, then runs it with the credentials it came with.
    private func start(_ handover: Handover) throws -> String {
        let journals = handover.journals
        let journal = handover.batch.journal
        let lock = try JournalLock.acquire(journal.id, in: journals)
        // On disk before the answer: `uploads wait ID` may follow at once.
        try journals.save(journal)
        let (client, transport) = try Self.client(
            server: handover.server, api: handover.api, token: handover.token, proxies: handover.proxyEnvironment,
            budget: handover.budget, memory: handover.memory)
        let profile = client.profile
        let engine = UploadEngine(client: client, options: handover.budget, journals: journals)
        let batch = AgentBatch(handover: handover)
        batches.withLock { $0[batch.id] = batch }
        AgentLog.write(
            "upload \(batch.id): \(journal.entries.count) files into deposition \(batch.depositionID) on \(profile.displayName); "
                + handover.budget.summary
        )
        let task = Task.detached {
            let cpu = AgentLog.cpuSeconds()
            let result = await engine.run(handover.batch) { batch.record($0) }
            await transport.shutdown()
            lock.release()
            AgentLog.write(
                "upload \(batch.id): \(result.verified + result.skipped) of \(result.files) verified, \(result.failed) failed"
                    + (result.remaining > 0 ? ", stopped with \(result.remaining) left (resumable)" : "")
                    + String(cFormat: "; agent CPU %.2f s", AgentLog.cpuSeconds() - cpu))
        }
        batch.attach(task: task)
        return batch.id
    }
}

extension AgentServer {
    /// The client a hand-over's batch runs with, either direction: its server and API (read off
    /// the wire here, and only here; the client picks its backend from it), its token, the user's
    /// proxies and the budget's timeout and request retries.
    static func client(
        server: String, api: String, token: String?, proxies: [String: String], budget: TransferBudget,
        memory: ServerMemory?
    ) throws -> (ZenodoClient, HTTPTransport) {
        var profile = try ServerProfile(parsing: server)
        guard let api = ServerProfile.API(rawValue: api) else {
            throw AgentError("the hand-over names an API this agent does not speak (\(api))")
        }
        profile.api = api
        let transport = HTTPTransport(environment: proxies, forHost: profile.host, timeout: budget.timeout)
        let client = ZenodoClient(
            profile: profile, credentials: token.map { Credentials(token: $0, source: .explicit) },
            transport: transport, retry: budget.requestRetry, memory: memory)
        return (client, transport)
    }

    /// Runs a download batch from its journal with the credentials it came with; one already
    /// running is not started twice.
    fileprivate func fetch(_ handover: FetchHandover) throws -> String {
        if let running = batches.withLock({ $0[handover.journalID] }), running.isRunning { return running.id }
        let store = handover.store
        let journal = try store.load(handover.journalID)
        let (client, transport) = try Self.client(
            server: handover.server, api: handover.api, token: handover.token, proxies: handover.proxyEnvironment,
            budget: handover.budget, memory: handover.memory)
        let profile = client.profile
        guard journal.server == profile.apiURL else {
            Task { await transport.shutdown() }
            throw AgentError("the download batch is from another server")
        }
        let runner = DownloadRunner(
            client: client, store: store, parallel: handover.budget.parallel, retry: handover.budget.retry)
        let batch = AgentBatch(download: journal)
        batches.withLock { $0[batch.id] = batch }
        AgentLog.write(
            "download \(batch.id): \(journal.pending.count) files of \(journal.reference) from \(profile.displayName); "
                + handover.budget.summary)
        let task = Task.detached {
            let (_, progress) = await runner.run(journal) { batch.record($0) }
            await transport.shutdown()
            AgentLog.write(
                "download \(batch.id): \(progress.verified + progress.skipped) of \(progress.files) verified, \(progress.failed) failed"
            )
        }
        batch.attach(task: task)
        return batch.id
    }
}

/// The agent's log: its standard error, which the launcher points at `agent.log`. Batch ids,
/// deposition ids, hosts and counts; never a token or a file's content.
enum AgentLog {
    /// The process's user and system CPU time so far (read by `Benchmarks/upload.sh`).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func write(_ message: String) {
        let stamp = Date().formatted(.iso8601)
        PlainFileHandle.standardError.write(Data("\(stamp) \(message)\n".utf8))
    }
}
