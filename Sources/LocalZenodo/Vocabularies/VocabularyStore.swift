import EssentialsExtras
import FoundationEssentials

/// InvenioRDM's lookup vocabularies as LocalZenodo serves them (issue 33): awards, funders,
/// affiliations and names, seeded with a small real subset from the source's own fixtures
/// (`SeedVocabularies`), and searched the way the web form's autocomplete asks
/// (`GET /api/awards?q=…` or `?suggest=…`, `size`, `page`).
struct VocabularyStore: Sendable {
    enum Kind: String, CaseIterable, Sendable {
        case awards, funders, affiliations, names, subjects
    }

    let entries: [Kind: [JSONValue]]

    static let seeded = VocabularyStore(entries: [
        .awards: parse(SeedVocabularies.awards), .funders: parse(SeedVocabularies.funders),
        .affiliations: parse(SeedVocabularies.affiliations), .names: parse(SeedVocabularies.names), .subjects: [],
    ])

    /// The seeded vocabularies with the instance's subjects.
    static func seeded(subjects: [SubjectSeed]) -> VocabularyStore {
        var entries = seeded.entries
        entries[.subjects] = subjects.map(\.json)
        return VocabularyStore(entries: entries)
    }

    /// Whether `id` is an entry of the vocabulary (ids compare as InvenioRDM's PID lookups do,
    /// exactly; a ROR or ORCID id is stored lower-case).
    func contains(_ kind: Kind, _ id: String) -> Bool {
        entries[kind]?.contains { $0["id"]?.stringValue == id } ?? false
    }

    private static func parse(_ text: String) -> [JSONValue] {
        JSONValue.parse(Data(text.utf8))?.arrayValue ?? []
    }

    func entry(_ kind: Kind, id: String) -> JSONValue? {
        entries[kind]?.first { $0["id"]?.stringValue?.lowercased() == id.lowercased() }
    }

    /// Every word of `query` in the entry's text (id, number, acronym, names, titles, aliases,
    /// identifiers), case and accents folded; an empty query matches all. Best first: an exact id,
    /// number or acronym, then the rest in their order.
    func search(_ kind: Kind, _ query: String, funder: String? = nil) -> [JSONValue] {
        let words = Self.fold(query).split(separator: " ").map(String.init)
        var found = (entries[kind] ?? []).filter { entry in
            if let funder, entry["funder"]?["id"]?.stringValue != funder { return false }
            let text = Self.fold(Self.text(of: entry))
            return words.allSatisfy { text.contains($0) }
        }
        let exact = Self.fold(query)
        found.sort { a, b in
            let ea = [a["id"], a["number"], a["acronym"]].contains { $0?.stringValue.map(Self.fold) == exact }
            let eb = [b["id"], b["number"], b["acronym"]].contains { $0?.stringValue.map(Self.fold) == exact }
            return ea && !eb
        }
        return found
    }

    static func fold(_ text: String) -> String {
        text.foldedForSearch
    }

    /// The searchable strings of an entry, joined.
    private static func text(of entry: JSONValue) -> String {
        var parts: [String] = []
        func collect(_ value: JSONValue, _ key: String) {
            switch value {
            case .string(let s) where !["description", "short_description"].contains(key): parts.append(s)
            case .array(let items): for item in items { collect(item, key) }
            case .object(let object): for (k, v) in object { collect(v, k) }
            default: break
            }
        }
        collect(entry, "")
        return parts.joined(separator: " ")
    }
}
