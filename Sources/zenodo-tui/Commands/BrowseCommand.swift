import ArgumentParser
import CursesTerminal
import Foundation
import LocalZenodo
import TerminalKit
import TransferAgent
import ZenodoKit
import ZenodoTUI

/// `zenodo-tui` / `zenodo-tui browse`: the full-screen interface.
struct BrowseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse", abstract: "Open the full-screen interface (the default command).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let profile = try global.profile()
        let credentials = try Credentials.resolve(profile: profile, environment: global.environment, store: global.tokenStore)
        let problem =
            credentials == nil
            ? "No token for \(profile.displayName). Set \(profile.tokenVariable), or run: zenodo-tui auth login --server \(profile.kind == .custom ? profile.apiURL : profile.kind.rawValue) --with-token < token.txt. To look around without an account: zenodo-tui demo"
            : nil
        let code = try await UILauncher(
            profile: profile, credentials: credentials, environment: global.environment,
            journals: JournalStore(directories: ConfigDirectories(environment: global.environment)), setupProblem: problem,
            readOnly: global.isReadOnly, apiChoice: try global.apiChoice(),
            // Uploads go to the background agent unless ZENODO_TUI_NO_AGENT=1 keeps them in this process.
            background: global.environment["ZENODO_TUI_NO_AGENT"] != "1",
            retry: try global.retryPolicy(.standard), timeout: try global.timeoutSeconds(),
            // The transfer budget `upload`, `sync` and `download` get from the same options.
            transfer: global.uploadOptions(parallel: UploadOptions().parallel)
        ).run()
        if code != 0 { throw ExitCode(code) }
    }
}

/// `zenodo-tui demo`: LocalZenodo with the demo data on a free loopback port, and the interface on it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Try the interface offline: a local Zenodo with demo data, no account needed.")

    func run() async throws {
        var configuration = LocalZenodoConfiguration()
        configuration.port = 0
        configuration.seedDemo = true
        configuration.tokens = ["demo-token"]
        var logger = configuration.logger
        logger.logLevel = .critical
        configuration.logger = logger
        let server = try await LocalZenodoServer.start(configuration)
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("zenodo-tui-demo-\(getpid())")
        defer { try? FileManager.default.removeItem(at: state) }
        let code: Int32
        do {
            code = try await UILauncher(
                profile: try ServerProfile(parsing: server.apiURL), credentials: Credentials(token: "demo-token", source: .explicit),
                environment: ProcessInfo.processInfo.environment, journals: JournalStore(directory: state), setupProblem: nil
            ).run()
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        if code != 0 { throw ExitCode(code) }
    }
}

/// Checks the terminal, wires the client, runner and loop, and runs the loop on a thread of its own
/// (every curses call stays on that one thread; the async world keeps its threads).
struct UILauncher {
    var profile: ServerProfile
    var credentials: Credentials?
    var environment: [String: String]
    var journals: JournalStore
    var setupProblem: String?
    var readOnly = false
    /// `--api` (`nil`: auto, settled with the server before the first frame).
    var apiChoice: ServerProfile.API? = nil
    /// Hand uploads to the background agent (the demo keeps them in-process: its server ends with it).
    var background = false
    /// `--retries` and `--timeout`.
    var retry: RetryPolicy = .standard
    var timeout: Double? = nil
    /// How transfers go (parallelism, the retry budget, parts): built once from the options, as the
    /// subcommands build theirs, and handed to the agent with every batch.
    var transfer = UploadOptions()

    func run() async throws -> Int32 {
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(environment: environment)
        } catch {
            Console.error("zenodo-tui: cannot open the full-screen interface: \(error).")
            Console.error("Use the subcommands instead: zenodo-tui list, show, upload, sync, download (see zenodo-tui --help).")
            throw ExitCode(ExitCodes.error)
        }
        let host = self.profile.host
        let transport = timeout.map { HTTPTransport(environment: environment, forHost: host, connectTimeout: $0, idleTimeout: $0) }
            ?? HTTPTransport(environment: environment, forHost: host)
        // A server that cannot be reached keeps the legacy API and shows its error in the list.
        let profile =
            (try? await ZenodoClient.settleAPI(
                self.profile, choice: apiChoice, memory: ServerMemory(directories: ConfigDirectories(environment: environment)),
                credentials: credentials, environment: environment)) ?? self.profile
        var uploadOptions = transfer
        uploadOptions.verifyServerChecksum = environment["ZENODO_TUI_UNVERIFIED_SINK"] != "1"
        let memory = ServerMemory(directories: ConfigDirectories(environment: environment))
        let inbox = Inbox(wake: { terminal.wake() })
        let gate = RetryGate(onIdle: { inbox.send(.retryWaitEnded) })
        let client = credentials.map {
            ZenodoClient(
                profile: profile, credentials: $0, transport: transport, retry: retry, memory: memory,
                onRetry: { inbox.send(.retrying($0)) }, sleep: gate.sleep)
        }
        let runner = EffectRunner(
            client: client, journals: journals, inbox: inbox, uploadOptions: uploadOptions,
            agent: background && client != nil ? AgentClient(environment: environment) : nil, environment: environment,
            retryGate: gate)
        let badge: AppState.Badge =
            profile.isLoopback ? .local : profile.kind == .sandbox ? .sandbox : profile.kind == .zenodo ? .zenodo : .custom
        var state = AppState(size: terminal.size, serverName: profile.displayName, badge: badge, setupProblem: setupProblem)
        state.list.loading = client != nil
        state.readOnly = readOnly
        state.testDOIs = profile.registersTestDOIs
        state.startDirectory = FileManager.default.currentDirectoryPath
        state.today = Date()
        state.metadataFileNearby = [".zenodo.json", "CITATION.cff"]
            .map { (state.startDirectory as NSString).appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0) }
        let loop = AppLoop(terminal: terminal, state: state, runner: runner, inbox: inbox, tracePath: environment["ZENODO_TUI_TRACE"])
        let initial: [Effect] = client == nil ? [] : [.loadDepositions(generation: state.list.generation)]
        let code = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: loop.run(initial: initial)) }
            thread.name = "zenodo-tui-ui"
            thread.start()
        }
        await transport.shutdown()
        return code
    }
}
