import EssentialsExtras
import FoundationEssentials
import Hummingbird
import MultipartETag
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// The native draft files API: init (`pending`), content in one PUT or part by part (multipart),
/// commit (`completed`, `md5:` checksum), delete. Content goes into the pending file's blob and
/// becomes a file only at commit.
extension LocalZenodoAPI {
    /// `POST …/draft/files` with `[{"key", "size"?, "checksum"?, "transfer"?}]`, as invenio-records-resources'
    /// `FileService.init_files` and `FileMetadataComponent.init_files` take it: only `key` is
    /// required, an empty list is "No files to upload.", the files the draft would have (pending
    /// ones included) are checked against the maximum for the whole request, and emptiness is left
    /// to the commit. The answer lists all the draft's files.
    func initDraftFiles(_ call: inout Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard deposition.draft != nil else { throw APIError.notFound() }
        guard !deposition.filesLocked else { throw APIError.permissionDenied }
        guard case .array(let items) = try await call.jsonBody() else {
            throw APIError.field("_schema", "Invalid input type.")
        }
        // invenio-records-resources `FilesManager.create` is `@ensure_enabled`: `InvalidOperationError`
        // (invenio-files-rest, code 403) "Files are not enabled.".
        if deposition.filesDisabled { throw APIError(status: 403, message: "Files are not enabled.") }
        var files: [PendingFile] = []
        for (index, item) in items.enumerated() {
            guard let key = item["key"]?.stringValue, !key.isEmpty, !key.contains("/") else {
                throw APIError.field("\(index).key", "Missing data for required field.")
            }
            if key.count > limits.maxKeyLength { throw Limits.keyTooLong }
            var file = PendingFile(
                key: key, declaredSize: item["size"]?.intValue.map(Int64.init),
                declaredChecksum: item["checksum"]?.stringValue,
                blob: UUID().uuidString.lowercased(), created: call.now, updated: call.now)
            if item["transfer"]?["type"]?.stringValue == "M" {
                guard let size = file.declaredSize else {
                    throw APIError.field("\(index).transfer", "Multipart file transfer requires file size.")
                }
                guard let parts = item["transfer"]?["parts"]?.intValue, parts >= 1,
                    let partSize = item["transfer"]?["part_size"]?.intValue, partSize >= 1
                else { throw APIError.field("\(index).transfer", "Multipart transfers need parts and part_size.") }
                guard Int64(parts - 1) * Int64(partSize) < size, Int64(parts) * Int64(partSize) >= size else {
                    throw APIError.field("\(index).transfer", "The parts do not cover the file's size.")
                }
                file.parts = parts
                file.partSize = Int64(partSize)
            }
            files.append(file)
        }
        if files.isEmpty { throw APIError.field("_schema", "No files to upload.") }
        if let problem = limits.initProblem(
            deposition: deposition, count: files.count, declaredSizes: files.compactMap(\.declaredSize))
        {
            throw problem
        }
        let updated = try await store.initFiles(id, files, now: call.now)
        return Reply.json(rdm.fileList(updated, draft: true), status: .created)
    }

    func listDraftFiles(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await shared(call, id, needs: .preview)
        guard deposition.draft != nil else { throw APIError.notFound() }
        return Reply.json(rdm.fileList(deposition, draft: true))
    }

    func readDraftFile(_ call: Call, _ id: Int, key: String) async throws -> Response {
        let deposition = try await shared(call, id, needs: .preview)
        if let pending = deposition.pendingFiles.first(where: { $0.key == key }) {
            return Reply.json(rdm.pendingEntry(pending, deposition))
        }
        guard let file = deposition.files.first(where: { $0.key == key }) else { throw Self.noFile(id, key) }
        return Reply.json(rdm.completedEntry(file, deposition, draft: true))
    }

    /// `FileKeyNotFoundError`, raised by `FileService._get_record` before any component runs
    /// (invenio-records-resources `services/files/service.py`, `services/errors.py`).
    static func noFile(_ id: Int, _ key: String) -> APIError {
        APIError.notFound("Record '\(id)' has no file '\(key)'.")
    }

