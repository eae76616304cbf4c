import Foundation
import Synchronization

/// How far ahead a LocalZenodo's clock runs in a test (`configuration.clock = { Date() + offset.value }`):
/// a record published "40 days ago" without waiting 40 days.
public final class ClockOffset: Sendable {
    private let seconds = Mutex<Double>(0)
    public init() {}
    public func set(_ value: Double) { seconds.withLock { $0 = value } }
    public var value: Double { seconds.withLock { $0 } }
}
