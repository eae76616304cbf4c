import EssentialsExtras
import FoundationEssentials
import YAMLText
import ZenodoKit

/// A record's metadata as the files zenodo-tui imports (issue 33): `.zenodo.json` (Zenodo's
/// legacy metadata object) and `CITATION.cff` (CFF 1.2). Each reads back through `MetadataFile`
/// and `CitationFile` to the same fields (the CFF file carries the fields CFF has).
public enum MetadataExport {
    /// What a `.zenodo.json` may carry: the legacy fields, less what the server assigns.
    static let exported = DepositionMetadata.knownFields.filter { !["doi", "prereserve_doi"].contains($0) }

    /// The legacy fields of a deposition (the owner's view: lossless).
    public static func fields(of deposition: Deposition) -> [String: JSONValue] {
        deposition.metadata.raw.filter { exported.contains($0.key) }
    }

    /// The legacy fields of a public record's Zenodo JSON: `license.id` as the id, `resource_type`
    /// as `upload_type` and its subtype, communities as identifiers; what Zenodo JSON has no legacy
    /// form for (relations, the DOI, statistics) is left out.
    public static func fields(of record: Record) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (key, value) in record.metadata.object ?? [:] where exported.contains(key) { out[key] = value }
        if let license = record.metadata["license"]?["id"]?.string { out["license"] = .string(license) }
        if let type = record.metadata["resource_type"]?["type"]?.string {
            out["upload_type"] = .string(type)
            if let subtype = record.metadata["resource_type"]?["subtype"]?.string,
                ["publication", "image"].contains(type)
            {
                out["\(type)_type"] = .string(subtype)
            }
        }
        if let communities = record.metadata["communities"]?.array {
            out["communities"] = .array(communities.compactMap { $0["id"].map { ["identifier": $0] } })
        }
        // Grants in Zenodo JSON carry no id the legacy loader takes back (`funder::number`) unless given.
        if let grants = record.metadata["grants"]?.array {
            let ids = grants.compactMap { $0["internal_id"]?.string ?? $0["id"]?.string }
            if ids.isEmpty { out["grants"] = nil } else { out["grants"] = .array(ids.map { ["id": .string($0)] }) }
        }
        return out
    }

    /// `.zenodo.json`: the fields, keys sorted, indented.
    public static func zenodoJSON(_ fields: [String: JSONValue]) -> Data {
        var data = JSONValue.object(fields).encoded(pretty: true)
        if data.last != UInt8(ascii: "\n") { data.append(UInt8(ascii: "\n")) }
        return data
    }

    /// `CITATION.cff` (1.2.0): title, type, authors (family and given names, affiliation, ORCID as
    /// a URL), abstract (the description as text), keywords, version, date released, licence, DOI,
    /// and the code repository (a related `isSupplementTo` web address).
    public static func citationFile(_ fields: [String: JSONValue], doi: String?) throws -> String {
        var pairs: [YAMLPair] = []
        func add(_ key: String, _ value: YAMLNode?) { if let value { pairs.append(YAMLPair(YAMLNode(key), value)) } }
        add("cff-version", YAMLNode("1.2.0"))
        add("message", YAMLNode("If you use this, please cite it as below."))
        add("type", YAMLNode(fields["upload_type"]?.string == "software" ? "software" : "dataset"))
        add("title", fields["title"]?.string.map { YAMLNode($0) })
        let authors: [YAMLNode] = (fields["creators"]?.array ?? []).map { creator in
            var person: [YAMLPair] = []
            let name = creator["name"]?.string ?? ""
            let parts = name.split(separator: ",", maxSplits: 1).map { $0.trimming(.whitespaces) }
            if parts.count == 2 {
                person.append(YAMLPair(YAMLNode("family-names"), YAMLNode(parts[0])))
                person.append(YAMLPair(YAMLNode("given-names"), YAMLNode(parts[1])))
            } else {
                person.append(YAMLPair(YAMLNode("name"), YAMLNode(name)))
            }
            if let affiliation = creator["affiliation"]?.string {
                person.append(YAMLPair(YAMLNode("affiliation"), YAMLNode(affiliation)))
            }
            if let orcid = creator["orcid"]?.string {
                person.append(YAMLPair(YAMLNode("orcid"), YAMLNode("https://orcid.org/\(orcid)")))
            }
            return .mapping(person, .unplaced)
        }
        add("authors", .sequence(authors, .unplaced))
        if let description = fields["description"]?.string, !description.isEmpty {
            add("abstract", YAMLNode(HTMLText.plain(description)))
        }
        if let keywords = fields["keywords"]?.array?.compactMap(\.string), !keywords.isEmpty {
            add("keywords", .sequence(keywords.map { YAMLNode($0) }, .unplaced))
        }
        add("version", fields["version"]?.string.map { YAMLNode($0, style: .doubleQuoted) })
        add("date-released", fields["publication_date"]?.string.map { YAMLNode($0, style: .singleQuoted) })
        add("license", fields["license"]?.string.map { YAMLNode($0) })
        add("doi", doi.map { YAMLNode($0) })
        let repository = (fields["related_identifiers"]?.array ?? []).first {
            $0["relation"]?.string == "isSupplementTo" && ($0["identifier"]?.string ?? "").hasPrefix("http")
        }?["identifier"]?.string
        add("repository-code", repository.map { YAMLNode($0) })
        return try YAMLEmitter.emit(.mapping(pairs, .unplaced))
    }
}
