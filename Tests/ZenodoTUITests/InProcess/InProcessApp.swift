import Foundation
import LocalZenodo
import TerminalKit
import TestScratch
import TransferAgent
import ZenodoKit

@testable import ZenodoTUI

/// The interface in one process, as lazygit's integration driver runs it: `AppLoop` on its own
/// thread with a `FakeTerminal`, the real `EffectRunner` and `ZenodoClient`, against LocalZenodo
/// over loopback. Tests press keys and wait for what the screen shows, with deadlines; no tmux, no
/// process, no polling of another program's screen.
final class InProcessApp: @unchecked Sendable {
    let terminal: FakeTerminal
    let client: ZenodoClient
    let transport: HTTPTransport
    let state: URL
    /// A directory the test gave (shared by interfaces one after another) stays when this one ends.
    private let keepsState: Bool
    /// The environment the app and its agent run with (its own directories).
    let environment: [String: String]
    private let loop: AppLoop
    private let finished = DispatchSemaphore(value: 0)
    /// Set by the loop's thread when it ends, read by the test's.
    private let exitCode = Shared<Int32?>(nil)

    struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts the interface on `server` as `token`'s user, its list loading as `browse` starts it.
    /// `agent`: the background agent the interface hands batches to (built from `environment`, the
    /// app's own directories), `nil` for none.
    convenience init(
        server: LocalZenodoServer, token: String, size: Size = Size(width: 80, height: 24),
        api: ServerProfile.API? = nil,
        budget: TransferBudget = TransferBudget(), readOnly: Bool = false, directory: URL? = nil,
        workDirectory: URL? = nil,
        agent: ((_ environment: [String: String]) -> AgentClient)? = nil
    ) throws {
        try self.init(
            apiURL: server.apiURL, token: token, size: size, api: api, budget: budget, readOnly: readOnly,
            directory: directory,
            workDirectory: workDirectory, agent: agent)
    }

    /// The same on the server at `apiURL`, which need not be listening yet. Wired as `browse`
    /// wires it: a `Session` builds the transport and the client, whose retry waits go through
    /// the `RetryGate` that `r` and `Esc` cut short.
    init(
        apiURL: String, token: String, size: Size = Size(width: 80, height: 24), api: ServerProfile.API? = nil,
        budget: TransferBudget = TransferBudget(), readOnly: Bool = false, directory: URL? = nil,
        workDirectory: URL? = nil,
        agent: ((_ environment: [String: String]) -> AgentClient)? = nil
    ) throws {
        terminal = FakeTerminal(size: size)
        state = try directory ?? TestScratch.directory("in-process")
        keepsState = directory != nil
        var profile = try ServerProfile(parsing: apiURL)
        if let api { profile.api = api }
        let session = Session(
            profile: profile, credentials: Credentials(token: token, source: .environment("ZENODO_TOKEN")),
            environment: [:],
            budget: budget, readOnly: readOnly)
        transport = session.transport()
        let terminal = self.terminal
        let inbox = Inbox(wake: { terminal.wake() })
        let gate = RetryGate(onIdle: { inbox.send(.retryWaitEnded) })
        client = session.client(
            profile, transport: transport, onRetry: { inbox.send(.retrying($0)) }, sleep: gate.sleep)
        let runtime = state.appendingPathComponent("run")
        environment = [
            "HOME": state.path, "XDG_STATE_HOME": state.path, "XDG_CONFIG_HOME": state.path,
            "XDG_RUNTIME_DIR": runtime.path,
        ]
        let runner = EffectRunner(
            client: client, journals: JournalStore(directory: state.appendingPathComponent("uploads")), inbox: inbox,
            budget: budget,
            agent: agent?(environment), environment: environment, retryGate: gate)
        var initial = AppState(
            size: size, serverName: profile.displayName, badge: .local, backend: client.backend.capabilities)
        initial.list.loading = true
        initial.startDirectory = (workDirectory ?? state).path
        initial.readOnly = readOnly
        initial.today = Date()
        initial.siteOrigin = profile.siteOrigin
        loop = AppLoop(terminal: terminal, state: initial, runner: runner, inbox: inbox)
        let start = [Effect.loadDepositions(generation: initial.list.generation)]
        let thread = Thread { [self] in
            exitCode.set(loop.run(initial: start))
            finished.signal()
        }
        thread.name = "in-process-ui"
        thread.start()
    }

