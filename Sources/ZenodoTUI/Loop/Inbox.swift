import Synchronization

/// Where background work leaves messages for the loop; each `send` wakes the loop.
public final class Inbox: Sendable {
    private let messages = Mutex<[Message]>([])
    private let wake: @Sendable () -> Void

    public init(wake: @escaping @Sendable () -> Void) { self.wake = wake }

    public func send(_ message: Message) {
        messages.withLock { $0.append(message) }
        wake()
    }

    func drain() -> [Message] {
        messages.withLock { list in
            defer { list = [] }
            return list
        }
    }
}
