import Hummingbird
import NIOCore

/// A response body writer that stops after `limit` bytes and fails, so the connection closes
/// mid-body: the `truncate` fault (a download cut off part-way).
struct CuttingWriter: ResponseBodyWriter {
    var inner: any ResponseBodyWriter
    let limit: Int
    var written = 0

    struct Cut: Error {}

    mutating func write(_ buffer: ByteBuffer) async throws {
        let room = limit - written
        guard room > 0 else { throw Cut() }
        if buffer.readableBytes > room {
            try await inner.write(buffer.getSlice(at: buffer.readerIndex, length: room)!)
            written = limit
            throw Cut()
        }
        written += buffer.readableBytes
        try await inner.write(buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        guard written < limit else { throw Cut() }
        try await inner.finish(trailingHeaders)
    }
}
