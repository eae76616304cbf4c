import Synchronization

/// Says yes the first time, then at most once per `interval`: progress for a screen or a script
/// without a message per received chunk.
public final class ProgressThrottle: Sendable {
    private let last = Mutex<ContinuousClock.Instant?>(nil)
    private let interval: Duration

    public init(interval: Duration = .seconds(1)) {
        self.interval = interval
    }

    public func due() -> Bool {
        last.withLock { last in
            let now = ContinuousClock.now
            if let previous = last, now - previous < interval { return false }
            last = now
            return true
        }
    }
}
