import Crypto
import Foundation
import NIOCore
import Synchronization

/// Reads a file in chunks as the transport pulls them, hashing each chunk and reporting bytes:
/// one read of the file gives both the upload and its MD5, and memory stays at one chunk.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let url: URL
    let chunkSize: Int
    let digest: StreamingMD5
    let onProgress: @Sendable (Int64) -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?
        let chunkSize: Int
        let digest: StreamingMD5
        let onProgress: @Sendable (Int64) -> Void
        var sent: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            try Task.checkCancellation()
            guard let handle, let data = try handle.read(upToCount: chunkSize), !data.isEmpty else {
                try? handle?.close()
                return nil
            }
            digest.update(data)
            sent += Int64(data.count)
            onProgress(sent)
            return ByteBuffer(data: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: try? FileHandle(forReadingFrom: url), chunkSize: chunkSize, digest: digest, onProgress: onProgress)
    }
}

/// An MD5 fed from whichever thread the transport reads on.
final class StreamingMD5: Sendable {
    private let state = Mutex(Insecure.MD5())

    func update(_ data: Data) { state.withLock { $0.update(data: data) } }

    func hex() -> String { state.withLock { $0.finalize() }.map { String(format: "%02x", $0) }.joined() }
}
