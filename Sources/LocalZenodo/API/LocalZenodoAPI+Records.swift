import EssentialsExtras
import FoundationEssentials
import Hummingbird

extension LocalZenodoAPI {
    /// A published record, readable by anyone (an unknown token counts as anonymous).
    /// 410 with the tombstone once deleted.
    private func publishedRecord(_ call: Call, _ id: Int) async throws -> StoredDeposition {
        asPublished(try await liveRecord(id))
    }

    /// The record as published: an edit draft, and files it unlocked, do not show until published.
    private func asPublished(_ d: StoredDeposition) -> StoredDeposition {
        var record = d
        record.draft = nil
        record.files = d.recordFiles
        record.publishedFiles = nil
        return record
    }

    /// Whether the caller may read a published record's files: the owner always; anyone else while
    /// they are public and not under embargo, or with a `view` grant or link (`can_read_files` is
    /// `IfRestricted("files", then_=can_view)`; row C2). `level` is the caller's sharing level, when
    /// known (searches leave it out: a grant does not open files in a result list here).
    func canReadFiles(_ call: Call, _ d: StoredDeposition, level: AccessLevel = .none) -> Bool {
        if call.caller.user == d.owner || level >= .view { return true }
        return (d.legacyPublished?["access_right"]?.stringValue ?? "open") == "open"
    }

    /// The record as this caller sees it: without its files where it may not read them (Zenodo
    /// JSON `files: []`, RDM JSON `files: {enabled}` only).
    func shown(_ d: StoredDeposition, to call: Call, level: AccessLevel = .none) -> StoredDeposition {
        var record = asPublished(d)
        if !canReadFiles(call, d, level: level) { record.filesHidden = true }
        return record
    }

    /// `GET /api/records`: public search, `{hits: {hits, total}, links: {self, next, prev}}`;
    /// 25 per page at most for anonymous callers, 100 with a token.
    func searchRecords(_ call: Call) async throws -> Response {
        let authenticated = call.caller.user != nil
        let query = call.queryValue("q")
        let paging = try Paging.parse(
            page: call.queryValue("page")?[...], size: call.queryValue("size")?[...],
            maxSize: authenticated ? 100 : 25, authenticated: authenticated)
        let sort = try SortOption.parse(call.queryValue("sort"), hasQuery: !(query ?? "").isEmpty)
        let allVersions = Self.flag(call.query, "all_versions") || Self.flag(call.query, "allversions")
        var records = await store.all().filter(\.isLive).map { shown($0, to: call) }
        if !allVersions {
            let latest = Dictionary(grouping: records, by: \.conceptrecid).compactMapValues {
                $0.max { $0.versionIndex < $1.versionIndex }
            }
            records = Array(latest.values)
        }
        let search = SearchQuery(query)
        var filters = RecordFilters(call)
        // zenodo_rdm `LegacyCommunitiesParam`: slugs that resolve to no community are dropped, and
        // when none resolves no community filter applies at all (row B7).
        if !filters.communities.isEmpty {
            var known: [String] = []
            for slug in filters.communities where await communities.community(slug) != nil { known.append(slug) }
            filters.communities = known
        }
        let hits = sort.sorted(records.filter { search.matches($0) && filters.matches($0) })
        return try await searchEnvelope(call, hits: hits, paging: paging, sort: sort, base: links.api + "/records")
    }

    private func searchEnvelope(
        _ call: Call, hits: [StoredDeposition], paging: Paging, sort: SortOption, base: String
    ) async throws -> Response {
        var page: [JSONValue] = []
        for record in paging.slice(hits) {
            page.append(
                zenodo.record(
                    record, versions: await store.versions(concept: record.conceptrecid).filter(\.isLive)))
        }
        func link(_ number: Int) -> JSONValue {
            var items = QueryString.pairs(call.query).filter {
                $0.0 != "page" && $0.0 != "size" && $0.0 != "access_token"
            }
            items.append(("page", String(number)))
            items.append(("size", String(paging.size)))
            let encoded = items.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
            return .string(base + "?" + encoded)
        }
        var linkSet: [String: JSONValue] = ["self": link(paging.page)]
        if paging.page * paging.size < hits.count { linkSet["next"] = link(paging.page + 1) }
        if paging.page > 1 { linkSet["prev"] = link(paging.page - 1) }
        return Reply.json([
            "hits": ["hits": .array(page), "total": .int(hits.count)],
            "aggregations": .object([:]),
            // `ZenodoListSchema` has no `sortBy`: it is `load_only` (zenodo_rdm `legacy/serializers`).
            "links": .object(linkSet),
        ])
    }

