import EssentialsExtras
import FoundationEssentials
import Hummingbird

/// The native InvenioRDM records API on the same store as the legacy one (a deposition and its
/// RDM draft are one thing seen two ways): drafts, edit, publish, versions, DOI reservation, my
/// records. Answers are RDM JSON (`RDMJSON`) to callers that ask for it, and Zenodo's own "Zenodo
/// JSON" to `*/*` on Zenodo's flavours (sample 05), which carries no `errors`.
extension LocalZenodoAPI {
    var rdm: RDMJSON { RDMJSON(links: links, now: clock()) }

    /// The record parts a request body sets: `metadata`, `access`, `custom_fields`, an external DOI.
    func recordParts(_ body: JSONValue, keeping existing: JSONValue?) throws(APIError) -> JSONValue {
        guard case .object(let object) = body else { throw .field("_schema", "Invalid input type.") }
        var parts: [String: JSONValue] = [:]
        parts["metadata"] = object["metadata"] ?? .object([:])
        if let custom = object["custom_fields"] { parts["custom_fields"] = custom }
        parts["access"] = object["access"] ?? existing?["access"] ?? ["record": "public", "files": "public"]
        var pids = existing?["pids"]?.objectValue ?? [:]
        if let doi = object["pids"]?["doi"], doi["provider"]?.stringValue == "external" { pids["doi"] = doi }
        if object["pids"] != nil, object["pids"]?["doi"] == nil { pids["doi"] = nil }
        if !pids.isEmpty { parts["pids"] = .object(pids) }
        let record = JSONValue.object(parts)
        try RDMValidation.checkVocabularies(record, vocabularies)
        return record
    }

    /// A draft answer with the required fields still missing listed under `errors` (saved anyway),
    /// after the `extra` ones the request itself caused (files options). Zenodo JSON to a caller that
    /// does not ask for RDM JSON, as Zenodo does (samples 05, 10, 12); `ZenodoSchema` has no
    /// `errors`, so that answer has none (sample 05).
    func draftReply(
        _ call: Call, _ d: StoredDeposition, status: HTTPResponse.Status = .ok, extra: [APIError.FieldError] = []
    ) async -> Response {
        guard wantsRDM(call) else {
            let body = zenodo.draft(d, versions: await store.versions(concept: d.conceptrecid))
            return Reply.json(body, status: status, headers: [.eTag: "\"\(d.revision)\""])
        }
        var body = rdm.record(d, draft: true, isLatest: await isLatest(d))
        let errors = extra + RDMValidation.missing(d.draft ?? .object([:]))
        if !errors.isEmpty {
            body["errors"] = .array(
                errors.map { ["field": .string($0.field), "messages": .array($0.messages.map(JSONValue.string))] })
        }
        return Reply.json(body, status: status, headers: [.eTag: "\"\(d.revision)\""])
    }

    /// `files.enabled` as invenio-drafts-resources' `DraftFilesComponent` sets it on create and
    /// update (`components/base.py`): the request's value, `true` when absent; a change needs the
    /// `manage_files` permission (nobody on Zenodo, where `RDM_ALLOW_METADATA_ONLY_RECORDS` is
    /// false) and, to disable, a draft without files. A refused change keeps the old value and is
    /// reported in `errors`, the draft saved anyway. On update, a draft with files enabled and none
    /// there is warned about.
    func applyFilesEnabled(
        _ body: JSONValue, to parts: inout JSONValue, current: StoredDeposition?, warnMissing: Bool
    ) -> [APIError.FieldError] {
        let enabled = current.map { !$0.filesDisabled } ?? true
        let wanted = body["files"]?["enabled"]?.boolValue ?? true
        let canToggle = links.flavor.allowsMetadataOnly
        var result = wanted
        var errors: [APIError.FieldError] = []
        if wanted != enabled, !canToggle {
            result = enabled
            errors.append(
                .init(field: "files.enabled", messages: ["You don't have permissions to manage files options."]))
        } else if !wanted, let current, !(current.files.isEmpty && current.pendingFiles.isEmpty) {
            result = enabled
            errors.append(
                .init(
                    field: "files.enabled",
                    messages: ["You must first delete all files to set the record to be metadata-only."]))
        } else if warnMissing, wanted, let current, current.files.isEmpty, current.pendingFiles.isEmpty {
            errors.append(RDMValidation.missingFiles(canToggleFiles: canToggle))
        }
        parts["files"] = result ? nil : ["enabled": false]
        return errors
    }

