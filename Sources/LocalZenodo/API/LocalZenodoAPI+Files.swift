import EssentialsExtras
import FoundationEssentials
import HTTPTypes
import Hummingbird
import NIOCore

extension LocalZenodoAPI {
    /// `GET …/{id}/files`: legacy file objects (bare MD5) with download links that work.
    func listFiles(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        // A file begun through the native API shows with `"id": null` (`LegacyFileSchema`).
        return Reply.json(
            .array(
                deposition.files.map { legacy.listedFile($0, deposition: deposition) }
                    + deposition.pendingFiles.map { legacy.pendingFile($0, deposition: deposition) }))
    }

    func getFile(_ call: Call, _ id: Int, fileID: String) async throws -> Response {
        let deposition = try await owned(call, id)
        guard let file = deposition.files.first(where: { $0.id == fileID }) else {
            throw APIError.notFound("File does not exist.")
        }
        return Reply.json(legacy.listedFile(file, deposition: deposition))
    }

    /// `DELETE …/{id}/files/{file_id}`: 204; 403 once the record is published (files locked).
    func deleteFile(_ call: Call, _ id: Int, fileID: String) async throws -> Response {
        let deposition = try await owned(call, id)
        guard !deposition.filesLocked else { throw APIError.permissionDenied }
        try await store.removeFile(deposition: id, fileID: fileID, now: call.now)
        return Reply.noContent()
    }

    /// `POST …/{id}/files`: the old multipart form upload (part `file`, optional field `name`),
    /// limited to ~100 MB by the proxy (an HTML 413 beyond), keys made safe like Werkzeug's.
    /// A published deposition has no draft files route to post to: 404 (the issue's observation).
    func uploadForm(_ call: inout Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard !deposition.filesLocked else { throw APIError.notFound() }
        let type = call.request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data"), let boundary = MultipartForm.boundary(type) else {
            throw APIError(
                status: 415, message: "Invalid 'Content-Type' header. Expected one of: multipart/form-data")
        }
        if let length = call.request.headers[.contentLength].flatMap(Int.init), length > formUploadLimit {
            return Reply.html(status: 413, title: "Request Entity Too Large")
        }
        let body: ByteBuffer
        do {
            body = try await call.request.collectBody(upTo: formUploadLimit)
        } catch {
            return Reply.html(status: 413, title: "Request Entity Too Large")
        }
        let form = try MultipartForm.parse(Data(body.readableBytesView), boundary: boundary)
        guard let part = form.file else {
            throw APIError.field("file", "Missing data for required field.")
        }
        let key = SecureFilename.make(form.fields["name"] ?? part.filename ?? "")
        guard !key.isEmpty else { throw APIError.field("name", "Invalid filename.") }
        // The form upload inits the file (`init_files`): a key that exists is `InvalidKeyError`, not
        // a replace; only the bucket PUT replaces (zenodo_rdm `legacy/resources.py`; row D4).
        if deposition.files.contains(where: { $0.key == key })
            || deposition.pendingFiles.contains(where: { $0.key == key })
        {
            throw APIError(status: 400, message: "File with key \(key) already exists.")
        }
        if let problem = limits.problem(deposition: deposition, key: key, size: Int64(part.data.count)) {
            throw problem
        }
        let incoming = await store.incomingURL()
        let writer = try BlobWriter(url: incoming)
        try writer.write(ByteBuffer(bytes: part.data))
        let md5 = try writer.finish()
        let file = try await store.commitUpload(
            bucket: deposition.bucketID, key: key, incoming: incoming, size: Int64(part.data.count), md5: md5,
            limits: limits, now: call.now)
        guard let updated = await store.deposition(id) else { throw APIError.notFound() }
        return Reply.json(legacy.listedFile(file, deposition: updated), status: .created)
    }

    /// A file's content, whole or (with `Range: bytes=N-` or `bytes=N-M`) part of it: 206 with
    /// `Content-Range`, 416 for a range past the end. `ETag: "md5:…"` either way, as zenodo.org
    /// sends (zenodo/zenodo#1599). With `ignoresRanges` the whole file comes back with 200.
    /// The bytes go out with `sendfile` (`FileRegionSender`) unless a fault must cut them or the
    /// server was told to stream (`Configuration.sendsFiles`); then 1 MiB reads.
    func download(_ file: StoredFile, url: URL, call: Call) -> Response {
        let headOnly = call.method == "HEAD"
        let range = call.request.headers[.range]
        var headers: HTTPFields = [
            .contentType: file.mimetype,
            .contentDisposition: "attachment; filename=\"\(file.key.replacing("\"", with: ""))\"",
            .eTag: "\"md5:\(file.md5)\"",
        ]
        headers[HTTPField.Name("Content-MD5")!] = file.md5
        var status = HTTPResponse.Status.ok
        var span: Range<Int64> = 0..<file.size
        if !ignoresRanges {
            headers[.acceptRanges] = "bytes"
            if let range, let requested = ByteRange.parse(range, size: file.size) {
                switch requested {
                case .satisfiable(let bytes):
                    span = bytes
                    status = .partialContent
                    headers[.contentRange] = "bytes \(bytes.lowerBound)-\(bytes.upperBound - 1)/\(file.size)"
                case .unsatisfiable:
                    headers[.contentRange] = "bytes */\(file.size)"
                    return Response(status: .rangeNotSatisfiable, headers: headers)
                }
            }
        }
        headers[.contentLength] = String(span.upperBound - span.lowerBound)
        if headOnly { return Response(status: status, headers: headers) }
        let path = url.path
        let served = span
        let channel = sendsFiles && !call.streamsBody && !served.isEmpty ? call.context.channel : nil
        let body = ResponseBody(contentLength: Int(served.upperBound - served.lowerBound)) { writer in
            if let channel, await FileRegionSender.request(on: channel, path: path, span: served) {
                try await writer.finish(nil)
                return
            }
            try await BlobReader(path: path, span: served).forEachChunk { try await writer.write($0) }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }
}

/// A single byte range of a `Range` header (RFC 9110): `bytes=N-`, `bytes=N-M`, `bytes=-S`.
/// Several ranges, or another unit, are ignored (the whole file is sent).
enum ByteRange: Equatable {
    case satisfiable(Range<Int64>)
    case unsatisfiable

    static func parse(_ header: String, size: Int64) -> ByteRange? {
        let value = header.trimming(.whitespaces)
        guard value.lowercased().hasPrefix("bytes="), !value.contains(",") else { return nil }
        let spec = value.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map {
            $0.trimming(.whitespaces)
        }
        guard spec.count == 2 else { return nil }
        if spec[0].isEmpty {
            guard let suffix = Int64(spec[1]), suffix > 0 else { return nil }
            return size == 0 ? .unsatisfiable : .satisfiable(max(0, size - suffix)..<size)
        }
        guard let start = Int64(spec[0]) else { return nil }
        let last = spec[1].isEmpty ? size - 1 : (Int64(spec[1]) ?? -1)
        guard last >= start || spec[1].isEmpty else { return nil }
        guard start < size else { return .unsatisfiable }
        return .satisfiable(start..<(min(last, size - 1) + 1))
    }
}
