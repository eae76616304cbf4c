import FoundationEssentials
import YAMLText
import ZenodoKit

/// `CITATION.cff` (Citation File Format 1.2) mapped to Zenodo's legacy metadata, the way Zenodo's
/// GitHub integration reads it: title, authors (family and given names, affiliation, ORCID),
/// abstract, keywords, version, date released, license (SPDX), DOI and code repository.
public enum CitationFile {
    public static func metadata(fromYAML text: String, name: String = "CITATION.cff") throws -> [String: JSONValue] {
        let parsed: Any?
        do {
            // Aliases are shared while composed, but copied when made into values: a few lines
            // that refer to each other ("billion laughs") would expand without end. Count first.
            let root = try YAMLParser.compose(text)
            if let root {
                guard root.expandedCount(upTo: 100_001) <= 100_000 else {
                    throw ZenodoError(
                        .validation,
                        "\(name) expands to more than 100,000 YAML nodes (aliases referring to aliases); a CITATION.cff needs a few hundred"
                    )
                }
                // A key that is not text (`? [a, b]: x`, `? {a: b}: x`, an alias of a list as a
                // key) has no field name: refused in words (Yams trapped on them, found by the
                // `citation` fuzz target).
                guard keysAreText(root) else {
                    throw ZenodoError(
                        .validation, "\(name) has a key that is not text (a list, a mapping or an alias used as a key)")
                }
            }
            parsed = try root?.safeValue()
        } catch let error as ZenodoError {
            throw error
        } catch {
            throw ZenodoError(.validation, "\(name) is not valid YAML: \(error)")
        }
        guard let cff = parsed as? [String: Any] else {
            throw ZenodoError(.validation, "\(name) must be a YAML mapping (cff-version, title, authors, …)")
        }
        guard let title = cff["title"] as? String, !title.isEmpty else {
            throw ZenodoError(.validation, "\(name) has no title (required by CFF 1.2)")
        }
        guard let authors = cff["authors"] as? [[String: Any]], !authors.isEmpty else {
            throw ZenodoError(.validation, "\(name) has no authors (required by CFF 1.2)")
        }
        var out: [String: JSONValue] = ["title": .string(title)]
        out["upload_type"] = .string((cff["type"] as? String) == "dataset" ? "dataset" : "software")
        out["creators"] = .array(authors.map(person))
        if let abstract = cff["abstract"] as? String { out["description"] = .string(abstract) }
        if let keywords = cff["keywords"] as? [Any] { out["keywords"] = .array(keywords.map { .string("\($0)") }) }
        if let version = cff["version"] { out["version"] = .string("\(version)") }
        if let date = cff["date-released"] { out["publication_date"] = .string(day(date)) }
        if let license = cff["license"] as? String { out["license"] = .string(license.lowercased()) }
        if let doi = cff["doi"] as? String { out["doi"] = .string(doi) }
        if let repository = (cff["repository-code"] ?? cff["url"]) as? String {
            out["related_identifiers"] = [["identifier": .string(repository), "relation": "isSupplementTo"]]
        }
        return out
    }

    /// Whether every mapping key in the tree is a plain scalar.
    private static func keysAreText(_ node: YAMLNode) -> Bool {
        switch node {
        case .mapping(let pairs, _):
            return pairs.allSatisfy { pair in
                if case .scalar = pair.key { return keysAreText(pair.value) }
                return false
            }
        case .sequence(let items, _):
            return items.allSatisfy(keysAreText)
        default:
            return true
        }
    }

    public static func load(_ url: URL) throws -> [String: JSONValue] {
        let data = try BoundedFile.read(url, limit: MetadataFile.limit, what: url.lastPathComponent)
        guard let text = String(data: data, encoding: .utf8) else {
            throw ZenodoError(.validation, "\(url.lastPathComponent) is not UTF-8 text")
        }
        return try metadata(fromYAML: text, name: url.lastPathComponent)
    }

    private static func person(_ author: [String: Any]) -> JSONValue {
        var person: [String: JSONValue] = [:]
        if let family = author["family-names"] as? String {
            let given = author["given-names"] as? String
            person["name"] = .string(given.map { "\(family), \($0)" } ?? family)
        } else {
            person["name"] = .string((author["name"] as? String) ?? "")
        }
        if let affiliation = author["affiliation"] as? String { person["affiliation"] = .string(affiliation) }
        if let orcid = author["orcid"] as? String {
            person["orcid"] = .string(orcid.replacing("https://orcid.org/", with: ""))
        }
        return .object(person)
    }

    /// `date-released` arrives as a date or a string; Zenodo wants `YYYY-MM-DD`.
    private static func day(_ value: Any) -> String {
        if let date = value as? Date {
            return date.formatted(.iso8601.year().month().day())
        }
        return String("\(value)".prefix(10))
    }
}
