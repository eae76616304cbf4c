import FoundationEssentials
import MultipartETag
import NIOHTTP1

/// What a native commit proves about the bytes the server stored. InvenioRDM hashes a single PUT
/// as it arrives (`md5:` at commit), but a multipart commit computes nothing: its `checksum` is
/// `null`, or `multipart:<S3 ETag>-<part size>` on S3 storage, until a background task fills in the
/// MD5 (invenio-records-resources `transfer/providers/multipart.py` `commit_file`,
/// `services/files/tasks.py` `recompute_multipart_checksum_task`). A checksum the client declared
/// at init is echoed back unchecked, so ZenodoKit never declares one.
enum ServerChecksum: Equatable {
    /// The server's MD5 of what it stored (bare hex).
    case md5(String)
    /// S3's ETag of the parts it stored (`hex-parts`), and the part size it was computed with.
    case multipart(etag: String, partSize: Int64)
    /// Nothing that speaks of the bytes (yet).
    case none

    init(_ value: JSONValue?) {
        let text = value?.string
        if let parsed = text.flatMap(MultipartETag.parse) {
            self = .multipart(etag: parsed.etag, partSize: parsed.partSize)
        } else if let md5 = MD5Checksum.bare(text) {
            self = .md5(md5)
        } else {
            self = .none
        }
    }

    /// How long to wait for the server's hash of `size` bytes: 30 s, plus a second per 50 MB (a
    /// background worker reading the file back at that pace), at most 30 minutes.
    static func patience(size: Int64) -> Double {
        min(1800, 30 + Double(size) / 50_000_000)
    }

    /// The S3 ETag of a local file cut into parts of `partSize`, read from disk.
    static func etag(of file: any ByteSource, partSize: Int64) throws -> String {
        var etag = MultipartETag(partSize: partSize)
        try file.forEachChunk(in: 0..<file.identity().size) { etag.update($0) }
        return etag.finalize()
    }
}

extension ZenodoClient {
    /// Checks a committed file against what was sent: the server's MD5 must equal the local one,
    /// or its S3 ETag the one computed from the local file. Without either, the file entry is read
    /// again until one appears (bounded by `ServerChecksum.patience`, each wait told through
    /// `onRetry`); if none comes the file is returned as arrived but not verified by the server.
    func verifyCommitted(
        _ file: any ByteSource, key: String, entry: String, before: FileIdentity, local: String, committed: JSONValue
    ) async throws -> UploadedFile {
        var checksum = ServerChecksum(committed["checksum"])
        let limit = ServerChecksum.patience(size: before.size) * retry.checksumPatienceScale
        let start = clock.now()
        var delay = min(0.5, limit / 10)
        while checksum == .none {
            let waited = clock.now().timeIntervalSince(start)
            guard waited < limit else { break }
            let wait = min(delay, limit - waited)
            onRetry?(
                RetryNotice(
                    host: profile.displayName,
                    reason: "\(key) arrived; waiting for the server's checksum (\(Int(waited)) of \(Int(limit)) s)",
                    attempt: 0, maxAttempts: 0, delay: wait))
            try await clock.sleep(wait)
            delay = min(delay * 2, 5)
            let reread = try await send(.GET, entry, idempotent: true, accept: Self.rdmAccept).json("the file \(key)")
            checksum = ServerChecksum(reread["checksum"])
        }
        switch checksum {
        case .md5(let stored):
            try checkUploaded(file, key: key, before: before, local: local, stored: stored)
            let object = try BucketObject(json: [
                "key": .string(key), "size": .int(Int(before.size)), "checksum": .string("md5:" + stored),
            ])
            return UploadedFile(key: key, size: before.size, md5: local, object: object)
        case .multipart(let etag, let partSize):
            let mine = try Self.localETag(file, partSize: partSize)
            try checkUploaded(file, key: key, before: before, local: mine, stored: etag, what: "S3 ETag")
            let object = try BucketObject(json: [
                "key": .string(key), "size": .int(Int(before.size)), "checksum": .null,
            ])
            return UploadedFile(key: key, size: before.size, md5: local, object: object)
        case .none:
            guard try file.identity() == before else {
                throw ZenodoError(.localFile, "\(file.change(since: before)); upload it again once it is complete")
            }
            let object = try BucketObject(json: [
                "key": .string(key), "size": .int(Int(before.size)), "checksum": .null,
            ])
            return UploadedFile(key: key, size: before.size, md5: local, object: object, verifiedByServer: false)
        }
    }

    private static func localETag(_ file: any ByteSource, partSize: Int64) throws -> String {
        do {
            return try ServerChecksum.etag(of: file, partSize: partSize)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ZenodoError(.localFile, "cannot read \(file.path) again to check the server's S3 ETag")
        }
    }
}
