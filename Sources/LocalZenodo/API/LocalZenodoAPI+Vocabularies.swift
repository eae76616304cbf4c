import FoundationEssentials
import Hummingbird

/// `GET /api/{awards,funders,affiliations,names,subjects}[?q|suggest, size, page]`,
/// `…/{id}`, and `/api/funders/{id}/awards`: invenio-vocabularies' resources (read by anyone,
/// 25 a page by default), over `VocabularyStore`'s seeded subset.
extension LocalZenodoAPI {
    func vocabularyRoutes(_ call: Call, _ kind: VocabularyStore.Kind, _ rest: [String]) throws -> Response {
        guard call.method == "GET" || call.method == "HEAD" else { throw APIError.methodNotAllowed }
        switch rest.count {
        case 0:
            return try vocabularyPage(
                call, kind, vocabularies.search(kind, call.queryValue("q") ?? call.queryValue("suggest") ?? ""))
        case 1:
            guard let entry = vocabularies.entry(kind, id: rest[0]) else { throw APIError.notFound() }
            return Reply.json(vocabularyEntry(entry, kind))
        case 2 where kind == .funders && rest[1] == "awards":
            let found = vocabularies.search(
                .awards, call.queryValue("q") ?? call.queryValue("suggest") ?? "", funder: rest[0])
            return try vocabularyPage(call, .awards, found)
        default:
            throw APIError.noRoute
        }
    }

    private func vocabularyPage(_ call: Call, _ kind: VocabularyStore.Kind, _ found: [JSONValue]) throws -> Response {
        let size = Int(call.queryValue("size") ?? "") ?? 25
        let page = Int(call.queryValue("page") ?? "") ?? 1
        guard (1...100).contains(size), page >= 1 else { throw APIError.badQuery }
        let hits = found.dropFirst((page - 1) * size).prefix(size).map { vocabularyEntry($0, kind) }
        return Reply.json([
            "hits": ["hits": .array(Array(hits)), "total": .int(found.count)],
            "sortBy": call.queryValue("q") == nil && call.queryValue("suggest") == nil ? "title" : "bestmatch",
            "links": ["self": .string(links.api + "/" + kind.rawValue + "?page=\(page)&size=\(size)")],
        ])
    }

    /// The entry with its `links.self`, and an award's funder named (the form shows it).
    private func vocabularyEntry(_ entry: JSONValue, _ kind: VocabularyStore.Kind) -> JSONValue {
        var out = entry
        out["links"] = ["self": .string(links.api + "/" + kind.rawValue + "/" + (entry["id"]?.stringValue ?? ""))]
        if kind == .awards, let funder = entry["funder"]?["id"]?.stringValue,
            let name = vocabularies.entry(.funders, id: funder)?["name"]
        {
            out["funder"] = ["id": .string(funder), "name": name]
        }
        return out
    }
}
