import Foundation
import TerminalKit

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

    public init(terminal: any Terminal, state: AppState, runner: EffectRunner, inbox: Inbox) {
        self.terminal = terminal
        self.state = state
        self.runner = runner
        self.inbox = inbox
    }

    /// Runs until quit; returns the exit code. Call from the one thread that owns the terminal.
    public func run(initial: [Effect]) -> Int32 {
        terminal.start()
        defer { terminal.stop() }
        state.size = terminal.size
        var exitCode: Int32?
        var effects = initial
        for message in runner.initialMessages() { effects += update(&state, message) }
        draw()
        var dirty = false
        while exitCode == nil {
            for effect in effects {
                if case .quit(let code) = effect { exitCode = code } else { runner.perform(effect) }
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
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: terminal.wakeFD, events: Int16(POLLIN), revents: 0)]
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
            messages += terminal.pendingKeys().map(Message.keyPressed)
            messages += inbox.drain()
            if ready == 0, state.isAnimating { messages.append(.ticked) }
            for message in messages { effects += update(&state, message) }
            if !messages.isEmpty { dirty = true }
            if case .resized = messages.first(where: { if case .resized = $0 { true } else { false } }) {
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
        terminal.present(render(state))
        lastDraw = now()
    }

    private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
