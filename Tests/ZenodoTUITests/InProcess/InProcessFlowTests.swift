import Foundation
import LocalZenodo
import TerminalKit
import TestScratch
import Testing
import ZenodoKit

@testable import TransferAgent
@testable import ZenodoTUI

#if canImport(Glibc)
    import Glibc
#endif

/// Flows of the interface run in-process (`InProcessApp`): the real loop, runner and client against
/// LocalZenodo, keys in and frames out, every wait a condition with a deadline.
@Suite struct InProcessFlowTests {
    static let token = FlowTests.token

    /// LocalZenodo with the demo data and this token: the flows' one server.
    static func server(_ flavor: Flavor = .production, containerAPI: Bool = true) async throws -> LocalZenodoServer {
        try await FlowTests.server(flavor: flavor, containerAPI: containerAPI)
    }

    /// The real agent behind a script that waits `seconds` first (and marks, in `started`, that
    /// it was launched: the hand-over is then under way); remove `directory` afterwards.
    static func lateAgent(seconds: Int, name: String) throws -> (directory: URL, script: URL, started: URL) {
        let directory = try TestScratch.directory(name)
        let script = directory.appendingPathComponent(name)
        let started = directory.appendingPathComponent("started")
        try Data("#!/bin/sh\ntouch '\(started.path)'\nsleep \(seconds)\nexec '\(Tmux.binary)' \"$@\"\n".utf8).write(
            to: script)
        chmod(script.path, 0o755)
        return (directory, script, started)
    }

    /// The real agent behind a script that waits until `go` exists (and marks, in `started`, that
    /// it was launched): the hand-over stays under way until the test lets it go.
    static func gatedAgent(name: String) throws -> (directory: URL, script: URL, go: URL) {
        let directory = try TestScratch.directory(name)
        let script = directory.appendingPathComponent(name)
        let go = directory.appendingPathComponent("go")
        try Data(
            "#!/bin/sh\nwhile [ ! -e '\(go.path)' ]; do sleep 0.05; done\nexec '\(Tmux.binary)' \"$@\"\n".utf8
        ).write(to: script)
        chmod(script.path, 0o755)
        return (directory, script, go)
    }

    /// From the list: search for the Yangtze record, open it, and ask for its file (`d`).
    static func downloadYangtze(_ app: InProcessApp) async throws {
        try await app.waitFor("Alpine glacier")
        app.press(.character("S"))
        try await app.waitFor("Search")
        app.type("Yangtze")
        try await app.waitFor("Yangtze river")
        app.press(.enter, .enter)
        try await app.waitFor("Files (")
        app.press(.character("d"))
        try await app.waitFor("Downloading 1 file(s)")
    }

    /// `n` (a new draft: its form opens), back to the draft, then `M`.
    static func newDraftThenMetadataOnly(_ app: InProcessApp) async throws {
        try await app.waitFor("Alpine glacier")
        app.press(.character("n"))
        try await app.waitFor("new draft's form") { $0.contains("Title") && $0.contains("Creators") }
        app.press(.escape)
        try await app.waitFor("No files yet")
        app.press(.character("M"))
    }

    @Test func searchTypedThenARecordOpenedWithItsFiles() async throws {
        let server = try await Self.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: Self.token)
        defer { app.abandon() }
        try await app.waitFor("Alpine glacier")
        app.press(.character("S"))
        try await app.waitFor("Search")
        app.type("river")
        try await app.waitFor("Yangtze river")
        app.press(.enter)
        app.press(.enter)
        let record = try await app.waitFor("Files (")
        #expect(record.contains("Versions"), "\(record)")
        #expect(try await app.quit() == 0)
    }

    @Test func aNewDraftMadeMetadataOnlyWhereTheServerAllowsIt() async throws {
        let server = try await Self.server(.inveniordm)
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: Self.token, api: .rdm)
        defer { app.abandon() }
        try await Self.newDraftThenMetadataOnly(app)
        let done = try await app.waitFor("Metadata-only: published without files")
        #expect(done.contains("is metadata-only"), "\(done)")
        #expect(try await app.quit() == 0)
    }

    /// Through the deposit API, `M` says at once that the API has no such thing (the backend's
    /// capabilities, not a request that fails).
    @Test func theDepositAPIHasNoMetadataOnlyRecordsAndMSaysSo() async throws {
        let server = try await Self.server(.production)
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: Self.token)
        defer { app.abandon() }
        let before = server.accessLog.all().count
        try await Self.newDraftThenMetadataOnly(app)
        try await app.waitFor("the deposit API has no metadata-only records")
        #expect(!server.accessLog.all().dropFirst(before).contains { $0.method == "PUT" }, "nothing was sent")
        #expect(try await app.quit() == 0)
    }

    @Test func zenodoRefusesMetadataOnlyAndTheScreenSaysWhy() async throws {
        let server = try await Self.server(.production)
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: Self.token, api: .rdm)
        defer { app.abandon() }
        try await Self.newDraftThenMetadataOnly(app)
        // The whole refusal in a box, which any key closes.
        let refused = try await app.waitFor(
            "Metadata-only failed", "does not allow metadata-only records", "Any key closes.")
        #expect(!refused.contains("Metadata-only: published without files"))
        app.press(.escape)
        try await app.waitFor("the box closed") { !$0.contains("Any key closes.") }
        #expect(try await app.quit() == 0)
    }
}

