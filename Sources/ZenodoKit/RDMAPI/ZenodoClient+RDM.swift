import AsyncHTTPClient
import EssentialsExtras
import FoundationEssentials
import NIOCore
import NIOHTTP1

/// The native InvenioRDM API behind the same operations as the legacy one (`NativeBackend`):
/// records and drafts are read in RDM JSON and shown to the front ends through `RDMLegacyView`;
/// saves send the record back whole with only the edited fields changed (`RDMMetadataMerge`).
extension ZenodoClient {
    static let rdmAccept = "application/vnd.inveniordm.v1+json"

    func rdmJSON(_ method: HTTPMethod, _ path: String, json: JSONValue? = nil, idempotent: Bool, what: String)
        async throws -> JSONValue
    {
        let reply = try await send(method, url(path), json: json, idempotent: idempotent, accept: Self.rdmAccept)
        return try reply.json(what)
    }

    func rdmDeposition(_ record: JSONValue, draft: Bool) throws -> Deposition {
        var deposition = try Deposition(json: RDMLegacyView.deposition(record, draft: draft, api: profile.apiURL))
        deposition.rdmRecord = record
        return deposition
    }

    /// `GET /api/user/records`: my drafts and records, newest first.
    func rdmDepositions(_ query: DepositionQuery, page: Int, size: Int) async throws -> [Deposition] {
        var items: [(String, String)] = [("page", String(page)), ("size", String(size)), ("sort", "updated-desc")]
        if var q = query.query, !q.isEmpty {
            // The legacy search's concept field is the parent's id in InvenioRDM's index.
            if q.hasPrefix("conceptrecid:") { q = "parent.id:" + q.dropFirst("conceptrecid:".count) }
            items.append(("q", q))
        }
        if query.allVersions { items.append(("allversions", "true")) }
        let reply = try await send(.GET, url("/user/records", query: items), idempotent: true, accept: Self.rdmAccept)
        let hits = try reply.json("my records")["hits"]?["hits"]?.array ?? []
        return try hits.map { try rdmDeposition($0, draft: $0["is_draft"]?.bool ?? false) }
    }

    /// The draft if one is open, else the published record.
    func rdmDeposition(_ id: Int) async throws -> Deposition {
        do {
            return try rdmDeposition(
                try await rdmJSON(.GET, "/records/\(id)/draft", idempotent: true, what: "draft \(id)"), draft: true)
        } catch let error as ZenodoError where error.kind == .notFound {
            return try rdmDeposition(
                try await rdmJSON(.GET, "/records/\(id)", idempotent: true, what: "record \(id)"), draft: false)
        }
    }

    /// A new draft. Its publication date is today unless given, as the legacy layer does (the
    /// native API requires one and sets none).
    func rdmCreate(_ metadata: DepositionMetadata?, metadataOnly: Bool = false) async throws -> Deposition {
        let today = ZenodoDate.day(Date())
        var empty: JSONValue = [
            "metadata": ["publication_date": .string(today)], "access": ["record": "public", "files": "public"],
        ]
        if metadataOnly { empty["files"] = ["enabled": false] }
        // Today unless given: metadata without a date keeps the one the draft starts with (merged
        // as "shown and removed" it would be dropped).
        var body =
            metadata.map { given in
                var edited = given.raw
                if edited["publication_date"] == nil { edited["publication_date"] = .string(today) }
                return RDMMetadataMerge.merge(edited: edited, shown: ["publication_date": .string(today)], into: empty)
            } ?? empty
        if metadataOnly { body["files"] = ["enabled": false] }
        let created = try await rdmJSON(.POST, "/records", json: body, idempotent: false, what: "the new draft")
        let draft = try rdmDeposition(created, draft: true)
        if metadataOnly, !draft.isMetadataOnly {
            // Saved with files enabled and the refusal in `errors`: take the draft back, say why.
            _ = try? await send(.DELETE, url("/records/\(draft.id)/draft"), idempotent: true, accept: Self.rdmAccept)
            throw Self.noMetadataOnly(profile.displayName, serverSaid: Self.filesError(created))
        }
        return draft
    }

