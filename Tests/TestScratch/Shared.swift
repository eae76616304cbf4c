import Synchronization

/// A value shared between a test and the tasks it starts, behind a lock.
public final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    public init(_ value: Value) { self.value = Mutex(value) }

    public var current: Value { value.withLock { $0 } }

    public func set(_ new: Value) { value.withLock { $0 = new } }
}
