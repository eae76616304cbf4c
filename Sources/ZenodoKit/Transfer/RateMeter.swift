/// A transfer rate smoothed over a few seconds (an exponential moving average of instantaneous
/// rates, weighted by elapsed time), so a progress display neither jumps nor lags.
public struct RateMeter: Sendable, Equatable {
    /// Seconds over which older samples fade to about a third.
    public var window: Double
    public private(set) var bytesPerSecond: Double = 0
    private var lastBytes: Int64?
    private var lastTime: Double?

    public init(window: Double = 3) { self.window = window }

    /// Adds a sample: `bytes` transferred in total at time `time` (seconds, any origin).
    public mutating func add(bytes: Int64, at time: Double) {
        defer {
            lastBytes = bytes
            lastTime = time
        }
        guard let lastBytes, let lastTime, time > lastTime else { return }
        let instant = Double(bytes - lastBytes) / (time - lastTime)
        if bytesPerSecond == 0 {
            bytesPerSecond = instant
            return
        }
        let weight = min(1, (time - lastTime) / window)
        bytesPerSecond += (instant - bytesPerSecond) * weight
    }

    /// Seconds to transfer `remaining` bytes at the current rate.
    public func eta(remaining: Int64) -> Double? {
        bytesPerSecond > 0 ? Double(remaining) / bytesPerSecond : nil
    }
}
