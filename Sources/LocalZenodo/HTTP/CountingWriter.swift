import Hummingbird
import NIOCore
import Synchronization

/// Counts the body bytes that went through a response's writer.
final class SentBytes: Sendable {
    private let count = Mutex(0)
    func add(_ n: Int) { count.withLock { $0 += n } }
    var value: Int { count.withLock { $0 } }
}

/// A response body writer that counts what it passes on: the access log's `bytes=N` is the body
/// bytes actually sent, not the length the answer announced (a cut connection sends fewer).
struct CountingWriter: ResponseBodyWriter {
    var inner: any ResponseBodyWriter
    let sent: SentBytes

    mutating func write(_ buffer: ByteBuffer) async throws {
        try await inner.write(buffer)
        sent.add(buffer.readableBytes)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await inner.finish(trailingHeaders)
    }
}
