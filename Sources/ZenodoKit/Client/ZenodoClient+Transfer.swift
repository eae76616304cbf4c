import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

#if canImport(Glibc)
    import Glibc
#endif

/// A file that reached the bucket and was checked.
public struct UploadedFile: Sendable {
    public var key: String
    public var size: Int64
    /// The MD5 computed locally while sending, equal to the one Zenodo reported.
    public var md5: String
    public var object: BucketObject
}

extension ZenodoClient {
    /// Streams one file into the deposition's bucket (`PUT {bucket}/{key}` with `Content-Length` and
    /// `application/octet-stream`), computing its MD5 from the bytes as they are sent, and checks it
    /// against the checksum Zenodo answers. A file that changes while it is read fails.
    /// Not retried here: the upload engine decides.
    public func upload(
        file: URL, key: String? = nil, bucketURL: String, chunkSize: Int = 1 << 20, verifyChecksum: Bool = true,
        parts: PartPlan? = nil, progress: @escaping @Sendable (Int64) -> Void = { _ in }
    ) async throws -> UploadedFile {
        let key = (key ?? file.lastPathComponent).precomposedStringWithCanonicalMapping
        if speaksRDM {
            if let parts, try FileIdentity(of: file).size > parts.partSize,
                memory?.facts(for: profile.apiURL)?.multipartRefused != true
            {
                if let uploaded = try await rdmMultipartUpload(
                    file: file, key: key, filesURL: bucketURL, chunkSize: chunkSize, plan: parts, progress: progress)
                {
                    return uploaded
                }
            }
            return try await rdmUpload(file: file, key: key, filesURL: bucketURL, chunkSize: chunkSize, progress: progress)
        }
        let before = try FileIdentity(of: file)
        let target = bucketURL + "/" + Self.encodeKey(key)
        let digest = StreamingMD5()
        let reply = try await putFile(file, to: target, before: before, chunkSize: chunkSize, digest: digest, progress: progress)
        let local = digest.hex()
        guard verifyChecksum else {
            // Benchmarks against a plain PUT sink (no JSON answer) only.
            return UploadedFile(key: key, size: before.size, md5: local, object: try BucketObject(json: ["key": .string(key)]))
        }
        let object = try BucketObject(json: try reply.json("the upload of \(key)"))
        try checkUploaded(file, key: key, before: before, local: local, stored: object.md5)
        return UploadedFile(key: key, size: before.size, md5: local, object: object)
    }

