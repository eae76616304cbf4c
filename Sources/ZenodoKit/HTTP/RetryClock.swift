import FoundationEssentials

/// The one clock of retries and pacing: what time it is, and how to wait. The client holds it;
/// its retry loop, the rate-limit pacing, `Retry-After` dates and the upload engine's pacer all
/// read it. Tests give one whose waits move its time on (the test harness's `SleepRecorder.clock`),
/// so every wait is asserted exactly and nothing sleeps.
public struct RetryClock: Sendable {
    public var now: @Sendable () -> Date
    public var sleep: Sleeper

    public init(now: @escaping @Sendable () -> Date, sleep: @escaping Sleeper) {
        self.now = now
        self.sleep = sleep
    }

    public static let system = RetryClock(
        now: { Date() }, sleep: { try await Task.sleep(for: .milliseconds(Int($0 * 1000))) })
}
