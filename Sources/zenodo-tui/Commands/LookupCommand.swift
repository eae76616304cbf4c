import ArgumentParser
import FoundationEssentials
import ZenodoKit

/// `lookup awards|funders|affiliations|names WORDS`: the server's vocabularies searched (issue
/// 33), so a grant's id, a funder's or an affiliation's ROR id, or a person's ORCID is found, not
/// guessed.
struct LookupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Search the server's vocabularies: awards (grants), funders, affiliations (ROR), names (ORCID).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "awards, funders, affiliations, names or subjects.") var kind: String
    @Argument(help: "Words: a number, an acronym, a name.") var words: [String] = []
    @Option(help: "How many, best first (1 to 100).") var size: Int = 10
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard VocabularyEntry.Kind(rawValue: kind) != nil else {
            throw ValidationError("the vocabulary is awards, funders, affiliations, names or subjects")
        }
        guard (1...100).contains(size) else { throw ValidationError("--size is 1 to 100") }
    }

    func run() async throws {
        let chosen = VocabularyEntry.Kind(rawValue: kind) ?? .awards
        try await global.withClient(requireToken: false, json: json) { client in
            let found = try await client.lookup(chosen, words.joined(separator: " "), size: size)
            CommunityText.print(
                found, json: json, none: "Nothing in \(kind) matches.",
                { ["id": .string($0.id), "label": .string($0.label), "detail": .string($0.detail)] },
                { "\(Console.safe($0.id))  \(Console.safe($0.label))  (\(Console.safe($0.detail)))" })
        }
    }
}
