import EssentialsExtras
import FoundationEssentials

/// `--set FIELD=VALUE` edits: plain text fields; lists (`keywords`, `references`, `communities`)
/// comma-separated or as a JSON list; people (`creators`, `contributors`, `thesis_supervisors`) as
/// `Family, Given[@Affiliation][#ORCID]` separated by `;` or as Zenodo's JSON; and the fields that
/// have no short form (`dates`, `related_identifiers`, `subjects`, `grants`, `locations`, `custom`)
/// as Zenodo's JSON only: taken as text, Zenodo would refuse them.
public enum MetadataAssignment {
    static let listFields: Set<String> = ["keywords", "references", "communities"]
    static let peopleFields: Set<String> = ["creators", "contributors", "thesis_supervisors"]
    static let jsonFields: Set<String> = ["dates", "related_identifiers", "subjects", "grants", "locations", "custom"]

    public static func apply(_ assignment: String, to metadata: inout DepositionMetadata) throws {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw ZenodoError(.configuration, "'\(assignment)' is not FIELD=VALUE")
        }
        let field = String(assignment[..<equals]).trimming(.whitespaces)
        let value = String(assignment[assignment.index(after: equals)...])
        guard DepositionMetadata.knownFields.contains(field) || field.hasSuffix("_type") else {
            throw ZenodoError(.configuration, "'\(field)' is not a Zenodo metadata field")
        }
        switch field {
        case _ where peopleFields.contains(field):
            metadata[field] = .array(try people(value, field: field).map(\.json))
        case _ where jsonFields.contains(field):
            metadata[field] = try json(value, field: field)
        case "communities":
            metadata.communities = strings(inJSON: value, key: "identifier") ?? commaSeparated(value)
        case _ where listFields.contains(field):
            let list = strings(inJSON: value) ?? commaSeparated(value)
            metadata[field] = list.isEmpty ? nil : .array(list.map { .string($0) })
        default:
            metadata[field] = value.isEmpty ? nil : .string(value)
        }
    }
}

extension MetadataAssignment {
    static func commaSeparated(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimming(.whitespaces) }.filter { !$0.isEmpty }
    }

    /// A JSON list of strings (or, with `key`, of objects holding a string under `key`, as
    /// Zenodo writes communities), or nil: then the value is a comma-separated list, for a
    /// reference may well start with `[1]`.
    static func strings(inJSON value: String, key: String? = nil) -> [String]? {
        let trimmed = value.trimming(.whitespacesAndNewlines)
        guard trimmed.first == "[", let items = (try? JSONValue.decode(Data(trimmed.utf8)))?.array else { return nil }
        let strings = items.compactMap { item in item.string ?? key.flatMap { item[$0]?.string } }
        return strings.count == items.count ? strings : nil
    }

    /// What each field with no short form looks like (`zenodo-api.md`, the deposit metadata table).
    static let jsonExamples: [String: String] = [
        "dates": #"a list like [{"start": "2024-05-01", "end": "2024-05-31", "type": "Collected"}]"#,
        "related_identifiers": #"a list like [{"identifier": "10.5281/zenodo.123", "relation": "isSupplementTo"}]"#,
        "subjects": #"a list like [{"term": "Glaciology", "identifier": "…", "scheme": "…"}]"#,
        "grants": #"a list like [{"id": "10.13039/501100000780::101000000"}]"#,
        "locations": #"a list like [{"place": "Bergen", "lat": 60.39, "lon": 5.32}]"#,
        "custom": #"an object like {"code:codeRepository": "https://…"}"#,
    ]

    /// A field with no short form: Zenodo's JSON (a list; an object for `custom`), or nothing to
    /// remove the field.
    static func json(_ value: String, field: String) throws -> JSONValue? {
        let trimmed = value.trimming(.whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let json = try? JSONValue.decode(Data(trimmed.utf8))
        guard let json, field == "custom" ? json.object != nil : json.array != nil else {
            throw ZenodoError(
                .configuration,
                "\(field) takes Zenodo's JSON, \(jsonExamples[field] ?? "a list, [{…}, …]"), or nothing to remove it")
        }
        return json
    }

    /// People as `Family, Given[@Affiliation][#ORCID]` separated by `;`, or as Zenodo's JSON: a list
    /// of objects with a `name` each (and `affiliation`, `orcid`, `gnd`, `type`), or one such object.
    /// No name starts with `[` or `{`, so such a value is JSON, and JSON that is not a list of named
    /// people is refused rather than kept as one person named after the whole text.
    static func people(_ value: String, field: String) throws -> [Person] {
        let trimmed = value.trimming(.whitespacesAndNewlines)
        if trimmed.first == "[" || trimmed.first == "{" {
            let json = try? JSONValue.decode(Data(trimmed.utf8))
            let items = json.flatMap { $0.array ?? ($0.object == nil ? nil : [$0]) }
            let people = items?.compactMap { item -> Person? in
                guard let name = item["name"]?.string, !name.trimming(.whitespaces).isEmpty else {
                    return nil
                }
                return Person(json: item)
            }
            guard let people, let items, people.count == items.count else {
                throw ZenodoError(
                    .configuration,
                    "\(field): not JSON of people with a \"name\" each, like [{\"name\": \"Doe, Jane\", \"orcid\": \"0000-0002-1825-0097\"}]; or write them as 'Family, Given@Affiliation#ORCID; …'"
                )
            }
            return people
        }
        return value.split(separator: ";").compactMap { part -> Person? in
            var text = String(part).trimming(.whitespaces)
            guard !text.isEmpty else { return nil }
            var orcid: String?
            var affiliation: String?
            if let hash = text.lastIndex(of: "#") {
                orcid = String(text[text.index(after: hash)...])
                text = String(text[..<hash])
            }
            if let at = text.lastIndex(of: "@") {
                affiliation = String(text[text.index(after: at)...])
                text = String(text[..<at])
            }
            return Person(name: text.trimming(.whitespaces), affiliation: affiliation, orcid: orcid)
        }
    }
}
