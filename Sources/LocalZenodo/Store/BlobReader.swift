import FoundationEssentials
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a stored blob (or a span of it) a MiB at a time straight into the buffers the response
/// sends: one copy from the file into memory, none between `Data` and `ByteBuffer`. The buffer is
/// reused once the previous chunk has gone out (`clear()` allocates only while it is still held),
/// so a large download does not fault in fresh pages for every MiB.
struct BlobReader {
    let path: String
    let span: Range<Int64>
    static let chunk = 1 << 20

    /// Calls `send` with each chunk in order; a file shorter than the span ends early with an error.
    func forEachChunk(_ send: (ByteBuffer) async throws -> Void) async throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile) }
        defer { close(fd) }
        var offset = span.lowerBound
        var buffer = ByteBufferAllocator().buffer(capacity: Int(min(span.upperBound - offset, Int64(Self.chunk))))
        while offset < span.upperBound {
            let want = Int(min(span.upperBound - offset, Int64(Self.chunk)))
            buffer.clear()
            var result = 0
            let got = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { bytes in
                result = pread(fd, bytes.baseAddress!, want, off_t(offset))
                return max(result, 0)
            }
            if result < 0 && errno == EINTR { continue }
            guard got > 0 else { throw CocoaError(.fileReadUnknown) }
            offset += Int64(got)
            try await send(buffer)
        }
    }
}
