import EssentialsExtras
import FoundationEssentials
import HTTPTypes
import Hummingbird

extension LocalZenodoAPI {
    /// The deposition `id` if the caller owns it: 404 when unknown, 401/403 otherwise.
    func owned(_ call: Call, _ id: Int) async throws -> StoredDeposition {
        _ = try call.caller.requireUser()
        guard let deposition = await store.deposition(id) else { throw APIError.notFound() }
        try call.caller.requireOwner(of: deposition)
        if let tombstone = deposition.tombstone { throw APIError.deleted(tombstone) }
        return deposition
    }

    var loader: LegacyMetadataLoader { LegacyMetadataLoader(today: Timestamp.day(Date())) }

    /// `GET /api/deposit/depositions`: a bare JSON array, no total, no `Link` header.
    func listDepositions(_ call: Call) async throws -> Response {
        let user = try call.caller.requireUser()
        let query = call.queryValue("q")
        let paging = try Paging.parse(
            page: call.queryValue("page")?[...], size: call.queryValue("size")?[...], maxSize: 100, authenticated: true)
        let sort = try SortOption.parse(call.queryValue("sort"), hasQuery: !(query ?? "").isEmpty)
        let allVersions = Self.flag(call.query, "all_versions")
        let search = SearchQuery(query)
        var mine = await store.all().filter { $0.owner == user && $0.tombstone == nil }
        if !allVersions {
            // Only the latest draft or record of each concept.
            let latest = Dictionary(grouping: mine, by: \.conceptrecid).compactMapValues {
                $0.max { $0.versionIndex < $1.versionIndex }
            }
            mine = Array(latest.values)
        }
        let hits = sort.sorted(mine.filter(search.matches))
        return Reply.json(.array(paging.slice(hits).map { legacy.deposition($0, listItem: true) }))
    }

    /// `true`, `1` or a bare key count as true, as Zenodo parses `all_versions`.
    static func flag(_ query: String?, _ name: String) -> Bool {
        guard let value = QueryString.pairs(query).first(where: { $0.0 == name })?.1 else { return false }
        return ["", "true", "1", "yes"].contains(value.lowercased())
    }

    /// `POST /api/deposit/depositions`: `{}` or `{"metadata": {...}}`; unknown top-level keys are 400.
    /// Without `metadata` nothing is loaded, so no defaults: only `access_right` (sample 01).
    func createDeposition(_ call: inout Call) async throws -> Response {
        let user = try call.caller.requireUser()
        let body = try await call.jsonBody()
        let given = try Self.topLevelMetadata(body)
        let metadata = try given.map { try loader.load($0) } ?? ["access_right": "open"]
        let record = RDMFromLegacy.record(metadata)
        try RDMValidation.checkVocabularies(record, vocabularies)
        let deposition = try await store.create(owner: user, record: record, now: call.now)
        return Reply.json(legacy.deposition(deposition), status: .created)
    }

    /// Checks the top-level shape (`metadata`, and `files`, which is ignored) and returns `metadata`.
    static func topLevelMetadata(_ body: JSONValue) throws(APIError) -> JSONValue? {
        guard case .object(let fields) = body else { throw APIError.field("_schema", "Invalid input type.") }
        let unknown = fields.keys.filter { $0 != "metadata" && $0 != "files" }.sorted()
        if !unknown.isEmpty {
            throw APIError.validation(unknown.map { .init(field: $0, messages: ["Unknown field."]) })
        }
        return fields["metadata"]
    }

    func getDeposition(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        return Reply.json(legacy.deposition(deposition), headers: [.eTag: "\"\(deposition.revision)\""])
    }

    /// `PUT …/{id}`: replaces the whole metadata of the open draft (404 without one).
    func updateDeposition(_ call: inout Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard deposition.draft != nil else { throw APIError.notFound() }
        if let ifMatch = call.request.headers[.ifMatch], ifMatch != "*",
            ifMatch.trimming(ScalarSet(charactersIn: "\" W/")) != String(deposition.revision)
        {
            throw APIError(status: 412, message: "Revision id provided(\(ifMatch)) doesn't match record's one.")
        }
        let body = try await call.jsonBody()
        let metadata = try loader.load(try Self.topLevelMetadata(body) ?? .object([:]))
        // The grants become funding with a funder and an award id, both relations (`load_funding`).
        let record = RDMFromLegacy.record(metadata)
        try RDMValidation.checkVocabularies(record, vocabularies)
        let updated = try await store.update(id, now: call.now) { $0.draft = record }
        return Reply.json(legacy.deposition(updated), headers: [.eTag: "\"\(updated.revision)\""])
    }

    /// `DELETE …/{id}` and `actions/discard` (the same handler on Zenodo today): a never-published
    /// draft is deleted with its files; an edit draft is dropped; a record without a draft is 404.
    func deleteDraft(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        try Self.refuseWhileInReview(deposition, deleting: true)
        switch deposition.state {
        case .unsubmitted:
            try await store.remove(id)
        case .inprogress:
            try await store.restoreFiles(id, now: call.now)
            try await store.update(id, now: call.now) { $0.draft = nil }
        case .done:
            throw APIError.notFound()
        }
        return Reply.noContent()
    }
}