    static func formEncode(_ text: String) -> String {
        let allowed = ScalarSet.asciiAlphanumerics.union(ScalarSet(charactersIn: "-._~:"))
        return text.percentEncoded(allowing: allowed)
    }

    /// The latest published version when `id` is a concept (parent) id, else `nil`.
    private func latestOfConcept(_ id: Int) async -> StoredDeposition? {
        guard await store.deposition(id) == nil else { return nil }
        return await store.latestPublished(concept: id)
    }

    /// `GET /api/records/{id}`; a concept id redirects (302) to its latest published version, as
    /// invenio-rdm-records' `RDMRecordResource.read` does since 2023-11 (d0e64053).
    func getRecord(_ call: Call, _ id: Int) async throws -> Response {
        if let latest = await latestOfConcept(id) { return Reply.redirect(links.record(latest.id)) }
        let found = try await publishedRecord(call, id)
        let record = shown(found, to: call, level: await accessLevel(call, found))
        let versions = await store.versions(concept: record.conceptrecid).filter(\.isLive)
        if let format = RecordExport.negotiate(call.request.headers[.accept]) {
            return try exported(record, as: format, call)
        }
        if wantsRDM(call) {
            let latest = versions.last?.id == record.id
            return Reply.json(
                rdm.record(record, draft: false, isLatest: latest), headers: [.eTag: "\"\(record.revision)\""])
        }
        return Reply.json(zenodo.record(record, versions: versions), headers: [.eTag: "\"\(record.revision)\""])
    }

    func recordFiles(_ call: Call, _ id: Int) async throws -> Response {
        let record = try await publishedRecord(call, id)
        guard canReadFiles(call, record, level: await accessLevel(call, record)) else {
            throw APIError.permissionDenied
        }
        return Reply.json(wantsRDM(call) ? rdm.fileList(record, draft: false) : zenodo.fileEntries(record))
    }

    /// `GET /api/records/{id}/versions`: every published version of the concept, newest first.
    func recordVersions(_ call: Call, _ id: Int) async throws -> Response {
        let record = try await publishedRecord(call, id)
        let versions = await store.versions(concept: record.conceptrecid).filter(\.isLive).map {
            shown($0, to: call)
        }
        // `RDM_SEARCH_ARGS_SCHEMA` is on every records resource, `/versions` included: 25 for guests.
        let authenticated = call.caller.user != nil
        let paging = try Paging.parse(
            page: call.queryValue("page")?[...], size: call.queryValue("size")?[...], maxSize: authenticated ? 100 : 25,
            authenticated: authenticated)
        if wantsRDM(call) {
            let newest = Array(versions.reversed())
            let hits = newest.dropFirst((paging.page - 1) * paging.size).prefix(paging.size).map {
                rdm.record($0, draft: false, isLatest: $0.id == versions.last?.id)
            }
            return Reply.json(
                rdm.page(Array(hits), total: versions.count, selfURL: links.record(id) + "/versions", sort: "version"))
        }
        return try await searchEnvelope(
            call, hits: SortOption.version.sorted(versions), paging: paging, sort: .version,
            base: links.record(id) + "/versions")
    }

