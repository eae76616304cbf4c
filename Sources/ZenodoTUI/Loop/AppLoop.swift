import Dispatch
import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// The one loop that owns the state and the terminal: it sleeps in `poll` on the keyboard and the
/// wake pipe (0 CPU while idle), turns keys, signals, resizes and inbox messages into `update`
/// calls, hands effects to the runner, and redraws at most 10 times a second.
/// Handed once to the thread that runs it and used only there, hence `@unchecked Sendable`.
public final class AppLoop: @unchecked Sendable {
    let terminal: any Terminal
    let runner: EffectRunner
    let inbox: Inbox
    public private(set) var state: AppState
    private var lastDraw = 0.0
    private static let frameInterval = 0.1
    /// Frame timings for `Benchmarks/tui.sh` (`ZENODO_TUI_TRACE=FILE`), `nil` normally.
    private let trace: FrameTrace?
    private var pendingKeyTime: Double?
    private var listTraced = false
    private var firstPageTraced = false

    public init(terminal: any Terminal, state: AppState, runner: EffectRunner, inbox: Inbox, tracePath: String? = nil) {
        self.terminal = terminal
        self.state = state
        self.runner = runner
        self.inbox = inbox
        trace = tracePath.flatMap(FrameTrace.init(path:))
    }

    /// Runs until quit; returns the exit code. Call from the one thread that owns the terminal.
    public func run(initial: [Effect]) -> Int32 {
        terminal.start()
        defer { terminal.stop() }
        state.size = terminal.size
        // A deliberate crash after the first frame, for the test that the terminal is restored.
        let crashForTest = ProcessInfo.processInfo.environment["ZENODO_TUI_CRASH_FOR_TEST"] == "1"
        var exitCode: Int32?
        // What the agent runs and earlier runs left is looked for off the loop (`transfersFound`).
        var effects = initial + [.restoreTransfers]
        draw()
        if crashForTest { fatalError("crash requested by ZENODO_TUI_CRASH_FOR_TEST") }
        var dirty = false
        while exitCode == nil {
            for effect in effects {
                switch effect {
                case .quit(let code): exitCode = code
                case .copyToClipboard(let text): terminal.copyToClipboard(text)
                default: runner.perform(effect)
                }
            }
            effects = []
            if exitCode != nil { break }
            if dirty, now() - lastDraw >= Self.frameInterval {
                draw()
                dirty = false
            }
            // Sleep until input, a wake-up, the next animation frame or the deferred redraw.
            var timeout: Int32 = -1
            if state.isAnimating || dirty { timeout = Int32(max(1, (Self.frameInterval - (now() - lastDraw)) * 1000)) }
            // A negative input descriptor is ignored by `poll` (keys then come with a wake-up).
            var fds = [
                pollfd(fd: terminal.inputFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: terminal.wakeFD, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, timeout)
            if ready < 0, errno != EINTR { break }
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                effects += update(&state, .signalled(SIGHUP))
                continue
            }
            terminal.drainWake()
            var messages: [Message] = []
            let signal = terminal.takeSignal()
            if signal != 0 { messages.append(.signalled(signal)) }
            if terminal.takeResize() { messages.append(.resized(terminal.size)) }
            let keys = terminal.pendingKeys()
            if !keys.isEmpty, pendingKeyTime == nil { pendingKeyTime = now() }
            messages += keys.map(Message.keyPressed)
            messages += inbox.drain()
            if ready == 0, state.isAnimating { messages.append(.ticked) }
            for message in messages { effects += update(&state, message) }
            if !messages.isEmpty { dirty = true }
            // What the user did shows at once; only background news (progress, pages) is coalesced.
            let userAction = messages.contains { message in
                switch message {
                case .keyPressed, .resized, .signalled: return true
                default: return false
                }
            }
            if userAction {
                draw()
                dirty = false
            }
        }
        draw()
        let done = DispatchSemaphore(value: 0)
        let runner = self.runner
        Task.detached {
            await runner.shutdown()
            done.signal()
        }
        _ = done.wait(timeout: .now() + 5)
        return exitCode ?? 1
    }

    private func draw() {
        let start = now()
        terminal.present(render(state))
        lastDraw = now()
        guard let trace else { return }
        trace.log("frame \(Date().timeIntervalSince1970) \(Int((lastDraw - start) * 1_000_000))")
        if let keyTime = pendingKeyTime {
            trace.log("keyframe \(Int((lastDraw - keyTime) * 1_000_000))")
            pendingKeyTime = nil
        }
        if !firstPageTraced, !state.list.items.isEmpty {
            firstPageTraced = true
            trace.log("firstpage \(Date().timeIntervalSince1970)")
        }
        if !listTraced, state.list.loaded, !state.list.loading {
            listTraced = true
            trace.log("listdone \(Date().timeIntervalSince1970) \(state.list.items.count)")
        }
    }

    private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

/// Appends timing lines to a file (microseconds; wall-clock seconds where compared with other processes).
final class FrameTrace {
    private let handle: PlainFileHandle

    init?(path: String) {
        // Like every file we write: never through a link planted at its name.
        guard
            let fd = try? OwnedFile.open(
                URL(fileURLWithPath: path), .createOrOpen, permissions: 0o644, what: "the frame trace")
        else { return nil }
        ftruncate(fd, 0)
        handle = PlainFileHandle(fileDescriptor: fd, closeOnDealloc: true)
        log("start \(Date().timeIntervalSince1970)")
    }

    func log(_ line: String) { handle.write(Data((line + "\n").utf8)) }
}
