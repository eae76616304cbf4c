import AsyncHTTPClient
import EssentialsExtras
import FoundationEssentials
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// A file that reached the bucket and was checked.
public struct UploadedFile: Sendable {
    public var key: String
    public var size: Int64
    /// The MD5 computed locally while sending, equal to the one Zenodo reported (when
    /// `verifiedByServer`).
    public var md5: String
    public var object: BucketObject
    /// Whether the server confirmed the bytes (its MD5, or its S3 ETag of the parts). `false`: the
    /// file arrived and was committed, but the server gave nothing to compare within the wait.
    public var verifiedByServer = true
}

extension ZenodoClient {
    /// Streams one file into the draft as its backend does (the legacy bucket's one PUT, or the
    /// native init, content and commit, in parts where allowed), computing its MD5 from the bytes
    /// as they are sent and checking it against the checksum the server answers. A file that
    /// changes while it is read fails. Not retried here: the upload engine decides.
    public func upload(
        file: any ByteSource, key: String? = nil, bucketURL: String, chunkSize: Int = 1 << 20,
        verifyChecksum: Bool = true,
        parts: PartPlan? = nil, progress: @escaping @Sendable (Int64) -> Void = { _ in }
    ) async throws -> UploadedFile {
        let key = (key ?? file.lastPathComponent).nfcNormalized
        return try await backend.upload(
            self, file: file, key: key, target: bucketURL, chunkSize: chunkSize, verifyChecksum: verifyChecksum,
            parts: parts, progress: progress)
    }

    /// PUTs a file (or one part of it) as `application/octet-stream` with a known length, reading
    /// it once and feeding `digest` on the way. Not retried here.
    func putFile(
        _ file: any ByteSource, to target: String, before: FileIdentity, range: Range<Int64>? = nil, chunkSize: Int,
        digest: StreamingMD5?, accept: String? = "application/json", progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> APIResponse {
        try checkDestination(target)
        var request = makeRequest(.PUT, target, accept: accept)
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        var chunks = FileChunks(
            source: file, expected: before, chunkSize: chunkSize, digest: digest, onProgress: progress)
        chunks.range = range
        let length = range.map { $0.upperBound - $0.lowerBound } ?? before.size
        request.body = .stream(chunks, length: .known(length))
        return try await perform(request, deadline: .transfer)
    }

    /// The end-to-end check of every upload: the file did not change while it was read, and the
    /// server stored the MD5 computed while sending.
    func checkUploaded(
        _ file: any ByteSource, key: String, before: FileIdentity, local: String, stored: String?,
        what: String = "checksum"
    ) throws {
        guard try file.identity() == before else {
            throw ZenodoError(.localFile, "\(file.change(since: before)); upload it again once it is complete")
        }
        guard stored == local else {
            throw ZenodoError(
                .integrity,
                "\(what) mismatch for \(key): sent \(local), \(profile.displayName) stored \(stored ?? "no checksum"); the stored copy is wrong"
            )
        }
    }

    /// Percent-encodes a key for the URL path (UTF-8; everything but unreserved characters).
    public static func encodeKey(_ key: String) -> String {
        let allowed = ScalarSet.asciiAlphanumerics.union(ScalarSet(charactersIn: "-._~!$&'()*+,;=:@"))
        return key.percentEncoded(allowing: allowed)
    }
}
