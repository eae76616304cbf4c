import FoundationEssentials
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The body ended before its `Content-Length`.
private struct ShortBody: Error {}

extension LocalZenodoAPI {
    /// The deposition behind a bucket, if the caller owns it.
    private func bucketOwner(_ call: Call, _ bucket: String) async throws -> StoredDeposition {
        _ = try call.caller.requireUser()
        guard let deposition = await store.deposition(bucket: bucket) else {
            throw APIError.notFound("Bucket does not exist.")
        }
        try call.caller.requireOwner(of: deposition)
        return deposition
    }

    /// `PUT /api/files/{bucket}/{key}`: streams the body to disk while hashing it, checks every
    /// limit Zenodo checks (before any byte is stored, when `Content-Length` tells), and makes the
    /// file visible only once it is complete. 201 with `checksum: "md5:…"`.
    func putObject(_ call: inout Call, bucket: String, key: String) async throws -> Response {
        let deposition = try await bucketOwner(call, bucket)
        guard !deposition.filesLocked else { throw APIError.permissionDenied }
        if let type = call.request.headers[.contentType], !type.lowercased().hasPrefix("application/octet-stream") {
            throw APIError.octetContentType
        }
        if key.count > limits.maxKeyLength { throw Limits.keyTooLong }
        let declared = call.request.headers[.contentLength].flatMap { Int64($0) }
        if let declared, let problem = limits.problem(deposition: deposition, key: key, size: declared) {
            throw problem
        }
        let room =
            limits.quota(deposition) - deposition.totalBytes + (deposition.files.first { $0.key == key }?.size ?? 0)

        let incoming = await store.incomingURL()
        let writer = try BlobWriter(url: incoming)
        let md5: String
        do {
            for try await chunk in call.request.body {
                try writer.write(chunk)
                if writer.bytesWritten > room { throw Limits.quotaExceeded }
            }
            if let declared, declared != writer.bytesWritten { throw ShortBody() }
            if call.breaksTransfer { throw ShortBody() }
            md5 = try writer.finish()
        } catch {
            writer.close()
            try? FileManager.default.removeItem(at: incoming)
            if let apiError = error as? APIError { throw apiError }
            logger.notice("upload of \(key) to bucket \(bucket) aborted after \(writer.bytesWritten) bytes: \(error)")
            // The file's earlier content, if any, stays (Zenodo's unit of work rolls back).
            throw APIError.uploadTransferFailed
        }
        let file = try await store.commitUpload(
            bucket: bucket, key: key, incoming: incoming, size: writer.bytesWritten, md5: md5, limits: limits,
            now: call.now)
        let reported = call.wrongChecksum ? String(md5.reversed()) : nil
        return Reply.json(legacy.bucketObject(file, bucket: bucket, checksum: reported), status: .created)
    }

    func getObject(_ call: Call, bucket: String, key: String) async throws -> Response {
        let deposition = try await bucketOwner(call, bucket)
        guard let file = deposition.files.first(where: { $0.key == key }) else {
            throw APIError.notFound("Object does not exist.")
        }
        return download(file, url: await store.blobURL(file), call: call)
    }

    func deleteObject(_ call: Call, bucket: String, key: String) async throws -> Response {
        let deposition = try await bucketOwner(call, bucket)
        guard !deposition.filesLocked else { throw APIError.permissionDenied }
        guard let file = deposition.files.first(where: { $0.key == key }) else {
            throw APIError.notFound("Object does not exist.")
        }
        try await store.removeFile(deposition: deposition.id, fileID: file.id, now: call.now)
        return Reply.noContent()
    }
}
