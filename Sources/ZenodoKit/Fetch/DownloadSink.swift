import EssentialsExtras
import FoundationEssentials
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Where a download's bytes go. The network's buffers are queued (16 MiB at most: memory stays
/// flat, and the receiver slows only when the disk or the MD5 cannot keep up); one thread hashes
/// them and another writes them with `writev`, both straight from the same buffers (no copy). A
/// buffer leaves the queue once it is both hashed and written. With the two apart, the MD5, the
/// one step that cannot be split, is the only thing on the critical path: a verified download
/// costs about the MD5 and no more. A resumed download's kept bytes are hashed first, on the hashing
/// thread, while the rest arrives.
final class DownloadSink: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    private let offset: Int64
    /// The MD5 of the whole file once `finish` has returned.
    let digest = StreamingMD5()
    private let condition = PlainCondition()
    /// Buffers not yet both hashed and written; `queue[0]` is buffer number `base` of the stream.
    private var queue: [ByteBuffer] = []
    private var base = 0
    private var hashed = 0
    private var written = 0
    private var queuedBytes = 0
    /// Bytes queued since the start, and bytes each thread has taken: a thread wakes for a batch
    /// worth a system call (or the end), not for every 64 KiB the network delivers.
    private var receivedBytes = 0
    private var hashedBytes = 0
    private var writtenBytes = 0
    private var ended = false
    /// Which thread sleeps in `next`: a wake-up goes only to a thread whose batch is ready (in a
    /// VM every needless wake-up is an interrupt between cores, and the MD5 thread loses its core).
    private var hasherWaits = false
    private var writerWaits = false
    private var hasherDone = false
    private var writerDone = false
    private var failure: (any Error)?
    /// The event loop's next read, held while the queue is full (`offer`).
    private var spaceWaiter: EventLoopPromise<Void>?
    private static let queueLimit = 16 << 20
    /// How much each thread takes at least, unless the stream has ended: a wake-up per MiB hashed
    /// and per 2 MiB written (about 600 voluntary context switches per GiB, from 11,000 when both
    /// threads were woken for every 256 KiB), small beside the 16 MiB queue.
    private static let hashBatch = 1 << 20
    private static let writeBatch = 2 << 20

    /// Opens `url` to write from `offset` (what is past it is cut; the bytes before it are kept
    /// and hashed). Never through a link at its name: created new, or an existing regular file
    /// of ours (`OwnedFile`); anything else is refused in words.
    init(url: URL, at offset: Int64) throws {
        fd = try OwnedFile.open(url, .createOrOpen, permissions: 0o644, what: "the partial copy")
        if ftruncate(fd, off_t(offset)) != 0 || lseek(fd, off_t(offset), SEEK_SET) < 0 {
            Glibc.close(fd)
            throw ZenodoError(.localFile, "cannot write \(url.path)")
        }
        path = url.path
        self.offset = offset
        // Named, so that `top -H` tells them from the event loop that starts them.
        PlainThread.detach(name: "zenodo-md5") { [self] in hash() }
        PlainThread.detach(name: "zenodo-write") { [self] in writeAll() }
    }

    /// Queues a chunk without blocking (for the event loop): nil when there is room for more, or
    /// a future that completes once there is (failed if writing failed).
    func offer(_ buffer: ByteBuffer, on eventLoop: EventLoop) -> EventLoopFuture<Void>? {
        condition.lock()
        defer { condition.unlock() }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        queue.append(buffer)
        queuedBytes += buffer.readableBytes
        receivedBytes += buffer.readableBytes
        wakeIfWorthIt()
        guard queuedBytes >= Self.queueLimit else { return nil }
        let waiter = eventLoop.makePromise(of: Void.self)
        spaceWaiter = waiter
        return waiter.futureResult
    }

    /// Wakes the threads once a batch is worth their while. Called with the lock held.
    private func wakeIfWorthIt() {
        // A full queue needs no wake-up of its own: the thread behind then has 16 MiB, its batch.
        if (hasherWaits && receivedBytes - hashedBytes >= Self.hashBatch)
            || (writerWaits && receivedBytes - writtenBytes >= Self.writeBatch)
        {
            condition.broadcast()
        }
    }

    /// Lets a held read go on, once there is room or writing failed. Called with the lock held.
    private func resumeReader() {
        guard let waiter = spaceWaiter else { return }
        if let failure {
            spaceWaiter = nil
            waiter.fail(failure)
        } else if queuedBytes < Self.queueLimit {
            spaceWaiter = nil
            waiter.succeed(())
        }
    }

    /// Waits until everything queued is hashed and written, then closes (safe to call twice).
    func finish() throws {
        condition.lock()
        ended = true
        condition.broadcast()
        while !(hasherDone && writerDone) { condition.wait() }
        // No read is held once the stream has ended (a promise must not be left pending).
        spaceWaiter?.succeed(())
        spaceWaiter = nil
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
    }

    /// The buffers after `cursor` once there are `batch` bytes of them (or the stream has ended),
    /// or nil once the stream has ended (or failed) and none are left. Called with the lock held.
    private func next(after cursor: Int, taken: Int, batch: Int, waits: ReferenceWritableKeyPath<DownloadSink, Bool>)
        -> (batch: [ByteBuffer], end: Int, bytes: Int)?
    {
        while receivedBytes - taken < batch && !ended && failure == nil {
            self[keyPath: waits] = true
            condition.wait()
            self[keyPath: waits] = false
        }
        guard failure == nil, cursor < base + queue.count else { return nil }
        return (Array(queue[(cursor - base)...]), base + queue.count, receivedBytes)
    }

    /// Drops the buffers both threads are done with. Called with the lock held.
    private func release() {
        let done = min(hashed, written) - base
        guard done > 0 else { return }
        for buffer in queue[..<done] { queuedBytes -= buffer.readableBytes }
        queue.removeFirst(done)
        base += done
        resumeReader()
    }

    private func fail(_ error: any Error) {
        condition.lock()
        if failure == nil { failure = error }
        condition.broadcast()
        resumeReader()
        condition.unlock()
    }

    private func hash() {
        do {
            try hashKeptBytes()
        } catch {
            fail(error)
        }
        condition.lock()
        while let (batch, end, bytes) = next(
            after: hashed, taken: hashedBytes, batch: Self.hashBatch, waits: \.hasherWaits)
        {
            condition.unlock()
            for buffer in batch { buffer.withUnsafeReadableBytes { digest.update($0) } }
            condition.lock()
            hashed = end
            hashedBytes = bytes
            release()
        }
        hasherDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Feeds the MD5 with the bytes before `offset`, which an earlier attempt left.
    private func hashKeptBytes() throws {
        guard offset > 0 else { return }
        let input = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard input >= 0 else { throw ZenodoError(.localFile, "cannot read the partial copy \(path)") }
        defer { Glibc.close(input) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var at: Int64 = 0
        while at < offset {
            let n = pread(input, buffer.baseAddress!, Int(min(Int64(buffer.count), offset - at)), off_t(at))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ZenodoError(.localFile, "cannot read the partial copy \(path)") }
            digest.update(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            at += Int64(n)
        }
    }

    private func writeAll() {
        condition.lock()
        while let (batch, end, bytes) = next(
            after: written, taken: writtenBytes, batch: Self.writeBatch, waits: \.writerWaits)
        {
            condition.unlock()
            do {
                try Self.write(batch, to: fd, path: path)
            } catch {
                fail(error)
                condition.lock()
                break
            }
            condition.lock()
            written = end
            writtenBytes = bytes
            release()
        }
        let failed = failure != nil
        condition.unlock()
        // On disk before the rename makes it the real file.
        if !failed { _ = fsync(fd) }
        Glibc.close(fd)
        condition.lock()
        writerDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// A failed write in words: a full disk or quota is said as such (the partial copy is kept,
    /// so the download continues once there is room).
    static func writeFailure(_ code: Int32, path: String) -> String {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let resume =
            "the partial copy is kept; free some space, then resume (`zenodo-tui download --resume`, or R in the queue)"
        switch code {
        case ENOSPC: return "no space left on the device holding \(directory): \(resume)"
        case EDQUOT: return "over your disk quota in \(directory): \(resume)"
        default: return "cannot write \(path): \(String(cString: strerror(code)))"
        }
    }

    /// Writes the buffers in order, up to 64 at a time, whatever the kernel takes per call.
    private static func write(_ buffers: [ByteBuffer], to fd: Int32, path: String) throws {
        var index = 0
        var skip = 0  // bytes of buffers[index] already written
        while index < buffers.count {
            let group = buffers[index..<min(buffers.count, index + 64)]
            var vectors: [iovec] = []
            vectors.reserveCapacity(group.count)
            // The buffers' storage outlives the call: `buffers` holds them.
            for (n, buffer) in group.enumerated() {
                buffer.withUnsafeReadableBytes { bytes in
                    let start = n == 0 ? skip : 0
                    vectors.append(
                        iovec(
                            iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress! + start),
                            iov_len: bytes.count - start))
                }
            }
            let n = writev(fd, vectors, Int32(vectors.count))
            if n < 0 {
                if errno == EINTR { continue }
                throw ZenodoError(.localFile, writeFailure(errno, path: path))
            }
            var left = n
            while left > 0, index < buffers.count {
                let remaining = buffers[index].readableBytes - skip
                if left >= remaining {
                    left -= remaining
                    index += 1
                    skip = 0
                } else {
                    skip += left
                    left = 0
                }
            }
            // Empty buffers written "fully" by a zero-length write.
            while index < buffers.count, buffers[index].readableBytes - skip == 0 {
                index += 1
                skip = 0
            }
        }
    }
}