    /// InvenioRDM's answer to a transfer that broke off: 200, the file entry, and `errors` as a
    /// string (`FileService.set_file_content` catches `FailedFileUploadException`).
    func transferFailed(_ entry: JSONValue) -> Response {
        var body = entry
        body["errors"] = "File upload transfer failed."
        return Reply.json(body)
    }

    /// `PUT …/files/{key}/content`: the whole content in one request. A body that breaks off (or a
    /// PUT to a committed file) deletes the file (`FileContentComponent`) and answers 200 with
    /// `errors`, as InvenioRDM does.
    func putDraftContent(_ call: inout Call, _ id: Int, key: String) async throws -> Response {
        let deposition = try await owned(call, id)
        guard let pending = deposition.pendingFiles.first(where: { $0.key == key }) else {
            guard let file = deposition.files.first(where: { $0.key == key }) else { throw Self.noFile(id, key) }
            guard !deposition.filesLocked else { throw APIError.permissionDenied }
            for try await _ in call.request.body {}
            let entry = rdm.completedEntry(file, deposition, draft: true)
            try await store.removeFile(id, key: key, now: call.now)
            return transferFailed(entry)
        }
        // A multipart file takes no whole content: `set_file_content` raises a TransferException,
        // so the file is deleted and the answer is 200 with `errors`, as for any broken transfer.
        if pending.isMultipart {
            for try await _ in call.request.body {}
            try await store.removePending(id, key: key, now: call.now)
            return transferFailed(rdm.pendingEntry(pending, deposition))
        }
        let declared = call.request.headers[.contentLength].flatMap { Int64($0) }
        let url = await store.pendingBlobURL(pending)
        let writer = try BlobWriter(url: url)
        let md5: String
        do {
            for try await chunk in call.request.body { try writer.write(chunk) }
            if let declared, declared != writer.bytesWritten { throw APIError.uploadTransferFailed }
            if call.breaksTransfer { throw APIError.uploadTransferFailed }
            md5 = try writer.finish()
        } catch {
            writer.close()
            // As Zenodo: the broken file is deleted (`FileContentComponent`), its key free again.
            try await store.removePending(id, key: key, now: call.now)
            return transferFailed(rdm.pendingEntry(pending, deposition))
        }
        let size = writer.bytesWritten
        let updated = try await store.update(id, now: call.now) { d in
            if let index = d.pendingFiles.firstIndex(where: { $0.key == key }) {
                d.pendingFiles[index].contentSize = size
                d.pendingFiles[index].contentMD5 = md5
                d.pendingFiles[index].updated = call.now
            }
        }
        let entry = updated.pendingFiles.first { $0.key == key }.map { rdm.pendingEntry($0, updated) } ?? .null
        return Reply.json(entry)
    }