    func isLatest(_ d: StoredDeposition) async -> Bool {
        await store.versions(concept: d.conceptrecid).last?.id == d.id
    }

    /// `POST /api/records`: a new draft (`{}` gives an empty one).
    func createRecord(_ call: inout Call) async throws -> Response {
        let user = try call.caller.requireUser()
        let body = try await call.jsonBody()
        var parts = try recordParts(body, keeping: nil)
        let errors = applyFilesEnabled(body, to: &parts, current: nil, warnMissing: false)
        let deposition = try await store.create(owner: user, record: parts, now: call.now)
        return await draftReply(call, deposition, status: .created, extra: errors)
    }

    func readDraft(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await shared(call, id, needs: .preview)
        guard deposition.draft != nil else { throw APIError.notFound() }
        return await draftReply(call, deposition)
    }

    /// `PUT …/draft`: replaces metadata, access and custom fields; vocabulary values are checked,
    /// missing required fields only reported.
    func updateDraft(_ call: inout Call, _ id: Int) async throws -> Response {
        let deposition = try await shared(call, id, needs: .edit)
        guard let existing = deposition.draft else { throw APIError.notFound() }
        if let ifMatch = call.request.headers[.ifMatch], ifMatch != "*",
            ifMatch.trimming(ScalarSet(charactersIn: "\" W/")) != String(deposition.revision)
        {
            throw APIError(status: 412, message: "Revision id provided(\(ifMatch)) doesn't match record's one.")
        }
        let body = try await call.jsonBody()
        var parts = try recordParts(body, keeping: existing)
        let errors = applyFilesEnabled(body, to: &parts, current: deposition, warnMissing: !deposition.isPublished)
        let updated = try await store.update(id, now: call.now) { $0.draft = parts }
        return await draftReply(call, updated, extra: errors)
    }

    /// `POST …/draft`: an edit draft of a published record (the existing one if open).
    func editRecord(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard let published = deposition.published else { throw APIError.notFound() }
        let edited =
            deposition.draft != nil ? deposition : try await store.update(id, now: call.now) { $0.draft = published }
        return await draftReply(call, edited, status: .created)
    }

    /// `DELETE …/draft`: discards an edit, or deletes a never-published draft with its files.
    func discardDraft(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        try Self.refuseWhileInReview(deposition, deleting: true)
        switch deposition.state {
        case .unsubmitted: try await store.remove(id)
        case .inprogress:
            try await store.restoreFiles(id, now: call.now)
            try await store.update(id, now: call.now) { $0.draft = nil }
        case .done: throw APIError.notFound()
        }
        return Reply.noContent()
    }

    /// `POST …/draft/actions/publish`: 202 with the published record, or 400 naming what is missing.
    func publishDraft(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard let draft = deposition.draft else { throw APIError.notFound() }
        try Self.refuseWhileInReview(deposition, deleting: false)
        // Metadata first; files only once it is valid (`_validate_draft` runs before the components).
        let missing = RDMValidation.missing(draft)
        if !missing.isEmpty { throw APIError.validation(missing) }
        let unlocked = deposition.publishedFiles != nil
        let fileProblems = deposition.isPublished && !unlocked ? [] : RDMValidation.fileProblems(deposition)
        if !fileProblems.isEmpty { throw APIError.validation(fileProblems) }
        try checkModificationPeriod(deposition, now: call.now)
        let published = try await store.update(id, now: call.now) { d in
            d.publishedFiles = nil
            var record = draft
            record["pids"] = [
                "doi": ["identifier": .string(links.registeredDOI(d.id)), "provider": "datacite", "client": "datacite"]
            ]
            d.published = record
            d.draft = nil
            if d.publishedAt == nil { d.publishedAt = call.now }
        }
        await store.settleFiles(deposition)
        guard wantsRDM(call) else {
            // Sample 11: the published record in Zenodo JSON.
            let versions = await store.versions(concept: published.conceptrecid).filter(\.isPublished)
            return Reply.json(zenodo.record(published, versions: versions), status: .accepted)
        }
        return Reply.json(rdm.record(published, draft: false, isLatest: await isLatest(published)), status: .accepted)
    }

