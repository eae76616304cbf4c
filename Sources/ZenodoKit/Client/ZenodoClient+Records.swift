import FoundationEssentials
import NIOHTTP1
import Synchronization

extension ZenodoClient {
    /// One page of the public records search (`hits.hits`, `hits.total`, `links.next`).
    /// `filters`: Zenodo's `type`, `subtype`, `communities` and InvenioRDM's `access_status`.
    public func searchRecords(
        query: String? = nil, page: Int = 1, size: Int = 25, sort: String? = nil, allVersions: Bool = false,
        filters: [(String, String)] = []
    ) async throws -> RecordPage {
        var items: [(String, String)] = [("page", String(page)), ("size", String(size))]
        if let query, !query.isEmpty { items.append(("q", query)) }
        items += filters
        if let sort { items.append(("sort", sort)) }
        if allVersions { items.append(("all_versions", "true")) }
        let json = try await send(.GET, url("/records", query: items), idempotent: true).json("the records search")
        var records: [Record] = []
        for hit in json["hits"]?["hits"]?.array ?? [] { records.append(try Record(json: hit)) }
        var ignored: [String] = []
        for (name, slug) in filters where name == "communities" {
            if await communityExists(slug) == false { ignored.append(slug) }
        }
        return RecordPage(
            records: records, total: json["hits"]?["total"]?.int ?? records.count,
            nextURL: json["links"]?["next"]?.string,
            ignoredCommunities: ignored)
    }

    /// Whether a community of that slug exists (`GET /api/communities/{slug}`: 200 or 404); `nil`
    /// when the server did not say (another error). Remembered for the client's life.
    public func communityExists(_ slug: String) async -> Bool? {
        if let known = knownCommunities.withLock({ $0[slug] }) { return known }
        let exists: Bool
        do {
            _ = try await send(.GET, url("/communities/\(Self.encodeKey(slug))"), idempotent: true)
            exists = true
        } catch let error as ZenodoError where error.kind == .notFound {
            exists = false
        } catch {
            return nil
        }
        knownCommunities.withLock { $0[slug] = exists }
        return exists
    }

    /// Every published version of the record's concept, newest first, page by page. Zenodo's
    /// `ZenodoArgsSchema` allows 25 a page to anonymous callers on every record search, `/versions`
    /// included (row B2 of zenodo-source-2026-12.md), 100 with a token.
    public func recordVersions(_ id: Int) async throws -> [Record] {
        let pageSize = Self.searchPageSize(authenticated: credentials != nil)
        var pages = PageGuard(pageSize: pageSize)
        var records: [Record] = []
        var page = 1
        while true {
            let json = try await send(
                .GET, url("/records/\(id)/versions", query: [("size", String(pageSize)), ("page", String(page))]),
                idempotent: true
            ).json("the versions")
            let hits = try (json["hits"]?["hits"]?.array ?? []).map { try Record(json: $0) }
            let verdict = pages.admit(hits.map(\.id), page: page)
            switch verdict {
            case .more(let fresh):
                records += fresh.map { hits[$0] }
                guard json["links"]?["next"]?.string != nil else { return records }
                page += 1
            case .last(let fresh), .limit(let fresh):
                return records + fresh.map { hits[$0] }
            }
        }
    }

    /// The largest page a records search allows the caller: 25 anonymously, 100 with a token.
    public static func searchPageSize(authenticated: Bool) -> Int { authenticated ? 100 : 25 }

    /// A published record in Zenodo JSON.
    public func record(_ id: Int) async throws -> Record {
        try Record(json: try await send(.GET, url("/records/\(id)"), idempotent: true).json("record \(id)"))
    }
}

extension ZenodoClient {
    /// The instance's licenses (`GET /api/vocabularies/licenses`), for a picker; ids are accepted
    /// by the legacy `license` field.
    public func licenses() async throws -> [License] {
        let reply = try await send(.GET, url("/vocabularies/licenses", query: [("size", "500")]), idempotent: true)
        let hits = try reply.json("the license list")["hits"]?["hits"]?.array ?? []
        return hits.compactMap { hit in
            guard let id = hit["id"]?.string else { return nil }
            let title = hit["title"]?["en"]?.string ?? hit["title"]?.string ?? id
            return License(id: id, title: title)
        }
    }

    /// A published deposition's use (views and downloads), from its public record: the deposit API
    /// has none (zenodo-rdm's `LegacySchema` dumps no `stats`; `ZenodoSchema` does). `nil` for a
    /// draft, or when the record cannot be read.
    public func stats(of deposition: Deposition) async -> RecordAbout.Stats? {
        guard deposition.submitted else { return nil }
        // The native API's record carries them already.
        if let stats = RecordAbout.Stats(rdm: deposition.rdmRecord?["stats"]) { return stats }
        guard let record = try? await record(deposition.id) else { return nil }
        return RecordAbout(record).stats
    }

    /// Every deposition of a concept (published versions and the pending draft), oldest first:
    /// the version chain.
    public func versions(ofConcept concept: String) async throws -> [Deposition] {
        let all = try await allDepositions(DepositionQuery(query: "conceptrecid:\(concept)", allVersions: true))
        return all.filter { $0.conceptRecordID == concept }.sorted {
            ($0.created ?? .distantPast, $0.id) < ($1.created ?? .distantPast, $1.id)
        }
    }
}
