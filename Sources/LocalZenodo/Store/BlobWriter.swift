import Crypto
import EssentialsExtras
import FoundationEssentials
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writes an incoming upload to disk chunk by chunk while computing its MD5, so that memory stays
/// flat whatever the file's size.
final class BlobWriter {
    private let fd: Int32
    private var md5 = Insecure.MD5()
    private(set) var bytesWritten: Int64 = 0
    private var closed = false

    init(url: URL) throws {
        fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// Bytes received but not yet written: the network hands over chunks of a few KiB, and one
    /// `write(2)` per MiB costs a fraction of one per chunk.
    private var pending: [UInt8] = []
    private static let flushSize = 1 << 20

    func write(_ buffer: ByteBuffer) throws {
        buffer.withUnsafeReadableBytes { bytes in
            md5.update(bufferPointer: bytes)
            if pending.capacity < Self.flushSize { pending.reserveCapacity(Self.flushSize) }
            pending.append(contentsOf: bytes)
        }
        bytesWritten += Int64(buffer.readableBytes)
        if pending.count >= Self.flushSize { try flush() }
    }

    private func flush() throws {
        try pending.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
                offset += n
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Closes the file and returns the lower-case hex MD5. No fsync: a clean restart keeps every
    /// file (the rename happens after the last write), and a test server need not survive power loss.
    func finish() throws -> String {
        try flush()
        close()
        return String.hex(md5.finalize())
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    deinit { close() }
}

/// An MD5 over data read back from disk (a multipart file is hashed whole at commit).
struct BlobHasher {
    private var md5 = Insecure.MD5()
    private(set) var bytes: Int64 = 0

    mutating func update(_ data: Data) {
        md5.update(data: data)
        bytes += Int64(data.count)
    }

    var hex: String { String.hex(md5.finalize()) }
}
