import FoundationEssentials
import NIOHTTP1

/// Zenodo's legacy deposit API (`/api/deposit/depositions`, buckets) behind the client's
/// operations, as `ZenodoClient+RDM` is the native one: `LegacyBackend` calls these.
extension ZenodoClient {
    func legacyDepositions(_ query: DepositionQuery, page: Int, size: Int) async throws -> [Deposition] {
        var items: [(String, String)] = [("page", String(page)), ("size", String(size))]
        if let q = query.query, !q.isEmpty { items.append(("q", q)) }
        if let sort = query.sort { items.append(("sort", sort)) }
        if query.allVersions { items.append(("all_versions", "true")) }
        let reply = try await send(.GET, url("/deposit/depositions", query: items), idempotent: true)
        guard let array = try reply.json("the deposition list").array else {
            throw ZenodoError(.unexpected, "the deposition list is not a JSON array")
        }
        return try array.map { try Deposition(json: $0) }
    }

    func legacyDeposition(_ id: Int) async throws -> Deposition {
        let reply = try await send(.GET, url("/deposit/depositions/\(id)"), idempotent: true)
        return try Deposition(json: try reply.json("deposition \(id)"))
    }

    func legacyCreate(_ metadata: DepositionMetadata?, metadataOnly: Bool) async throws -> Deposition {
        if metadataOnly { throw Self.noMetadataOnly(profile.displayName, serverSaid: nil) }
        if let metadata { try Self.refuseUnsendable(metadata) }
        let body: JSONValue = metadata.map { ["metadata": LegacySaveCheck.outgoing($0).json] } ?? .object([:])
        let reply = try await send(.POST, url("/deposit/depositions"), json: body, idempotent: false)
        return try Deposition(json: try reply.json("the new deposition"))
    }

    /// The PUT itself, without the check (tests use it to see Zenodo's own answer).
    func putMetadata(_ id: Int, _ metadata: DepositionMetadata) async throws -> Deposition {
        let body: JSONValue = ["metadata": LegacySaveCheck.outgoing(metadata).json]
        do {
            let reply = try await send(.PUT, url("/deposit/depositions/\(id)"), json: body, idempotent: true)
            return try Deposition(json: try reply.json("the metadata update"))
        } catch var error as ZenodoError where error.status == 400 && error.fieldErrors.isEmpty {
            error.fieldErrors = LegacySaveCheck.problems(metadata)
            if !error.fieldErrors.isEmpty {
                error.message +=
                    " Zenodo named no field; this metadata has: "
                    + error.fieldErrors.map { "\($0.field): \($0.messages.joined(separator: " "))" }.joined(
                        separator: "; ")
            }
            throw error
        }
    }

    static func refuseUnsendable(_ metadata: DepositionMetadata) throws {
        let problems = LegacySaveCheck.problems(metadata)
        guard !problems.isEmpty else { return }
        throw ZenodoError(
            .validation, "Not sent: Zenodo's deposit API would refuse or lose this metadata (nothing was changed).",
            fieldErrors: problems)
    }

    func legacyFiles(of id: Int) async throws -> [DepositionFile] {
        let reply = try await send(.GET, url("/deposit/depositions/\(id)/files"), idempotent: true)
        return try (try reply.json("the file list").array ?? []).map { try DepositionFile(json: $0) }
    }

    func legacyPublish(_ id: Int) async throws -> Deposition {
        do {
            let reply = try await send(.POST, url("/deposit/depositions/\(id)/actions/publish"), idempotent: false)
            return try Deposition(json: try reply.json("publish"))
        } catch let error as ZenodoError where error.kind == .server || error.kind == .network {
            let now = try await deposition(id)
            if now.state == .done, now.doi != nil { return now }
            throw ZenodoError(
                error.kind,
                "\(error.message); the deposition was read again and is still \(now.state.rawValue): the publish did not happen, so trying again is safe",
                status: error.status, serverMessage: error.serverMessage)
        }
    }

    func legacyEdit(_ id: Int) async throws -> Deposition {
        do {
            let reply = try await send(.POST, url("/deposit/depositions/\(id)/actions/edit"), idempotent: false)
            return try Deposition(json: try reply.json("edit"))
        } catch let error as ZenodoError where error.kind == .server || error.kind == .network {
            let now = try await deposition(id)
            if now.state == .inprogress { return now }
            throw error
        }
    }

    func legacyNewVersion(of id: Int) async throws -> Deposition {
        let latest = try await latestPublishedVersion(of: id)
        if let pending = try await pendingNewVersion(concept: latest.conceptRecordID) { return pending }
        do {
            let reply = try await send(
                .POST, url("/deposit/depositions/\(latest.id)/actions/newversion"), idempotent: false)
            let draft = try Deposition(json: try reply.json("newversion"))
            // Older servers answered with the source deposition and a link to the draft.
            if draft.id == latest.id, let link = draft.links["latest_draft"],
                let newID = Int(link.split(separator: "/").last ?? "")
            {
                return try await deposition(newID)
            }
            return draft
        } catch let error as ZenodoError where error.kind == .server || error.kind == .network || error.status == 400 {
            if let pending = try await pendingNewVersion(concept: latest.conceptRecordID) { return pending }
            throw error
        }
    }

    /// A file as one PUT into the legacy bucket (`PUT {bucket}/{key}`), checked against the MD5 the
    /// bucket answers.
    func legacyUpload(
        file: any ByteSource, key: String, bucketURL: String, chunkSize: Int, verifyChecksum: Bool,
        progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> UploadedFile {
        let before = try file.identity()
        let target = bucketURL + "/" + Self.encodeKey(key)
        let digest = StreamingMD5()
        let reply = try await putFile(
            file, to: target, before: before, chunkSize: chunkSize, digest: digest, progress: progress)
        let local = digest.hex()
        guard verifyChecksum else {
            // Benchmarks against a plain PUT sink (no JSON answer) only.
            return UploadedFile(
                key: key, size: before.size, md5: local, object: try BucketObject(json: ["key": .string(key)]))
        }
        let object = try BucketObject(json: try reply.json("the upload of \(key)"))
        try checkUploaded(file, key: key, before: before, local: local, stored: object.md5)
        return UploadedFile(key: key, size: before.size, md5: local, object: object)
    }
}
