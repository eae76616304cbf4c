import FoundationEssentials
import NIOHTTP1

/// An entry of an InvenioRDM lookup vocabulary, with what a person needs to choose it (issue 33):
/// an award's number, acronym, title and funder; a funder's or affiliation's name, country and
/// ROR id; a person's name, affiliation and ORCID. Server text: sanitise before showing.
public struct VocabularyEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case awards, funders, affiliations, names, subjects
    }

    public var kind: Kind
    /// The vocabulary id (`00k4n6c32::283595`, a ROR id, an ORCID).
    public var id: String
    /// The name or title to show first.
    public var label: String
    /// What tells it apart: number and funder, country, affiliation and ORCID.
    public var detail: String

    public init(json: JSONValue, kind: Kind) throws(DecodingFailure) {
        guard let id = json["id"]?.string else { throw DecodingFailure(what: "a vocabulary entry without an id") }
        self.kind = kind
        self.id = id
        let title = json["title"]?["en"]?.string ?? json["title"]?.string
        func identifier(_ scheme: String) -> String? {
            json["identifiers"]?.array?.first { $0["scheme"]?.string == scheme }?["identifier"]?.string
        }
        switch kind {
        case .awards:
            let number = json["number"]?.string ?? ""
            label = [json["acronym"]?.string, title].compactMap { $0 }.joined(separator: ": ")
            detail = [number, json["funder"]?["name"]?.string, json["program"]?.string].compactMap { $0 }
                .filter { !$0.isEmpty }.joined(separator: " · ")
        case .funders, .affiliations:
            label = json["name"]?.string ?? title ?? id
            detail = [json["acronym"]?.string, json["country_name"]?.string ?? json["country"]?.string, "ROR \(id)"]
                .compactMap { $0 }.joined(separator: " · ")
        case .names:
            let family = json["family_name"]?.string ?? ""
            let given = json["given_name"]?.string
            label = json["name"]?.string ?? (given.map { "\(family), \($0)" } ?? family)
            let affiliation = json["affiliations"]?.array?.first?["name"]?.string
            detail = [affiliation, identifier("orcid").map { "ORCID \($0)" }].compactMap { $0 }.joined(separator: " · ")
        case .subjects:
            label = json["subject"]?.string ?? title ?? id
            detail = json["scheme"]?.string ?? ""
        }
    }
}

extension ZenodoClient {
    /// `GET /api/{kind}?q=`: the vocabulary's entries matching `query`, best first.
    public func lookup(_ kind: VocabularyEntry.Kind, _ query: String, size: Int = 10) async throws -> [VocabularyEntry]
    {
        let reply = try await send(
            .GET, url("/\(kind.rawValue)", query: [("q", query), ("size", String(size))]), idempotent: true,
            accept: Self.rdmAccept)
        return try reply.hits("the \(kind.rawValue)") { try VocabularyEntry(json: $0, kind: kind) }
    }
}
