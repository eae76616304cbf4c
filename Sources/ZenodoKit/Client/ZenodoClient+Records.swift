import Foundation

extension ZenodoClient {
    /// One page of the public records search (`hits.hits`, `hits.total`, `links.next`).
    public func searchRecords(query: String? = nil, page: Int = 1, size: Int = 25, sort: String? = nil, allVersions: Bool = false)
        async throws -> RecordPage
    {
        var items: [(String, String)] = [("page", String(page)), ("size", String(size))]
        if let query, !query.isEmpty { items.append(("q", query)) }
        if let sort { items.append(("sort", sort)) }
        if allVersions { items.append(("all_versions", "true")) }
        let json = try await send(.GET, url("/records", query: items), idempotent: true).json("the records search")
        var records: [Record] = []
        for hit in json["hits"]?["hits"]?.array ?? [] { records.append(try Record(json: hit)) }
        return RecordPage(records: records, total: json["hits"]?["total"]?.int ?? records.count, nextURL: json["links"]?["next"]?.string)
    }

    /// A published record in Zenodo JSON.
    public func record(_ id: Int) async throws -> Record {
        try Record(json: try await send(.GET, url("/records/\(id)"), idempotent: true).json("record \(id)"))
    }
}