    /// Makes a draft metadata-only (`enabled` false) or gives it files again. Refused in words
    /// where the server does not allow it, or while the draft has files.
    public func setFilesEnabled(_ id: Int, _ enabled: Bool) async throws -> Deposition {
        try await backend.setFilesEnabled(self, id, enabled)
    }

    func rdmSetFilesEnabled(_ id: Int, _ enabled: Bool) async throws -> Deposition {
        var current = try await rdmJSON(.GET, "/records/\(id)/draft", idempotent: true, what: "draft \(id)")
        current["files"] = ["enabled": .bool(enabled)]
        let parts = JSONValue.object(
            (current.object ?? [:]).filter {
                ["metadata", "access", "custom_fields", "pids", "files"].contains($0.key)
            })
        let saved = try await rdmJSON(
            .PUT, "/records/\(id)/draft", json: parts, idempotent: true, what: "the draft update")
        let draft = try rdmDeposition(saved, draft: true)
        if draft.isMetadataOnly == enabled {
            if !enabled { throw Self.noMetadataOnly(profile.displayName, serverSaid: Self.filesError(saved)) }
            throw ZenodoError(
                .refused,
                "\(profile.displayName) kept draft \(id) metadata-only: \(Self.filesError(saved) ?? "it did not say why")"
            )
        }
        return draft
    }

    /// The draft answer's message on `files.enabled`, if any.
    static func filesError(_ answer: JSONValue) -> String? {
        for error in answer["errors"]?.array ?? [] where error["field"]?.string == "files.enabled" {
            if let message = error["messages"]?.array?.first?.string { return message }
        }
        return nil
    }

    static func noMetadataOnly(_ server: String, serverSaid: String?) -> ZenodoError {
        ZenodoError(
            .refused,
            "\(server) does not allow metadata-only records"
                + (serverSaid.map { " (it said: \($0))" } ?? " through Zenodo's deposit API")
                + ": a record there needs at least one file. Zenodo turns them off (RDM_ALLOW_METADATA_ONLY_RECORDS); other InvenioRDM repositories allow them by default"
        )
    }

    /// PUT the draft with the edited fields merged into the record as it is now.
    func rdmUpdate(_ id: Int, _ metadata: DepositionMetadata) async throws -> Deposition {
        let current = try await rdmJSON(.GET, "/records/\(id)/draft", idempotent: true, what: "draft \(id)")
        let shown = RDMLegacyView.metadata(current).object ?? [:]
        // Only the parts a draft PUT takes; the rest of the answer (links, ids, status) is not sent back.
        let merged = RDMMetadataMerge.merge(edited: metadata.raw, shown: shown, into: current).object ?? [:]
        let parts = JSONValue.object(
            merged.filter { ["metadata", "access", "custom_fields", "pids", "files"].contains($0.key) })
        let saved = try await rdmJSON(
            .PUT, "/records/\(id)/draft", json: parts, idempotent: true, what: "the draft update")
        return try rdmDeposition(saved, draft: true)
    }

    /// Publish; after a timeout or 5xx the record is read again (a 504 publish may have gone through).
    func rdmPublish(_ id: Int) async throws -> Deposition {
        do {
            return try rdmDeposition(
                try await rdmJSON(.POST, "/records/\(id)/draft/actions/publish", idempotent: false, what: "publish"),
                draft: false)
        } catch let error as ZenodoError where error.kind == .server || error.kind == .network {
            let now = try await rdmDeposition(id)
            if now.state == .done { return now }
            throw ZenodoError(
                error.kind,
                "\(error.message); the record was read again and is still \(now.state.rawValue): the publish did not happen, so trying again is safe",
                status: error.status, serverMessage: error.serverMessage)
        }
    }

    func rdmEdit(_ id: Int) async throws -> Deposition {
        try rdmDeposition(try await rdmJSON(.POST, "/records/\(id)/draft", idempotent: true, what: "edit"), draft: true)
    }

    func rdmDiscard(_ id: Int) async throws {
        _ = try await send(.DELETE, url("/records/\(id)/draft"), idempotent: true, accept: Self.rdmAccept)
    }

