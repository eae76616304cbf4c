import ArgumentParser
import CursesTerminal
import EssentialsExtras
import FoundationEssentials
import Glibc
import LocalZenodo
import Logging
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
        let session = try global.session()
        let profile = session.profile
        let problem =
            session.credentials == nil
            ? "No token for \(profile.displayName). Set \(profile.tokenVariable), or run: zenodo-tui auth login --server \(profile.kind == .custom ? profile.apiURL : profile.kind.rawValue) --with-token < token.txt. To look around without an account: zenodo-tui demo"
            : nil
        let code = try await UILauncher(
            session: session, journals: JournalStore(directories: ConfigDirectories(environment: global.environment)),
            setupProblem: problem,
            // Transfers go to the background agent unless ZENODO_TUI_NO_AGENT=1 keeps them in this process.
            background: global.environment["ZENODO_TUI_NO_AGENT"] != "1"
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
        // The journals in a directory of the demo's own: the state directory above them is made
        // private, which must never be the shared temporary directory itself.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("zenodo-tui-demo-\(getpid())")
        let state = base.appendingPathComponent("uploads")
        defer { try? FileManager.default.removeItem(at: base) }
        let code: Int32
        do {
            let session = Session(
                profile: try ServerProfile(parsing: server.apiURL),
                credentials: Credentials(token: "demo-token", source: .explicit),
                environment: ProcessInfo.processInfo.environment)
            code = try await UILauncher(session: session, journals: JournalStore(directory: state), setupProblem: nil)
                .run()
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
    /// The server, the token, `--api`, `--read-only` and the transfer budget (parallelism, both
    /// retry budgets, the timeout, parts): built once from the options, as the subcommands build
    /// theirs, and handed to the agent with every batch.
    var session: Session
    var journals: JournalStore
    var setupProblem: String?
    /// Hand transfers to the background agent (the demo keeps them in-process: its server ends with it).
    var background = false

    var environment: [String: String] { session.environment }

    func run() async throws -> Int32 {
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(environment: environment)
        } catch {
            Console.error("zenodo-tui: cannot open the full-screen interface: \(error).")
            Console.error(
                "Use the subcommands instead: zenodo-tui list, show, upload, sync, download (see zenodo-tui --help).")
            throw ExitCode(ExitCodes.error)
        }
        let transport = session.transport()
        // A server that cannot be reached keeps the legacy API and shows its error in the list.
        let profile = (try? await session.settledProfile()) ?? session.profile
        let inbox = Inbox(wake: { terminal.wake() })
        let gate = RetryGate(onIdle: { inbox.send(.retryWaitEnded) })
        let client =
            session.credentials == nil
            ? nil
            : session.client(profile, transport: transport, onRetry: { inbox.send(.retrying($0)) }, sleep: gate.sleep)
        let runner = EffectRunner(
            client: client, journals: journals, inbox: inbox, budget: session.budget,
            agent: background && client != nil ? AgentClient(environment: environment) : nil, environment: environment,
            retryGate: gate)
        let badge: AppState.Badge =
            profile.isLoopback
            ? .local : profile.kind == .sandbox ? .sandbox : profile.kind == .zenodo ? .zenodo : .custom
        var state = AppState(
            size: terminal.size, serverName: profile.displayName, badge: badge,
            backend: (client?.backend ?? profile.api.backend).capabilities, setupProblem: setupProblem)
        state.list.loading = client != nil
        state.readOnly = session.readOnly
        state.testDOIs = profile.registersTestDOIs
        state.siteOrigin = profile.siteOrigin
        state.startDirectory = FileManager.default.currentDirectoryPath
        state.today = Date()
        state.metadataFileNearby = [".zenodo.json", "CITATION.cff"]
            .map { PathText.appending(state.startDirectory, $0) }
            .first { FileManager.default.fileExists(atPath: $0) }
        let loop = AppLoop(
            terminal: terminal, state: state, runner: runner, inbox: inbox, tracePath: environment["ZENODO_TUI_TRACE"])
        let initial: [Effect] = client == nil ? [] : [.loadDepositions(generation: state.list.generation)]
        let code = await withCheckedContinuation { continuation in
            PlainThread.detach(name: "zenodo-tui-ui") { continuation.resume(returning: loop.run(initial: initial)) }
        }
        await transport.shutdown()
        return code
    }
}