/// The loop never waits for I/O (issue 28, item 4): a download handed to an agent that does not
/// come up until the test lets it leaves the keys answered: were the loop waiting for the
/// hand-over, the help could not show before the agent is let go (no clock decides it).
@Suite struct LoopNeverWaitsTests {
    @Test func aKeyIsAnsweredWhileTheAgentIsStarting() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        // The real agent, held until `go`.
        let agent = try InProcessFlowTests.gatedAgent(name: "slow-agent")
        defer { try? FileManager.default.removeItem(at: agent.directory) }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token) { environment in
            AgentClient(environment: environment, executable: agent.script.path)
        }
        defer { app.abandon() }
        try await InProcessFlowTests.downloadYangtze(app)
        // The hand-over is under way, and stays so until `go`: a key now is answered all the same.
        let pressed = Date()
        app.press(.character("?"))
        try await app.waitFor("the help while the agent is held") { $0.contains("Any key closes this help.") }
        print("key to frame while the agent starts: \(Int(Date().timeIntervalSince(pressed) * 1000)) ms")
        app.press(.escape)
        FileManager.default.createFile(atPath: agent.go.path, contents: nil)
        // The agent came: the batch runs there and ends verified.
        let done: String
        do {
            done = try await app.waitFor("the file verified", within: 180) { $0.contains("✓ verified") }
        } catch {
            Issue.record("the agent's log:\n\(app.agentLog)")
            throw error
        }
        #expect(done.contains("✓ verified"))
        #expect(AgentClient(environment: app.environment).list().contains { $0.kind == .download })
        #expect(try await app.quit() == 0)
    }
}

/// What the agent runs is looked for off the loop (issue 28, item 4): an agent that accepts and
/// never answers (hung, or stopped with SIGSTOP) does not keep the first frame from coming. Before,
/// the loop asked it before its first frame, and waited for ever.
@Suite struct HungAgentAtStartTests {
    /// A socket of ours at the agent's address that takes connections and never answers.
    static func listenWithoutAnswering(at path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        let bound = withUnixAddress(path) { bind(fd, $0, $1) }
        chmod(path, 0o600)
        return bound == 0 && listen(fd, 16) == 0 ? fd : -1
    }

    @Test func theFirstFrameComesWhileTheAgentDoesNotAnswer() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let listener = Shared<Int32>(-1)
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token) { environment in
            let paths = AgentPaths(environment: environment)
            try? paths.prepare()
            listener.set(Self.listenWithoutAnswering(at: paths.socket.path))
            return AgentClient(environment: environment)
        }
        defer {
            close(listener.current)
            app.abandon()
        }
        #expect(listener.current >= 0)
        let started = Date()
        try await app.waitFor("the first frame", within: 30) { $0.contains("zenodo-tui") }
        print("first frame with a hung agent: \(Int(Date().timeIntervalSince(started) * 1000)) ms")
        // The list comes from the server meanwhile (slower when the whole suite shares the cores).
        try await app.waitFor("Alpine glacier", within: 60)
        print("the list with a hung agent: \(Int(Date().timeIntervalSince(started) * 1000)) ms")
        app.press(.character("?"))
        try await app.waitFor("the help", within: 30) { $0.contains("Show this help") }
    }
}

/// A stop is never lost (the flaky CI run of stop 36): `c` pressed while the batch is being handed
/// to an agent that takes a moment to start stops it in the agent, and the interface follows it to
/// its end, so that its file is seen to stop. Before, the batch was stopped there but no longer
/// followed: the screen kept it running.
@Suite struct StopDuringHandOverTests {
    @Test func cWhileTheAgentStartsStopsTheBatchThereAndShowsItStopped() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        // Each fetch of the content stalls, so that nothing ends before the stop.
        server.faults.add(
            FaultRule(method: "GET", path: "/api/records/*/files/*/content", times: 10, action: .stall, seconds: 30))
        // The real agent, which takes a second to come up.
        let agent = try InProcessFlowTests.lateAgent(seconds: 1, name: "late-agent")
        defer { try? FileManager.default.removeItem(at: agent.directory) }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token) { environment in
            AgentClient(environment: environment, executable: agent.script.path)
        }
        defer { app.abandon() }
        try await InProcessFlowTests.downloadYangtze(app)
        #expect(await eventually(within: 60) { FileManager.default.fileExists(atPath: agent.started.path) })
        app.press(.character("c"))
        let stopped = try await app.waitFor("the file stopped") { $0.contains("✗ stopped; d resumes it") }
        #expect(!stopped.contains("✓ verified"))
        // The agent has it, stopped: it ran there, not here.
        #expect(
            AgentClient(environment: app.environment).list().contains { $0.kind == .download && $0.status != .running })
        server.faults.clear()
        #expect(try await app.quit() == 0)
    }
}