    /// A new version with the previous version's files (InvenioRDM starts it empty; `files-import`
    /// copies them, as the legacy `newversion` does).
    func rdmNewVersion(_ id: Int) async throws -> Deposition {
        let draft = try await rdmJSON(.POST, "/records/\(id)/versions", idempotent: false, what: "the new version")
        guard let newID = Int(draft["id"]?.string ?? "") else {
            throw ZenodoError(.unexpected, "the new version has no id")
        }
        if (draft["files"]?["count"]?.int ?? 0) == 0 {
            _ = try? await send(
                .POST, url("/records/\(newID)/draft/actions/files-import"), idempotent: false, accept: Self.rdmAccept)
        }
        return try await rdmDeposition(newID)
    }

    func rdmFiles(_ id: Int) async throws -> [DepositionFile] {
        let list = try await rdmJSON(.GET, "/records/\(id)/draft/files", idempotent: true, what: "the file list")
        return try (list["entries"]?.array ?? []).map { try DepositionFile(json: RDMLegacyView.file($0)) }
    }

    /// Deletes a draft's file; the front ends name it by id, the native API by key.
    func rdmDeleteFile(_ fileID: String, of id: Int) async throws {
        let files = try await rdmFiles(id)
        guard let file = files.first(where: { $0.id == fileID || $0.filename == fileID }) else {
            throw ZenodoError(.notFound, "deposition \(id) has no file \(fileID)")
        }
        _ = try await send(
            .DELETE, url("/records/\(id)/draft/files/\(Self.encodeKey(file.filename))"), idempotent: true,
            accept: Self.rdmAccept)
    }

