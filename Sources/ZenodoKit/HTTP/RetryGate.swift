import FoundationEssentials
import Synchronization

/// The waits before retries, which the user can cut short: `retryNow()` ends every wait at once
/// (the interface's `r`), `stop()` ends them with an error (its `Esc`), so a retry never holds
/// the user for its whole back-off. Its `sleep` is a `ZenodoClient` sleeper. `onIdle` is told
/// when the last wait ends, however it ends.
public final class RetryGate: Sendable {
    enum WaitEnd: Sendable { case elapsed, now, stopped, cancelled }

    private struct Waits {
        var next = 0
        var active: Set<Int> = []
        var continuations: [Int: CheckedContinuation<WaitEnd, Never>] = [:]
        /// Ends that came before the waiter had parked its continuation.
        var early: [Int: WaitEnd] = [:]
    }

    private let waits = Mutex(Waits())
    private let onIdle: @Sendable () -> Void

    public init(onIdle: @escaping @Sendable () -> Void = {}) {
        self.onIdle = onIdle
    }

    /// Whether some request is waiting to be tried again.
    public var isWaiting: Bool { waiting > 0 }

    /// How many requests wait to be tried again.
    public var waiting: Int { waits.withLock { $0.active.count } }

    /// Waits `seconds`, or less if told to; throws if stopped or cancelled.
    public func sleep(_ seconds: Double) async throws {
        let id = waits.withLock { waits in
            waits.next += 1
            waits.active.insert(waits.next)
            return waits.next
        }
        let timer = Task { [self] in
            try? await Task.sleep(for: .milliseconds(Int(max(0, seconds) * 1000)))
            end(id, .elapsed)
        }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<WaitEnd, Never>) in
                let early = waits.withLock { waits -> WaitEnd? in
                    if let outcome = waits.early.removeValue(forKey: id) { return outcome }
                    waits.continuations[id] = continuation
                    return nil
                }
                if let early { continuation.resume(returning: early) }
            }
        } onCancel: {
            end(id, .cancelled)
        }
        timer.cancel()
        let idle = waits.withLock { waits in
            waits.active.remove(id)
            waits.early[id] = nil
            return waits.active.isEmpty
        }
        if idle { onIdle() }
        switch outcome {
        case .elapsed, .now: return
        case .cancelled: throw CancellationError()
        case .stopped:
            var error = ZenodoError(.network, "stopped retrying at your request")
            error.permanent = true
            throw error
        }
    }

    /// Ends every wait now: the requests are tried again at once.
    public func retryNow() { endAll(.now) }

    /// Ends every wait with an error: the requests give up.
    public func stop() { endAll(.stopped) }

    private func endAll(_ outcome: WaitEnd) {
        let ids = waits.withLock { Array($0.active) }
        for id in ids { end(id, outcome) }
    }

    /// The first end of a wait wins; later ones (the timer after a `retryNow`) do nothing.
    private func end(_ id: Int, _ outcome: WaitEnd) {
        let continuation = waits.withLock { waits -> CheckedContinuation<WaitEnd, Never>? in
            guard waits.active.contains(id) else { return nil }
            if let continuation = waits.continuations.removeValue(forKey: id) { return continuation }
            if waits.early[id] == nil { waits.early[id] = outcome }
            return nil
        }
        continuation?.resume(returning: outcome)
    }
}
