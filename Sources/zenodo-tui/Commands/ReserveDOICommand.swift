import ArgumentParser
import FoundationEssentials
import ZenodoKit

/// `reserve-doi DRAFT`: the draft's DOI, reserved if it has none (issue 33), to write into a
/// README or CITATION.cff before the upload; registered when the record is published.
struct ReserveDOICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reserve-doi",
        abstract: "Print a draft's DOI, reserving one first if it has none (registered at publish).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The draft deposition id.") var deposition: Int
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try global.refuseIfReadOnly("reserve a DOI")
        try await global.withClient(json: json) { client in
            let doi = try await client.reserveDOI(deposition)
            if json {
                return Console.writeJSON(ZenodoJSONOutput(["deposition": .int(deposition), "doi": .string(doi)]))
            }
            Console.out(doi)
            Console.error(
                "Reserved for deposition \(deposition): registered when it is published, usable in its files now.")
        }
    }
}