    /// One file through init, content and commit. A file of that key is replaced (deleted first:
    /// the native API has no atomic replace). Verified end to end: the MD5 computed while sending
    /// must equal the `md5:` checksum of the committed file.
    func rdmUpload(
        file: any ByteSource, key: String, filesURL: String, chunkSize: Int,
        progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> UploadedFile {
        let before = try file.identity()
        let entry = filesURL + "/" + Self.encodeKey(key)
        try await rdmInitFile(
            filesURL: filesURL, entry: entry, [["key": .string(key), "size": .int(Int(before.size))]])
        let digest = StreamingMD5()
        try await rdmPutContent(
            file, to: entry + "/content", before: before, chunkSize: chunkSize, digest: digest, accept: Self.rdmAccept,
            progress: progress)
        return try await rdmCommit(file, key: key, entry: entry, before: before, local: digest.hex())
    }

    /// A content or part PUT of the native API. InvenioRDM answers a transfer that broke off (a
    /// short body, a wrong part size, a PUT to a committed key) with **200** and `"errors": "File
    /// upload transfer failed."`, having deleted the pending file (a part's failure keeps it)
    /// (invenio-records-resources `FileService.set_file_content`, `components/content.py`): that
    /// is a failed transfer, retried from the start of the file.
    func rdmPutContent(
        _ file: any ByteSource, to target: String, before: FileIdentity, range: Range<Int64>? = nil, chunkSize: Int,
        digest: StreamingMD5?,
        accept: String?, progress: @escaping @Sendable (Int64) -> Void
    ) async throws {
        let reply = try await putFile(
            file, to: target, before: before, range: range, chunkSize: chunkSize, digest: digest, accept: accept,
            progress: progress)
        guard let body = try? JSONValue.decode(reply.body), let errors = body["errors"], errors != .null else { return }
        let said =
            errors.string ?? errors.array?.compactMap { $0["messages"]?.array?.first?.string ?? $0.string }.first
            ?? "transfer failed"
        throw ZenodoError(
            .network,
            "\(profile.displayName) reports the transfer of \(file.lastPathComponent) failed (\(said)); sending it again"
        )
    }

    /// Registers a file to come; a key already taken is deleted first and registered again (the
    /// native API has no atomic replace).
    func rdmInitFile(filesURL: String, entry: String, _ body: JSONValue) async throws {
        do {
            _ = try await send(.POST, filesURL, json: body, idempotent: false, accept: Self.rdmAccept)
        } catch let error as ZenodoError
            where error.status == 400 && (error.serverMessage ?? error.message).contains("already exists")
        {
            _ = try await send(.DELETE, entry, idempotent: true, accept: Self.rdmAccept)
            _ = try await send(.POST, filesURL, json: body, idempotent: false, accept: Self.rdmAccept)
        }
    }

    /// Commits a file whose content (every part) was sent, and checks it end to end
    /// (`verifyCommitted`: the server's MD5 or S3 ETag, waited for where the commit has none).
    func rdmCommit(_ file: any ByteSource, key: String, entry: String, before: FileIdentity, local: String) async throws
        -> UploadedFile
    {
        let committed = try await send(.POST, entry + "/commit", idempotent: false, accept: Self.rdmAccept).json(
            "the commit of \(key)")
        return try await verifyCommitted(
            file, key: key, entry: entry, before: before, local: local, committed: committed)
    }

    /// Which API the server speaks: the legacy one where `/api/deposit/depositions` answers a
    /// deposition list (or refuses the token: it exists), else the native one where `/api/records`
    /// answers a records search. A server that answers neither as expected is not guessed at: the
    /// error says what each probe answered and names `--api legacy` and `--api rdm`. A server error
    /// or a 429 is thrown as it is (the caller may try again later).
    public func detectAPI() async throws -> ServerProfile.API {
        let depositSaid: String
        do {
            let reply = try await send(.GET, url("/deposit/depositions", query: [("size", "1")]), idempotent: true)
            if (try? JSONValue.decode(reply.body))?.array != nil { return .legacy }
            depositSaid = Self.probeAnswer(reply)
        } catch let error as ZenodoError where error.kind == .auth || error.status == 403 {
            return .legacy
        } catch let error as ZenodoError
            where error.kind == .server || error.kind == .rateLimited || error.kind == .network
        {
            throw error
        } catch let error as ZenodoError {
            depositSaid = Self.probeAnswer(error)
        }
        let recordsSaid: String
        do {
            let reply = try await send(.GET, url("/records", query: [("size", "1")]), idempotent: true)
            if let json = try? JSONValue.decode(reply.body), json["hits"]?["hits"]?.array != nil { return .rdm }
            recordsSaid = Self.probeAnswer(reply)
        } catch let error as ZenodoError
            where error.kind == .server || error.kind == .rateLimited || error.kind == .network
        {
            throw error
        } catch let error as ZenodoError {
            recordsSaid = Self.probeAnswer(error)
        }
        throw ZenodoError(
            .configuration,
            "cannot tell which API \(profile.displayName) speaks: GET \(profile.apiURL)/deposit/depositions answered \(depositSaid), "
                + "and GET \(profile.apiURL)/records answered \(recordsSaid), neither what Zenodo's deposit API or InvenioRDM's records API answer. "
                + "Check the address (it ends in /api, e.g. https://HOST/api), or choose the API: --api legacy (Zenodo's deposit API) or --api rdm (InvenioRDM's records API)"
        )
    }

    /// A probe's answer in a few words: its status and what it was.
    static func probeAnswer(_ reply: APIResponse) -> String {
        let type = reply.header("Content-Type")?.split(separator: ";").first.map(String.init) ?? "no content type"
        let what = (try? JSONValue.decode(reply.body)) != nil ? "JSON of another shape" : "\(type), not JSON"
        return "\(reply.status) with \(what)"
    }

    static func probeAnswer(_ error: ZenodoError) -> String {
        let said = (error.serverMessage ?? "").trimming(.whitespacesAndNewlines)
        let short = said.count > 80 ? String(said.prefix(80)) + "…" : said
        return (error.status.map { "\($0)" } ?? "an error") + (short.isEmpty ? "" : " (\"\(short)\")")
    }
}

extension ZenodoClient {
    /// PUTs record parts to a draft as they are (tests and tools that set native fields).
    public func rdmPut(_ id: Int, _ parts: JSONValue) async throws -> Deposition {
        try rdmDeposition(
            try await rdmJSON(.PUT, "/records/\(id)/draft", json: parts, idempotent: true, what: "the draft update"),
            draft: true)
    }
}
