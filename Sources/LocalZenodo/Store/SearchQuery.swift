import EssentialsExtras
import FoundationEssentials

/// A small subset of the OpenSearch query-string syntax Zenodo accepts in `q`: space-separated
/// terms, all of which must match; `field:value` terms use Zenodo's legacy field names
/// (`title:`, `doi:`, `conceptrecid:`, `recid:`, `creators.name:`, `keywords:`, …); quoted values
/// keep their spaces; bare words match title, description, keywords and creators.
struct SearchQuery: Sendable {
    struct Term: Sendable {
        var field: String?
        var value: String
    }
    var terms: [Term]

    init(_ text: String?) {
        terms = Self.tokens(text ?? "").compactMap { token in
            if token == "*" || token.uppercased() == "AND" { return nil }
            if let colon = token.firstIndex(of: ":"), !token.hasPrefix("\"") {
                let field = String(token[..<colon]).lowercased()
                let value = String(token[token.index(after: colon)...]).trimming(ScalarSet(charactersIn: "\""))
                // A DOI's own colon-free form: `doi:10.5281/zenodo.1` keeps everything after the first colon.
                return Term(field: field, value: value.lowercased())
            }
            return Term(field: nil, value: token.trimming(ScalarSet(charactersIn: "\"")).lowercased())
        }
    }

