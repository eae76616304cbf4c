import EssentialsExtras
import FoundationEssentials

/// A grant named the way people know it (`EC::101004215`, `00k4n6c32::283595`,
/// `10.13039/501100000780::283595`, or a bare number, which Zenodo reads as the European
/// Commission's) resolved against the server's vocabularies, or refused with the nearest awards
/// (issue 33). The answer is the legacy `grants` entry Zenodo takes back: `{"id": "ROR::number"}`
/// (zenodo-rdm's `load_funding` maps a funder DOI to its ROR id, and leaves a ROR id as it is).
public enum GrantLookup {
    public struct Resolved: Sendable, Equatable {
        public var funderID: String
        public var number: String
        public var award: VocabularyEntry
        public var legacyEntry: JSONValue { ["id": .string("\(funderID)::\(number)")] }
    }

    public static func resolve(_ text: String, client: ZenodoClient) async throws -> Resolved {
        let parts = text.components(separatedBy: "::").map { $0.trimming(.whitespaces) }
        let (funderText, number) = parts.count >= 2 ? (parts[0], parts[1]) : ("00k4n6c32", parts[0])
        guard !number.isEmpty, !funderText.isEmpty else {
            throw ZenodoError(.validation, "a grant is FUNDER::NUMBER (EC::101004215), not '\(text)'")
        }
        let funder = try await self.funder(funderText, client: client)
        let id = "\(funder.id)::\(number)"
        if let award = try await client.lookup(.awards, id, size: 5).first(where: { $0.id == id }) {
            return Resolved(funderID: funder.id, number: number, award: award)
        }
        // The funder's awards whose numbers share the most leading characters with the one asked.
        let theirs = try await client.lookup(.awards, funder.id, size: 50)
        func shared(_ entry: VocabularyEntry) -> Int {
            zip(entry.id.components(separatedBy: "::").last ?? "", number).prefix { $0 == $1 }.count
        }
        let names = theirs.sorted { shared($0) > shared($1) }.prefix(3).map { "\($0.id) (\($0.label))" }
        throw ZenodoError(
            .validation,
            "\(client.profile.displayName) has no award \(number) of \(funder.label)"
                + (names.isEmpty ? "" : "; nearest: \(names.joined(separator: ", "))")
                + " (zenodo-tui lookup awards WORDS finds one)")
    }

    /// A funder by ROR id, DOI, acronym or name.
    static func funder(_ text: String, client: ZenodoClient) async throws -> VocabularyEntry {
        let found = try await client.lookup(.funders, text, size: 10)
        let lower = text.lowercased()
        if let exact = found.first(where: {
            $0.id == lower || $0.label.lowercased() == lower || $0.detail.lowercased().hasPrefix(lower + " ·")
        }) {
            return exact
        }
        if found.count == 1 { return found[0] }
        throw ZenodoError(
            .validation,
            "\(client.profile.displayName) knows no funder '\(text)'"
                + (found.isEmpty
                    ? "" : "; it could be: \(found.prefix(3).map { "\($0.id) (\($0.label))" }.joined(separator: ", "))")
                + " (zenodo-tui lookup funders WORDS)")
    }
}