    /// Presses keys, in order, as one burst of input.
    func press(_ keys: Key...) { terminal.press(keys) }

    /// Where the app keeps its state (journals, the agent's runtime directory).
    var directory: URL { state }

    /// Types text, a key per character.
    func type(_ text: String) { terminal.press(text.map { Key.character($0) }) }

    /// Waits until a frame satisfies `condition` (checked on every frame presented), at most
    /// `seconds`; returns that frame's text, or throws with the last frame. The default is
    /// generous: with the whole suite and two CPU hogs on two cores, the cooperative pool that
    /// carries the client's requests can be starved for tens of seconds (a healthy wait is ms).
    @discardableResult
    func waitFor(_ what: String, within seconds: Double = 120, _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date() + seconds
        var seen = -1
        while Date() < deadline {
            let (text, count) = terminal.frame
            if count != seen {
                if condition(text) { return text }
                seen = count
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw Timeout(
            description: "no frame showed \(what) within \(Int(seconds)) s; the last:\n\(terminal.frame.text)")
    }

    /// Waits until the screen contains every one of `texts`.
    @discardableResult
    func waitFor(_ texts: String..., within seconds: Double = 120) async throws -> String {
        try await waitFor(texts.joined(separator: " and "), within: seconds) { frame in
            texts.allSatisfy { frame.contains($0) }
        }
    }

    /// Ends an app a failed test leaves running (a box closed, quit, yes to the question), without
    /// waiting. After `quit()` the keys go to a terminal no loop reads: harmless.
    /// Its HTTP client is shut down (a second shutdown after `quit()` is harmless): one left to
    /// its deinit ends the whole test process, and with it every other test's report.
    func abandon() {
        press(.escape, .control("c"), .character("y"))
        let transport = self.transport
        Task { await transport.shutdown() }
    }

    /// Whether the loop has ended (a quit, or a crash of the loop's own making).
    var hasEnded: Bool { exitCode.current != nil }

    /// The log of the agent this interface starts (where `AgentPaths` puts it), for a failure to
    /// show why a batch was not there.
    var agentLog: String {
        (try? String(contentsOf: AgentPaths(environment: environment).log, encoding: .utf8)) ?? "(none)"
    }

    /// Waits for the loop to end by itself (the keys that quit were pressed); returns its exit
    /// code, with the transport shut down and the app's directory removed.
    func waitForExit(within seconds: Double = 60) async throws -> Int32 {
        let finished = self.finished
        guard
            await withCheckedContinuation({ (done: CheckedContinuation<Bool, Never>) in
                Thread.detachNewThread { done.resume(returning: finished.wait(timeout: .now() + seconds) == .success) }
            })
        else { throw Timeout(description: "the interface did not end: \(terminal.frame.text)") }
        await transport.shutdown()
        if !keepsState { try? FileManager.default.removeItem(at: state) }
        return exitCode.current ?? -1
    }

    /// Quits (Ctrl-C, answering yes if it asks) and waits for the loop to end; returns its exit code.
    func quit() async throws -> Int32 {
        press(.control("c"))
        let finished = self.finished
        let ended = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
            Thread.detachNewThread {
                if finished.wait(timeout: .now() + 2) == .success { return done.resume(returning: true) }
                done.resume(returning: false)
            }
        }
        if !ended {
            press(.character("y"))
            guard
                await withCheckedContinuation({ (done: CheckedContinuation<Bool, Never>) in
                    Thread.detachNewThread { done.resume(returning: finished.wait(timeout: .now() + 10) == .success) }
                })
            else { throw Timeout(description: "the interface did not quit: \(terminal.frame.text)") }
        }
        await transport.shutdown()
        if !keepsState { try? FileManager.default.removeItem(at: state) }
        return exitCode.current ?? -1
    }
}