    private static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        var bracket = 0
        for char in text {
            if char == "\"" { quoted.toggle() }
            // A range `[a TO b]` (or `{…}`) is one token with its spaces.
            if !quoted, char == "[" || char == "{" { bracket += 1 }
            if !quoted, char == "]" || char == "}" { bracket = max(0, bracket - 1) }
            if char == " " && !quoted && bracket == 0 {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(char)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    func matches(_ d: StoredDeposition) -> Bool {
        let m = d.currentMetadata
        return terms.allSatisfy { term in
            let values = Self.values(of: term.field, in: d, metadata: m).map { $0.lowercased() }
            if let range = Self.range(term.value) {
                return values.contains { value in !value.isEmpty && range.contains(value) }
            }
            if term.field == nil || term.field == "title" || term.field == "description"
                || term.field == "creators.name"
            {
                return values.contains { $0.contains(term.value) }
            }
            return values.contains(term.value)
        }
    }

    /// OpenSearch's range syntax, `[a TO b]` inclusive, `{a TO b}` exclusive, `*` open: compared
    /// as strings (ISO dates and equal-length numbers order so). A partial inclusive upper bound
    /// (`2024`, `2024-05`) covers its whole year or month, as OpenSearch rounds it up.
    struct ValueRange {
        var low: String?
        var high: String?
        var includeLow: Bool
        var includeHigh: Bool

        func contains(_ value: String) -> Bool {
            if let low, includeLow ? value < low : value <= low { return false }
            if let high {
                let ceiling = includeHigh && value.hasPrefix(high) ? value : high
                if includeHigh ? value > ceiling : value >= high { return false }
            }
            return true
        }
    }

    static func range(_ value: String) -> ValueRange? {
        guard let first = value.first, let last = value.last, value.count >= 2, "[{".contains(first),
            "]}".contains(last)
        else { return nil }
        let inner = value.dropFirst().dropLast()
        let parts = inner.components(separatedBy: " to ").map { $0.trimming(.whitespaces) }
        guard parts.count == 2 else { return nil }
        return ValueRange(
            low: parts[0] == "*" || parts[0].isEmpty ? nil : parts[0],
            high: parts[1] == "*" || parts[1].isEmpty ? nil : parts[1],
            includeLow: first == "[", includeHigh: last == "]")
    }

    private static func values(of field: String?, in d: StoredDeposition, metadata m: JSONValue) -> [String] {
        let creators = (m["creators"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let keywords = (m["keywords"]?.arrayValue ?? []).compactMap(\.stringValue)
        switch field {
        case nil:
            return [m["title"]?.stringValue, m["description"]?.stringValue].compactMap { $0 } + creators + keywords
        case "title": return [m["title"]?.stringValue ?? ""]
        case "description": return [m["description"]?.stringValue ?? ""]
        case "doi": return d.isPublished ? Flavor.allCases.map { $0.registeredDOI(d.id) } : []
        case "conceptdoi": return Flavor.allCases.map { $0.registeredDOI(d.conceptrecid) }
        case "recid", "id": return [String(d.id)]
        case "conceptrecid": return [String(d.conceptrecid)]
        case "creators.name": return creators
        case "keywords": return keywords
        case "communities": return (m["communities"]?.arrayValue ?? []).compactMap { $0["identifier"]?.stringValue }
        case "owners": return [String(d.owner)]
        case "publication_date": return [m["publication_date"]?.stringValue ?? ""]
        case "type", "upload_type": return [m["upload_type"]?.stringValue ?? ""]
        case "version": return [m["version"]?.stringValue ?? ""]
        case "state": return [d.state.rawValue]
        default: return []
        }
    }
}

/// The sort options Zenodo accepts on listings (`RDM_SORT_OPTIONS` plus the legacy ones).
enum SortOption: String, CaseIterable, Sendable {
    case bestmatch
    case minusBestmatch = "-bestmatch"
    case newest, oldest, mostrecent
    case minusMostrecent = "-mostrecent"
    case updatedDesc = "updated-desc"
    case updatedAsc = "updated-asc"
    case version
    case minusVersion = "-version"
    case publicationDate = "publication_date"
    case minusPublicationDate = "-publication_date"
    case publicationDesc = "publication-desc"
    case publicationAsc = "publication-asc"
    case mostviewed
    case minusMostviewed = "-mostviewed"
    case mostdownloaded
    case journal
    case minusJournal = "-journal"
    case conferenceSession = "conference_session"
    case minusConferenceSession = "-conference_session"
    case conferenceDesc = "conference-desc"
    case journalDesc = "journal-desc"
    case newestactivity, oldestactivity

    static func parse(_ text: String?, hasQuery: Bool) throws(APIError) -> SortOption {
        guard let text, !text.isEmpty else { return hasQuery ? .bestmatch : .newest }
        // `SearchRequestArgsSchema` checks it against every configured option: a schema error.
        guard let option = SortOption(rawValue: text) else {
            throw APIError.field("_schema", "Invalid sort option '\(text)'.")
        }
        return option
    }

    /// Orders depositions; ties fall back to the id, newest first, so pages are stable.
    func sorted(_ items: [StoredDeposition]) -> [StoredDeposition] {
        func date(_ d: StoredDeposition) -> String { d.currentMetadata["publication_date"]?.stringValue ?? "" }
        return items.sorted { a, b in
            switch self {
            case .oldest, .minusMostrecent:
                return (a.created, a.id) < (b.created, b.id)
            case .updatedAsc:
                return (a.modified, a.id) < (b.modified, b.id)
            case .updatedDesc:
                return (a.modified, a.id) > (b.modified, b.id)
            case .version:
                return (a.versionIndex, a.id) > (b.versionIndex, b.id)
            case .minusVersion:
                return (a.versionIndex, a.id) < (b.versionIndex, b.id)
            // Zenodo's `invenio.cfg`: `publication_date` is `-metadata.publication_date` (newest
            // first), `-publication_date` the other way round, as `publication-desc`/`-asc`.
            case .minusPublicationDate, .publicationAsc:
                return (date(a), a.created, a.id) < (date(b), b.created, b.id)
            case .publicationDate, .publicationDesc:
                return (date(a), a.created, a.id) > (date(b), b.created, b.id)
            case .oldestactivity:
                return (a.modified, a.id) < (b.modified, b.id)
            case .newestactivity:
                return (a.modified, a.id) > (b.modified, b.id)
            // Views, downloads, journals and sessions are not kept: newest first stands in.
            case .bestmatch, .minusBestmatch, .newest, .mostrecent, .mostviewed, .minusMostviewed, .mostdownloaded,
                .journal,
                .minusJournal, .conferenceSession, .minusConferenceSession, .conferenceDesc, .journalDesc:
                return (a.created, a.id) > (b.created, b.id)
            }
        }
    }
}

/// `page` and `size` as Zenodo checks them.
struct Paging: Sendable {
    var page: Int
    var size: Int

    /// `maxSize` is 100 for authenticated requests, 25 for anonymous record searches.
    static func parse(page: Substring?, size: Substring?, maxSize: Int, authenticated: Bool) throws(APIError) -> Paging
    {
        guard let page = page.map({ Int($0) }) ?? 1, let size = size.map({ Int($0) }) ?? 25, page >= 1, size >= 1 else {
            throw APIError.badQuery
        }
        // `ZenodoArgsSchema.validate_max_page_size` (site/zenodo_rdm/params.py): a field error on `size`
        // (sample 19, Zenodo's own test).
        if size > maxSize {
            let hint = authenticated ? "" : " Please use authenticated requests to increase the limit to 100."
            throw APIError.field("size", "Page size cannot be greater than \(maxSize).\(hint)")
        }
        // `page * size` can overflow (page=999999999999999999): found by the `query` fuzz target.
        // `Pagination.valid` (invenio-records-resources `pagination.py`): `(page - 1) * size < 10000`;
        // its `QuerystringValidationError` answers the handler's fixed "Invalid querystring parameters.".
        let (start, overflow) = (page - 1).multipliedReportingOverflow(by: size)
        if overflow || start >= 10_000 { throw APIError.badQuery }
        return Paging(page: page, size: size)
    }

    func slice<T>(_ items: [T]) -> ArraySlice<T> {
        let start = min((page - 1) * size, items.count)
        return items[start..<min(start + size, items.count)]
    }
}
