import FoundationEssentials
import NIOHTTP1

/// The formats a record leaves in (issue 33): the server's own serializers where it has them
/// (by `Accept` on `GET /api/records/{id}`), and zenodo-tui's mapping for `.zenodo.json` and
/// `CITATION.cff`, which round-trip with its import.
public enum ExportFormat: Sendable, Equatable {
    case zenodoJSON
    case cff
    case bibtex
    case cslJSON
    case dataciteJSON
    /// A formatted citation in a CSL style (`text/x-bibliography?style=`).
    case citation(style: String)

    /// The names `--format` takes; a style name alone (`apa`) means a citation in it.
    public static let names = ["zenodo-json", "cff", "bibtex", "csl-json", "datacite-json", "citation"]

    public init?(name: String, style: String? = nil) {
        switch name.lowercased() {
        case "zenodo-json", ".zenodo.json", "zenodo": self = .zenodoJSON
        case "cff", "citation.cff": self = .cff
        case "bibtex", "bib": self = .bibtex
        case "csl-json", "csl": self = .cslJSON
        case "datacite-json", "datacite": self = .dataciteJSON
        case "citation": self = .citation(style: style ?? "harvard-cite-them-right")
        default:
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), !name.isEmpty else { return nil }
            self = .citation(style: name.lowercased())
        }
    }

    /// The `Accept` type of the server's serializer, nil for zenodo-tui's own mappings.
    public var accept: String? {
        switch self {
        case .zenodoJSON, .cff: nil
        case .bibtex: "application/x-bibtex"
        case .cslJSON: "application/vnd.citationstyles.csl+json"
        case .dataciteJSON: "application/vnd.datacite.datacite+json"
        case .citation: "text/x-bibliography"
        }
    }

    /// The file name a record's export is written to by default.
    public func fileName(record id: Int) -> String {
        switch self {
        case .zenodoJSON: ".zenodo.json"
        case .cff: "CITATION.cff"
        case .bibtex: "\(id).bib"
        case .cslJSON: "\(id).csl.json"
        case .dataciteJSON: "\(id).datacite.json"
        case .citation: "\(id).txt"
        }
    }
}

extension ZenodoClient {
    /// The record in one of the server's formats, as text (`GET /api/records/{id}` with its
    /// `Accept`; a citation with `style` and `locale`). A style the server does not know is its
    /// 400 in its words.
    public func exportedRecord(_ id: Int, as format: ExportFormat, locale: String = "en-US") async throws -> String {
        guard let accept = format.accept else {
            throw ZenodoError(.unexpected, "\(format) is zenodo-tui's own mapping, not the server's")
        }
        var query: [(String, String)] = []
        if case .citation(let style) = format { query = [("style", style), ("locale", locale)] }
        let reply = try await send(.GET, url("/records/\(id)", query: query), idempotent: true, accept: accept)
        // A server without that serializer answers its default (JSON): not passed off as the format.
        let type = (reply.header("Content-Type") ?? "").lowercased()
        var expected = [accept]
        if case .citation = format { expected.append("text/plain") }
        guard expected.contains(where: { type.hasPrefix($0) }) else {
            throw ZenodoError(
                .unexpected,
                "\(profile.displayName) has no \(accept) for records (it answered \(type.isEmpty ? "no content type" : type))"
            )
        }
        return String(decoding: reply.body, as: UTF8.self)
    }
}