    /// `GET /api/records/{id}/versions/latest`: a redirect to the latest published version; `id`
    /// may be any version or the concept id (`read_latest` resolves a parent id too).
    func latestVersion(_ call: Call, _ id: Int) async throws -> Response {
        if let latest = await latestOfConcept(id) { return Reply.redirect(links.record(latest.id)) }
        let record = try await publishedRecord(call, id)
        guard let latest = await store.latestPublished(concept: record.conceptrecid) else { throw APIError.notFound() }
        return Reply.redirect(links.record(latest.id))
    }

    /// File content of a published record (public unless embargoed or restricted) or, with
    /// `draft`, of the open draft (owner only; 404 when there is no draft, as zenodo-rdm#1196 shows).
    func recordContent(_ call: Call, _ id: Int, key: String, draft: Bool) async throws -> Response {
        let deposition: StoredDeposition
        if draft {
            deposition = try await shared(call, id, needs: .preview)
            guard deposition.draft != nil else { throw APIError.notFound() }
        } else {
            deposition = try await publishedRecord(call, id)
        }
        // The key first, then the permission (`FileService._get_record`): 404 before 403.
        guard let file = deposition.files.first(where: { $0.key == key }) else {
            throw APIError.notFound("Record '\(id)' has no file '\(key)'.")
        }
        if !draft, !canReadFiles(call, deposition, level: await accessLevel(call, deposition)) {
            throw APIError.permissionDenied
        }
        return download(file, url: await store.blobURL(file), call: call)
    }
}

extension LocalZenodoAPI {
    /// A record in an `Accept`ed export format; `text/x-bibliography` takes `?style=` (400
    /// "Citation string style not found." for one this server does not format).
    func exported(_ record: StoredDeposition, as format: RecordExport, _ call: Call) throws -> Response {
        // Every published record has its DOI registered (the same the record's JSON shows).
        let facts = RecordExport.Facts(record, doi: links.registeredDOI(record.id))
        let headers: HTTPFields = [.eTag: "\"\(record.revision)\""]
        switch format {
        case .bibtex:
            return Reply.bytes(Data(RecordExport.bibtex(facts).utf8), contentType: format.rawValue)
        case .csl, .datacite:
            let body = format == .csl ? RecordExport.csl(facts) : RecordExport.datacite(facts)
            var response = Reply.bytes(body.encoded(), contentType: format.rawValue)
            response.headers[.eTag] = headers[.eTag]
            return response
        case .bibliography:
            let style = (call.queryValue("style") ?? "harvard-cite-them-right").lowercased()
            guard RecordExport.styles.contains(style) else {
                throw APIError(status: 400, message: "Citation string style not found.")
            }
            return Reply.bytes(
                Data(RecordExport.bibliography(facts, style: style).utf8), contentType: "text/plain; charset=utf-8")
        }
    }
}

/// The search parameters Zenodo adds to InvenioRDM's (`site/zenodo_rdm/params.py`): `type` and
/// `subtype` (the resource type), `communities` (slugs); and InvenioRDM's `access_status` facet.
struct RecordFilters {
    var type: String?
    var subtype: String?
    var communities: [String]
    var access: String?

    init(_ call: Call) {
        type = call.queryValue("type").flatMap { $0.isEmpty ? nil : $0.lowercased() }
        subtype = call.queryValue("subtype").flatMap { $0.isEmpty ? nil : $0.lowercased() }
        communities = QueryString.pairs(call.query).filter { $0.0 == "communities" }.map { $0.1.lowercased() }
        access = call.queryValue("access_status").flatMap { $0.isEmpty ? nil : $0.lowercased() }
    }

    func matches(_ d: StoredDeposition) -> Bool {
        let m = d.legacyPublished ?? d.currentMetadata
        if let type, m["upload_type"]?.stringValue != type { return false }
        if let type, let subtype, m["\(type)_type"]?.stringValue != subtype { return false }
        // On membership (`parent.communities.ids`), not on what a legacy field asked for.
        if !communities.isEmpty, Set(d.communities).isDisjoint(with: communities) { return false }
        if let access {
            let right = m["access_right"]?.stringValue ?? "open"
            let status = right == "restricted" ? "restricted" : right
            if status != access { return false }
        }
        return true
    }
}