    /// PUTs a file (or one part of it) as `application/octet-stream` with a known length, reading
    /// it once and feeding `digest` on the way. Not retried here.
    func putFile(
        _ file: URL, to target: String, before: FileIdentity, range: Range<Int64>? = nil, chunkSize: Int,
        digest: StreamingMD5?, accept: String? = "application/json", progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> APIResponse {
        try checkDestination(target)
        var request = makeRequest(.PUT, target, accept: accept)
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        var chunks = FileChunks(url: file, expected: before, chunkSize: chunkSize, digest: digest, onProgress: progress)
        chunks.range = range
        let length = range.map { $0.upperBound - $0.lowerBound } ?? before.size
        request.body = .stream(chunks, length: .known(length))
        return try await perform(request, deadline: .transfer)
    }

    /// The end-to-end check of every upload: the file did not change while it was read, and the
    /// server stored the MD5 computed while sending.
    func checkUploaded(_ file: URL, key: String, before: FileIdentity, local: String, stored: String?) throws {
        guard try FileIdentity(of: file) == before else {
            throw ZenodoError(.localFile, "\(file.path) changed while it was being uploaded; upload it again once it is complete")
        }
        guard stored == local else {
            throw ZenodoError(
                .integrity,
                "checksum mismatch for \(key): sent \(local), \(profile.displayName) stored \(stored ?? "no checksum"); the stored copy is wrong")
        }
    }

    /// Percent-encodes a key for the URL path (UTF-8; everything but unreserved characters).
    public static func encodeKey(_ key: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~!$&'()*+,;=:@")
        return key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key
    }

    /// Downloads `url` to `destination`, streaming to a temporary name beside it, checking the MD5
    /// when one is given, and renaming only a verified file into place. Redirects to another host
    /// are followed without the token.
    ///
    /// Resumes part-way: what an interrupted download left under the temporary name is kept, and
    /// the next attempt asks for the rest (`Range: bytes=N-`). A `206` with the matching
    /// `Content-Range` is appended (the MD5 covers the whole file: the bytes on disk are hashed
    /// first); a server that ignores the range (`200`) gets the file over from the start.
    @discardableResult
    public func download(
        _ url: String, to destination: URL, expectedMD5: String?, progress: @escaping @Sendable (Int64) -> Void = { _ in }
    ) async throws -> String {
        let directory = destination.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let partial = directory.appendingPathComponent(".\(destination.lastPathComponent).zenodo-tui-part")
        let have = (try? FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? NSNumber)?.int64Value ?? 0
        var current = url
        for _ in 0..<5 {
            let sameHost = profile.owns(current)
            var request = makeRequest(.GET, current, accept: nil, withToken: sameHost)
            if have > 0 { request.headers.add(name: "Range", value: "bytes=\(have)-") }
            let response: HTTPClientResponse
            if sameHost { try await paceForRateLimit() }
            do {
                response = try await transport.client.execute(request, deadline: Deadline.transfer.value)
            } catch {
                throw Self.transportError(error, host: profile.displayName, proxy: transport.proxyDescription)
            }
            if sameHost { record(rateLimitFrom: response.headers) }
            let status = Int(response.status.code)
            if [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "Location") {
                current = URL(string: location, relativeTo: URL(string: current))?.absoluteString ?? location
                continue
            }
            if status == 416 {
                // Nothing left to send: the partial copy may be the whole file (checked below), or
                // is stale; either way the MD5 decides.
                return try finish(partial, into: destination, digest: try Self.hash(partial), expectedMD5: expectedMD5)
            }
            guard (200..<300).contains(status) else {
                let body = try await response.body.collect(upTo: 1 << 20)
                try check(APIResponse(status: status, headers: response.headers, body: Data(buffer: body)), sentToken: sameHost && credentials != nil)
                throw ZenodoError(.unexpected, "unexpected answer \(status) for \(current)")
            }
            let resumes = status == 206 && Self.contentRangeStart(response.headers.first(name: "Content-Range")) == have && have > 0
            return try await save(response, to: destination, partial: partial, appendingAt: resumes ? have : 0,
                expectedMD5: expectedMD5, progress: progress)
        }
        throw ZenodoError(.network, "too many redirects for \(url)")
    }

    /// The first byte of `Content-Range: bytes N-M/T`.
    static func contentRangeStart(_ header: String?) -> Int64? {
        guard let header, header.hasPrefix("bytes ") else { return nil }
        return header.dropFirst(6).split(separator: "-").first.flatMap { Int64($0) }
    }

    private func save(
        _ response: HTTPClientResponse, to destination: URL, partial: URL, appendingAt offset: Int64, expectedMD5: String?,
        progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> String {
        let digest: StreamingMD5
        if offset > 0 {
            digest = try Self.hash(partial)  // what is already here, then the rest as it arrives
        } else {
            digest = StreamingMD5()
            FileManager.default.createFile(atPath: partial.path, contents: nil)
        }
        let sink = try DownloadSink(url: partial, at: offset, digest: digest)
        var received = offset
        do {
            for try await chunk in response.body {
                try sink.write(chunk)
                received += Int64(chunk.readableBytes)
                progress(received)
            }
            try sink.finish()
        } catch {
            // What arrived stays under the temporary name: the next attempt asks for the rest.
            try? sink.finish()
            throw Self.transportError(error, host: profile.displayName, proxy: transport.proxyDescription)
        }
        return try finish(partial, into: destination, digest: digest, expectedMD5: expectedMD5)
    }

    /// Checks the MD5 and renames the verified file into place; a mismatch removes the partial copy.
    private func finish(_ partial: URL, into destination: URL, digest: StreamingMD5, expectedMD5: String?) throws -> String {
        let md5 = digest.hex()
        if let expected = MD5Checksum.bare(expectedMD5), expected != md5 {
            try? FileManager.default.removeItem(at: partial)
            throw ZenodoError(
                .integrity, "checksum mismatch downloading \(destination.lastPathComponent): expected \(expected), got \(md5); nothing was kept")
        }
        // rename(2) replaces an existing file atomically: the old copy stays until the new one is whole.
        guard rename(partial.path, destination.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw ZenodoError(.localFile, "cannot write \(destination.path)")
        }
        return md5
    }

    /// An MD5 fed with a file's bytes so far.
    static func hash(_ url: URL) throws -> StreamingMD5 {
        let digest = StreamingMD5()
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { digest.update(data) }
        return digest
    }
}


/// Where a download's bytes go. Hashing and writing run on a thread of their own while the
/// network delivers the next chunks (a bounded queue of 16 MiB keeps memory flat and slows the
/// receiver only when the disk or the MD5 cannot keep up), so a verified download costs about
/// the MD5 and no more; the queued buffers go out with `writev`, without a copy.
final class DownloadSink: @unchecked Sendable {
    private let fd: Int32
    private let digest: StreamingMD5
    private let condition = NSCondition()
    private var queue: [ByteBuffer] = []
    private var queuedBytes = 0
    private var ended = false
    private var done = false
    private var failure: (any Error)?
    private static let queueLimit = 16 << 20

    init(url: URL, at offset: Int64, digest: StreamingMD5) throws {
        fd = open(url.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ZenodoError(.localFile, "cannot write \(url.path)") }
        if ftruncate(fd, off_t(offset)) != 0 || lseek(fd, off_t(offset), SEEK_SET) < 0 {
            Glibc.close(fd)
            throw ZenodoError(.localFile, "cannot write \(url.path)")
        }
        self.digest = digest
        Thread.detachNewThread { [self] in drain() }
    }

    /// Queues a chunk (waits while 16 MiB are queued); rethrows a write failure.
    func write(_ buffer: ByteBuffer) throws {
        condition.lock()
        defer { condition.unlock() }
        while queuedBytes >= Self.queueLimit && failure == nil { condition.wait() }
        if let failure { throw failure }
        queue.append(buffer)
        queuedBytes += buffer.readableBytes
        condition.broadcast()
    }

    /// Writes the buffers in order, up to 64 at a time, whatever the kernel takes per call.
    private func write(_ buffers: [ByteBuffer]) throws {
        var index = 0
        var skip = 0  // bytes of buffers[index] already written
        while index < buffers.count {
            let group = buffers[index..<min(buffers.count, index + 64)]
            var vectors: [iovec] = []
            vectors.reserveCapacity(group.count)
            // The buffers' storage outlives the call: `batch` holds them.
            for (n, buffer) in group.enumerated() {
                buffer.withUnsafeReadableBytes { bytes in
                    let start = n == 0 ? skip : 0
                    vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress! + start), iov_len: bytes.count - start))
                }
            }
            let n = writev(fd, vectors, Int32(vectors.count))
            if n < 0 {
                if errno == EINTR { continue }
                throw ZenodoError(.localFile, "write error \(errno) while saving a download")
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

    /// Waits until everything queued is hashed and written, then closes (safe to call twice).
    func finish() throws {
        condition.lock()
        ended = true
        condition.broadcast()
        while !done { condition.wait() }
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
    }

    private func drain() {
        do {
            while true {
                condition.lock()
                while queue.isEmpty && !ended { condition.wait() }
                let batch = queue
                queue.removeAll(keepingCapacity: true)
                queuedBytes = 0
                let last = ended && batch.isEmpty
                condition.broadcast()
                condition.unlock()
                if last { break }
                // Hashed, then written straight from the network's buffers (no copy), many at once.
                for buffer in batch { buffer.withUnsafeReadableBytes { digest.update($0) } }
                try write(batch)
            }
            // On disk before the rename makes it the real file.
            _ = fsync(fd)
        } catch {
            condition.lock()
            failure = error
            condition.unlock()
        }
        Glibc.close(fd)
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }
}