/// One download, one budget (issue 28, item 3): the command line, the interface and the agent
/// (both hand-overs, over the wire as the agent reads them) run a batch with the budget built once
/// from the same options (`SessionOptions` → `Session`): parallelism, both retry budgets, the
/// timeout, parts and verification. Before, the agent dropped the timeout, the requests' retries
/// and the checksum patience, and the interface built its transport without the API deadline.
@Suite struct DownloadBudgetTests {
    @Test func oneDownloadGetsOneBudgetFromEveryFrontEnd() throws {
        let state = try TestScratch.directory("budget")
        defer { try? FileManager.default.removeItem(at: state) }
        var options = SessionOptions(environment: [
            "ZENODO_SERVER": "http://127.0.0.1:9/api", "ZENODO_TOKEN": "budget-token", "ZENODO_RETRIES": "7",
            "ZENODO_TIMEOUT": "33",
            "ZENODO_TUI_BACKOFF_SCALE": "0.5", "ZENODO_TUI_PART_SIZE": "1048576", "ZENODO_TUI_PARALLEL_PARTS": "2",
            "XDG_STATE_HOME": state.path, "XDG_CONFIG_HOME": state.path,
        ])
        options.parallel = 3
        // `download` and `browse` both build this session from their flags.
        let session = try options.session()
        let commandLine = session.budget
        #expect(
            commandLine.retry.maxAttempts == 8 && commandLine.requestRetry.maxAttempts == 8 && commandLine.timeout == 33
        )
        // The interface's runner, as `browse` builds it, and what it hands the agent.
        let transport = session.transport()
        defer { Task { await transport.shutdown() } }
        let client = session.client(session.profile, transport: transport)
        let runner = EffectRunner(
            client: client, journals: JournalStore(directory: state), inbox: Inbox(wake: {}), budget: session.budget,
            environment: session.environment)
        let store = DownloadJournalStore(directory: state)
        let journal = DownloadJournal(
            server: session.profile.apiURL, reference: "record 1", destination: state.path, entries: [])
        let fetch = try FetchHandover(
            json: try JSONValue.decode(runner.fetchHandover(client, journal: journal, store: store).json.encoded()))
        // An upload's hand-over, as the interface and `upload --detach` make it.
        let batch = UploadBatch(
            depositionID: 1, bucketURL: "http://127.0.0.1:9/api/files/b", existing: [],
            journal: UploadJournal(server: session.profile.apiURL, depositionID: 1, files: []))
        let upload = try Handover(
            json: try JSONValue.decode(
                Handover(
                    profile: session.profile, credentials: session.credentials,
                    journals: JournalStore(directory: state),
                    options: session.budget, environment: session.environment, title: "t", batch: batch
                ).json.encoded()))
        for (front, budget) in [
            ("interface", runner.budget), ("agent's download", fetch.budget), ("agent's upload", upload.budget),
        ] {
            #expect(budget.summary == commandLine.summary, "\(front): \(budget.summary)\n    vs \(commandLine.summary)")
        }
        print("one budget: \(commandLine.summary)")
    }

    /// The agent honours the session's timeout: a record whose content stalls longer than
    /// `--timeout` fails there as it would in `download` (before, the agent used its own default
    /// and waited the stall out).
    @Test func theAgentCutsAStalledDownloadAtTheSessionsTimeout() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        server.faults.add(
            FaultRule(method: "GET", path: "/api/records/*/files/*/content", times: 3, action: .stall, seconds: 100))
        var budget = TransferBudget()
        budget.timeout = 2
        budget.retry = RetryPolicy(maxAttempts: 1)
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token, budget: budget) { environment in
            AgentClient(environment: environment, executable: Tmux.binary)
        }
        defer { app.abandon() }
        try await app.waitFor("Alpine glacier")
        app.press(.character("S"))
        try await app.waitFor("Search")
        app.type("Yangtze")
        try await app.waitFor("Yangtze river")
        app.press(.enter, .enter)
        try await app.waitFor("Files (")
        let started = Date()
        app.press(.character("d"))
        // Its end, whichever it is: one that verified (the stall waited out) is said at once.
        let failed = try await app.waitFor("the file's end") { $0.contains("✗") || $0.contains("✓") }
        let took = Date().timeIntervalSince(started)
        print("a stalled download failed in the agent after \(Int(took * 1000)) ms (timeout 2 s, stall 100 s)")
        #expect(!failed.contains("✓ verified"))
        // A busy machine starts the agent slowly; the stall only ends when the faults are cleared.
        #expect(took < 60, "the agent waited the stall out: \(took) s")
        #expect(AgentClient(environment: app.environment).list().contains { $0.kind == .download })
        server.faults.clear()
        #expect(try await app.quit() == 0)
    }
}
