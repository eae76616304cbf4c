import Crypto
import EssentialsExtras
import FoundationEssentials
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file in chunks as the transport pulls them, hashing each chunk and reporting bytes:
/// one read of the file gives both the upload and its MD5, and memory stays at a few chunks.
///
/// The next chunk is read while the current one is hashed (read-ahead of one chunk on another
/// thread), so a verified upload costs the MD5 and nothing more: reading from the page cache is
/// off the critical path that `md5sum` has to walk.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let source: any ByteSource
    /// The file as it was when the upload started: exactly `expected.size` bytes are sent, and a
    /// change of size or modification time fails the body before its last byte, so the server
    /// never stores a torn copy.
    let expected: FileIdentity
    let chunkSize: Int
    /// nil for a part sent out of order (its bytes are hashed in order elsewhere).
    let digest: StreamingMD5?
    let onProgress: @Sendable (Int64) -> Void
    /// The bytes to send: the whole file, or one part of a multipart transfer. Progress reports
    /// positions in the file.
    var range: Range<Int64>? = nil

    struct AsyncIterator: AsyncIteratorProtocol {
        let file: (any ByteReader)?
        let source: any ByteSource
        let expected: FileIdentity
        let chunkSize: Int
        let digest: StreamingMD5?
        let onProgress: @Sendable (Int64) -> Void
        var sent: Int64 = 0
        /// Where this body stops (the file's size, or the end of the part).
        var end: Int64 = 0
        /// The read of the chunk that starts at `sent`, already running.
        var ahead: Task<ByteBuffer, any Error>?
        /// The buffer returned two chunks ago: by the time the transport asks for the next chunk
        /// it has written and released it, so its storage is unique again and is refilled in place
        /// (copy-on-write allocates only if it is still in flight). A 40 GB upload does not
        /// allocate, fault in and free 40,000 fresh megabytes.
        var spare: ByteBuffer?

        mutating func next() async throws -> ByteBuffer? {
            try Task.checkCancellation()
            guard sent < end else { return nil }
            guard let file else { throw ZenodoError(.localFile, "cannot open \(source.path)") }
            let wanted = Int(Swift.min(Int64(chunkSize), end - sent))
            let buffer: ByteBuffer
            if let ahead {
                buffer = try await ahead.value
                self.ahead = nil
            } else {
                // The first chunk (the only one of a small file) is read here: no thread hop.
                buffer = try Self.fill(file, at: sent, count: wanted, into: spare.take(), chunkSize: chunkSize)
            }
            let count = buffer.readableBytes
            if count < wanted || (sent + Int64(count) == expected.size && file.identity() != expected) {
                throw ZenodoError(
                    .localFile,
                    "\(source.change(since: expected)); nothing was stored. Upload it again once it is complete")
            }
            let reached = sent + Int64(count)
            if reached < end {
                let next = Int(Swift.min(Int64(chunkSize), end - reached))
                ahead = Self.read(file, at: reached, count: next, into: spare.take(), chunkSize: chunkSize)
            }
            if let digest { buffer.withUnsafeReadableBytes { digest.update($0) } }
            sent = reached
            onProgress(sent)
            spare = buffer
            return buffer
        }

        /// Reads `count` bytes at `offset` on another thread, into `reuse` when it is free.
        static func read(_ file: any ByteReader, at offset: Int64, count: Int, into reuse: ByteBuffer?, chunkSize: Int)
            -> Task<ByteBuffer, any Error>
        {
            Task { try fill(file, at: offset, count: count, into: reuse, chunkSize: chunkSize) }
        }

        static func fill(_ file: any ByteReader, at offset: Int64, count: Int, into reuse: ByteBuffer?, chunkSize: Int)
            throws -> ByteBuffer
        {
            var buffer = reuse ?? ByteBufferAllocator().buffer(capacity: chunkSize)
            buffer.clear()
            _ = try file.read(into: &buffer, at: offset, upTo: count)
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            file: try? source.open(), source: source, expected: expected, chunkSize: chunkSize, digest: digest,
            onProgress: onProgress, sent: range?.lowerBound ?? 0, end: range?.upperBound ?? expected.size)
    }
}

/// A file descriptor open for reading, closed when released.
final class ReadableFile: ByteReader, @unchecked Sendable {
    private let fd: Int32

    init(_ url: URL) throws {
        fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ZenodoError(.localFile, "cannot open \(url.path)") }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
    }

    /// Fills up to `count` bytes from `offset` (fewer only at the end of the file). `pread`, so
    /// that reads can run ahead on another thread without a shared file position.
    public func read(into buffer: inout ByteBuffer, at offset: Int64, upTo count: Int) throws -> Int {
        var total = 0
        while total < count {
            var result = 0
            _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count - total) { pointer in
                result = pread(fd, pointer.baseAddress, min(pointer.count, count - total), off_t(offset) + off_t(total))
                return max(result, 0)
            }
            if result < 0, errno == EINTR { continue }
            if result < 0 { throw ZenodoError(.localFile, "read error \(errno) while reading a file being uploaded") }
            if result == 0 { break }
            total += result
        }
        return total
    }

    /// Size and modification time now.
    public func identity() -> FileIdentity? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return FileIdentity(info)
    }

    deinit { close(fd) }
}

/// An MD5 fed from whichever thread the transport reads on (one reader at a time; the lock only
/// makes the hand-over between threads safe).
final class StreamingMD5: @unchecked Sendable {
    private let lock = PlainLock()
    private var md5 = Insecure.MD5()

    func update(_ data: Data) { lock.withLock { md5.update(data: data) } }

    func update(_ bytes: UnsafeRawBufferPointer) { lock.withLock { md5.update(bufferPointer: bytes) } }

    func hex() -> String { String.hex(lock.withLock { md5.finalize() }) }
}

/// Size and modification time (to the nanosecond): enough to notice a file that changed while it
/// was read.
public struct FileIdentity: Equatable, Sendable {
    public var size: Int64
    public var seconds: Int
    public var nanoseconds: Int

    /// For a source that is not one file (an archive: its size, and a stamp of its members').
    init(size: Int64, seconds: Int, nanoseconds: Int) {
        self.size = size
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    init(_ info: stat) {
        size = Int64(info.st_size)
        seconds = info.st_mtim.tv_sec
        nanoseconds = info.st_mtim.tv_nsec
    }

    init(of url: URL) throws {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw ZenodoError(.localFile, "cannot read \(url.path): no such file or no permission")
        }
        self.init(info)
    }
}