    /// `POST /api/records/{id}/versions`: a new-version draft without files (files-import copies
    /// them); an open new-version draft of the concept is returned as it is.
    func newRecordVersion(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard deposition.isPublished, let latest = await store.latestPublished(concept: deposition.conceptrecid) else {
            throw APIError.notFound()
        }
        if let pending = await store.versions(concept: deposition.conceptrecid).first(where: {
            $0.state == .unsubmitted
        }) {
            return await draftReply(call, pending, status: .created)
        }
        let draft = try await store.createVersion(
            of: latest,
            record: RDMRecord.newVersion(of: latest.published ?? .object([:]), today: Timestamp.day(call.now)),
            copyFiles: false, now: call.now)
        return await draftReply(call, draft, status: .created)
    }

    /// `POST …/draft/actions/files-import`: the previous version's files into the new draft.
    func importFiles(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard deposition.state == .unsubmitted, deposition.versionIndex > 1,
            let previous = await store.latestPublished(concept: deposition.conceptrecid)
        else { throw APIError(status: 400, message: "Cannot import files: this draft is not a new version.") }
        guard deposition.files.isEmpty, deposition.pendingFiles.isEmpty else {
            throw APIError(status: 400, message: "Please remove all files first.")
        }
        let filled = try await store.importFiles(into: id, from: previous, now: call.now)
        return Reply.json(rdm.fileList(filled, draft: true), status: .created)
    }

    /// `POST …/draft/pids/doi`: reserves the DOI the record will get (sample 06).
    func reserveDOI(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard deposition.draft != nil else { throw APIError.notFound() }
        let updated = try await store.update(id, now: call.now) { d in
            var draft = d.draft ?? .object([:])
            draft["pids"] = [
                "doi": ["identifier": .string(links.registeredDOI(d.id)), "provider": "datacite", "client": "datacite"]
            ]
            d.draft = draft
        }
        return await draftReply(call, updated, status: .created)
    }

    /// `GET /api/user/records`: the caller's drafts and records, newest first, with `q`, paging.
    func userRecords(_ call: Call) async throws -> Response {
        let user = try call.caller.requireUser()
        let words = (call.queryValue("q") ?? "").lowercased().split(separator: " ").map(String.init)
        let paging = try Paging.parse(
            page: call.queryValue("page")?[...], size: call.queryValue("size")?[...], maxSize: 100, authenticated: true)
        let mine = await store.all().filter { $0.owner == user && $0.tombstone == nil }.filter { d in
            let title = (d.currentMetadata["title"]?.stringValue ?? "").lowercased()
            return words.allSatisfy { word in
                // Field queries the clients use: `parent.id:N` (a concept's versions), `id:N`.
                if word.hasPrefix("parent.id:") { return String(d.conceptrecid) == word.dropFirst("parent.id:".count) }
                if word.hasPrefix("id:") { return String(d.id) == word.dropFirst(3) }
                return title.contains(word) || String(d.id) == word
            }
        }.sorted { $0.modified > $1.modified }
        var hits: [JSONValue] = []
        for d in mine.dropFirst((paging.page - 1) * paging.size).prefix(paging.size) {
            hits.append(rdm.record(d, draft: d.draft != nil, isLatest: await isLatest(d)))
        }
        return Reply.json(rdm.page(hits, total: mine.count, selfURL: links.api + "/user/records", sort: "updated-desc"))
    }

    /// Whether the caller asked for RDM JSON (or the server has no other).
    func wantsRDM(_ call: Call) -> Bool {
        links.flavor == .inveniordm
            || (call.request.headers[.accept]?.lowercased().contains("application/vnd.inveniordm.v1+json") ?? false)
    }
}
