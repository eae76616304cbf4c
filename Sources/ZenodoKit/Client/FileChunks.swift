import Crypto
import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file in chunks as the transport pulls them, hashing each chunk and reporting bytes:
/// one read of the file gives both the upload and its MD5, and memory stays at a chunk or two.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let url: URL
    let chunkSize: Int
    let digest: StreamingMD5
    let onProgress: @Sendable (Int64) -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        let file: ReadableFile?
        let chunkSize: Int
        let digest: StreamingMD5
        let onProgress: @Sendable (Int64) -> Void
        let allocator = ByteBufferAllocator()
        var sent: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            try Task.checkCancellation()
            guard let file else { return nil }
            var buffer = allocator.buffer(capacity: chunkSize)
            let count = try file.read(into: &buffer, upTo: chunkSize)
            guard count > 0 else { return nil }
            buffer.withUnsafeReadableBytes { digest.update($0) }
            sent += Int64(count)
            onProgress(sent)
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(file: try? ReadableFile(url), chunkSize: chunkSize, digest: digest, onProgress: onProgress)
    }
}

/// A file descriptor open for reading, closed when released.
final class ReadableFile: @unchecked Sendable {
    private let fd: Int32

    init(_ url: URL) throws {
        fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ZenodoError(.localFile, "cannot open \(url.path)") }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
    }

    /// Fills up to `count` bytes (fewer only at the end of the file).
    func read(into buffer: inout ByteBuffer, upTo count: Int) throws -> Int {
        var total = 0
        while total < count {
            var result = 0
            _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count - total) { pointer in
                result = Glibc.read(fd, pointer.baseAddress, min(pointer.count, count - total))
                return max(result, 0)
            }
            if result < 0, errno == EINTR { continue }
            if result < 0 { throw ZenodoError(.localFile, "read error \(errno) while reading a file being uploaded") }
            if result == 0 { break }
            total += result
        }
        return total
    }

    deinit { close(fd) }
}

/// An MD5 fed from whichever thread the transport reads on (one reader at a time; the lock only
/// makes the hand-over between threads safe).
final class StreamingMD5: @unchecked Sendable {
    private let lock = NSLock()
    private var md5 = Insecure.MD5()

    func update(_ data: Data) { lock.withLock { md5.update(data: data) } }

    func update(_ bytes: UnsafeRawBufferPointer) { lock.withLock { md5.update(bufferPointer: bytes) } }

    func hex() -> String { lock.withLock { md5.finalize() }.map { String(format: "%02x", $0) }.joined() }
}
