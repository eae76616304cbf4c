import FoundationEssentials
import NIOHTTP1

/// What a save through the legacy deposit API would lose of a record: Zenodo rewrites the whole
/// record from what the legacy form carries, and the legacy view does not show what goes. Read
/// from the record's native form (which Zenodo serves beside the legacy one), each item says
/// what, with its values, so the user can decide before anything is sent.
public enum LegacyLoss {
    public static func items(_ record: JSONValue) -> [String] {
        let m = record["metadata"]?.object ?? [:]
        var lost: [String] = []
        func add(_ what: String, _ values: [String]) {
            if !values.isEmpty { lost.append("\(what): \(values.joined(separator: ", "))") }
        }
        let vocabulary = (m["subjects"]?.array ?? []).filter { $0["id"] != nil }
        add("subjects from vocabularies", vocabulary.map { $0["subject"]?.string ?? $0["id"]?.string ?? "?" })
        let rights = m["rights"]?.array ?? []
        add(
            "licences after the first", rights.dropFirst().map { $0["id"]?.string ?? $0["title"]?["en"]?.string ?? "?" }
        )
        if let first = rights.first, first["id"] == nil {
            add("a licence with no id", [first["title"]?["en"]?.string ?? "?"])
        }
        for key in ["creators", "contributors"] {
            for person in m[key]?.array ?? [] {
                let p = person["person_or_org"]
                let name =
                    p?["name"]?.string
                    ?? [p?["family_name"]?.string, p?["given_name"]?.string].compactMap { $0 }.joined(separator: ", ")
                let other = (p?["identifiers"]?.array ?? []).filter {
                    !["orcid", "gnd"].contains($0["scheme"]?.string ?? "")
                }
                add(
                    "\(name)'s identifiers other than ORCID and GND",
                    other.map { "\($0["scheme"]?.string ?? "?") \($0["identifier"]?.string ?? "")" })
                let affiliations = person["affiliations"]?.array ?? []
                add(
                    "\(name)'s affiliations after the first",
                    affiliations.dropFirst().map { $0["name"]?.string ?? $0["id"]?.string ?? "?" })
                add("\(name)'s affiliation identifiers", affiliations.compactMap { $0["id"]?.string })
                if p?["type"]?.string == "organizational" { add("\(name) as an organisation", ["becomes a person"]) }
            }
        }
        add("additional titles", (m["additional_titles"]?.array ?? []).compactMap { $0["title"]?.string })
        add("additional descriptions", RDMNativeFields.otherDescriptions(m).map { $0["type"]?["id"]?.string ?? "?" })
        add("languages after the first", (m["languages"]?.array ?? []).dropFirst().compactMap { $0["id"]?.string })
        let funding = m["funding"]?.array ?? []
        add(
            "funding without an award number",
            funding.filter { $0["award"]?["number"] == nil && $0["award"]?["id"]?.string?.contains("::") != true }
                .map { $0["funder"]?["name"]?.string ?? $0["funder"]?["id"]?.string ?? "?" })
        add("award titles", funding.compactMap { $0["award"]?["title"]?["en"]?.string })
        add("reference identifiers", (m["references"]?.array ?? []).compactMap { $0["identifier"]?.string })
        for key in ["copyright", "formats", "sizes"] where m[key] != nil && m[key] != .null {
            lost.append(key)
        }
        let singles = (m["dates"]?.array ?? []).filter { !($0["date"]?.string ?? "").contains("/") }
        add("single dates (the legacy view shows them without a value)", singles.compactMap { $0["date"]?.string })
        let shapes = (m["locations"]?["features"]?.array ?? []).filter {
            ($0["geometry"]?["type"]?.string).map { $0 != "Point" } ?? false
        }
        add(
            "location shapes other than points",
            shapes.compactMap { $0["place"]?.string ?? $0["geometry"]?["type"]?.string })
        return lost
    }
}

extension ZenodoClient {
    /// What a legacy save of deposition `id` would lose (empty when the server does not serve the
    /// record natively, or speaks the native API already).
    public func legacyLosses(_ id: Int) async -> [String] { await backend.legacyLosses(self, id) }

    /// The native record of `id`, if the server serves one, and what the legacy API cannot carry of it.
    func nativeFieldsLegacyLoses(_ id: Int) async -> [String] {
        guard let record = try? await rdmJSON(.GET, "/records/\(id)/draft", idempotent: true, what: "the record") else {
            return []
        }
        return LegacyLoss.items(record)
    }
}