    /// `PUT …/files/{key}/content/{part}`: one part of a multipart transfer, written in place.
    /// Refused with 403 where the server does (Zenodo today).
    func putDraftPart(_ call: inout Call, _ id: Int, key: String, part: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard acceptsMultipartParts else { throw APIError.permissionDenied }
        guard let pending = deposition.pendingFiles.first(where: { $0.key == key }), let parts = pending.parts,
            let partSize = pending.partSize, let size = pending.declaredSize
        else { throw Self.noFile(id, key) }
        guard (1...parts).contains(part) else { throw APIError.notFound("No part \(part).") }
        let expected = part < parts ? partSize : size - Int64(parts - 1) * partSize
        let url = await store.pendingBlobURL(pending)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw APIError.serverFailure }
        defer { close(fd) }
        var offset = Int64(part - 1) * partSize
        var received: Int64 = 0
        do {
            for try await chunk in call.request.body {
                received += Int64(chunk.readableBytes)
                guard received <= expected else { throw APIError.uploadTransferFailed }
                try chunk.withUnsafeReadableBytes { bytes in
                    var done = 0
                    while done < bytes.count {
                        let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
                        if n < 0 {
                            if errno == EINTR { continue }
                            throw APIError.serverFailure
                        }
                        done += n
                    }
                }
                offset += Int64(chunk.readableBytes)
            }
        } catch {
            // A part's failure keeps the file (`FileMultipartContentComponent`): 200 with `errors`.
            return transferFailed(rdm.pendingEntry(pending, deposition))
        }
        guard received == expected, !call.breaksTransfer else {
            return transferFailed(rdm.pendingEntry(pending, deposition))
        }
        let updated = try await store.update(id, now: call.now) { d in
            if let index = d.pendingFiles.firstIndex(where: { $0.key == key }),
                !d.pendingFiles[index].received.contains(part)
            {
                d.pendingFiles[index].received.append(part)
                d.pendingFiles[index].updated = call.now
            }
        }
        let entry = updated.pendingFiles.first { $0.key == key }.map { rdm.pendingEntry($0, updated) } ?? .null
        return Reply.json(entry)
    }

    /// `POST …/files/{key}/commit`: the content (every part) must be there. A single PUT was hashed
    /// as it arrived and shows its `md5:` at once; a multipart file shows no MD5 yet (see
    /// `MultipartChecksum`). An empty file is refused here, where the instance refuses them
    /// (`FileMetadataComponent.commit_file`), and stays pending.
    func commitDraftFile(_ call: Call, _ id: Int, key: String) async throws -> Response {
        let deposition = try await owned(call, id)
        guard let pending = deposition.pendingFiles.first(where: { $0.key == key }) else {
            if let file = deposition.files.first(where: { $0.key == key }) {
                return Reply.json(rdm.completedEntry(file, deposition, draft: true))
            }
            throw Self.noFile(id, key)
        }
        guard pending.isComplete else {
            throw APIError(status: 400, message: "File \(key) is not complete: upload its content (every part) first.")
        }
        let url = await store.pendingBlobURL(pending)
        let (md5, size) = try pending.contentMD5.map { ($0, pending.contentSize ?? 0) } ?? Self.digest(url)
        if let declared = pending.declaredSize, declared != size {
            throw APIError(status: 400, message: "File size mismatch: expected \(declared), got \(size).")
        }
        if size == 0, !links.flavor.allowsEmptyFiles { throw Limits.emptyFile }
        var shown = CommitChecksum.now
        if let partSize = pending.partSize {
            let later = multipartChecksum == .never ? Date.distantFuture : call.now + multipartChecksumDelay
            shown = .later(later, multipartChecksum == .s3 ? try Self.s3Checksum(url, partSize: partSize) : nil)
        }
        let updated = try await store.commitPending(id, key: key, md5: md5, size: size, shown: shown, now: call.now)
        guard let file = updated.files.first(where: { $0.key == key }) else { throw APIError.serverFailure }
        return Reply.json(rdm.completedEntry(file, updated, draft: true))
    }

    func deleteDraftFile(_ call: Call, _ id: Int, key: String) async throws -> Response {
        let deposition = try await owned(call, id)
        guard !deposition.filesLocked else { throw APIError.permissionDenied }
        if deposition.pendingFiles.contains(where: { $0.key == key }) {
            try await store.removePending(id, key: key, now: call.now)
        } else if deposition.files.contains(where: { $0.key == key }) {
            try await store.removeFile(id, key: key, now: call.now)
        } else {
            throw Self.noFile(id, key)
        }
        return Reply.noContent()
    }

    /// InvenioRDM's S3 multipart checksum of a file on disk.
    static func s3Checksum(_ url: URL, partSize: Int64) throws -> String {
        var etag = try MultipartETag.ofFile(at: url, partSize: partSize)
        return etag.invenioChecksum()
    }

    /// The MD5 and size of a file on disk, read a MiB at a time.
    static func digest(_ url: URL) throws -> (String, Int64) {
        guard let handle = PlainFileHandle(forReadingAtPath: url.path) else {
            return ("d41d8cd98f00b204e9800998ecf8427e", 0)
        }
        defer { try? handle.close() }
        var hasher = BlobHasher()
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { hasher.update(data) }
        return (hasher.hex, hasher.bytes)
    }
}
