import EssentialsExtras
import FoundationEssentials
import ZenodoKit

/// Lines on their way to one watcher, written by a thread of their own so that a slow or vanished
/// watcher never slows a transfer: `push` never blocks, and past `limit` waiting lines the
/// replaceable ones (progress and batch numbers, superseded by the next) are dropped.
final class Outbox: @unchecked Sendable {
    private let socket: LineSocket
    private let condition = PlainCondition()
    private var queue: [(line: JSONValue, replaceable: Bool)] = []
    private var finished = false
    private let limit: Int
    private(set) var dropped = 0

    init(socket: LineSocket, limit: Int = 512) {
        self.socket = socket
        self.limit = limit
    }

    /// Starts the writing thread; `onGone` runs once when the watcher has gone or the outbox ended.
    /// The writer only shuts the connection down: whoever reads it closes it, so that a descriptor
    /// is never closed under a thread still reading it.
    func start(onGone: @escaping @Sendable () -> Void) {
        PlainThread.detach { [self] in
            while true {
                condition.lock()
                while queue.isEmpty && !finished { condition.wait() }
                if queue.isEmpty && finished {
                    condition.unlock()
                    break
                }
                let next = queue.removeFirst()
                condition.unlock()
                if !socket.send(next.line) { break }
            }
            socket.hangUp()
            onGone()
        }
    }

    func push(_ line: JSONValue, replaceable: Bool = false) {
        condition.lock()
        defer { condition.unlock() }
        guard !finished else { return }
        if queue.count >= limit {
            let before = queue.count
            queue.removeAll { $0.replaceable }
            dropped += before - queue.count
            if replaceable {
                dropped += 1
                return
            }
        }
        queue.append((line, replaceable))
        condition.signal()
    }

    /// Sends what is queued, then closes the connection.
    func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }
}
