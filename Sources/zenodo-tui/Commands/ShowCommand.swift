import ArgumentParser
import DepositionText
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// `zenodo-tui show ID`: a deposition's metadata and files.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a deposition's metadata and files.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The deposition id.")
    var id: Int

    @Flag(help: "Print JSON (the summary, Zenodo's metadata object, and the files).")
    var json = false

    func run() async throws {
        try await global.withClient(json: json) { client in
            let deposition = try await client.deposition(id)
            let stats = await client.stats(of: deposition)
            if json {
                var detail = JSONShapes.detail(deposition)
                if let stats { detail["stats"] = JSONShapes.stats(stats) }
                Console.writeJSON(ZenodoJSONOutput(detail))
            } else {
                for line in DepositionSheet(deposition: deposition, stats: stats).lines() { Console.out(line) }
            }
        }
    }
}

/// A deposition formatted for reading in a terminal: the lines the interface shows
/// (`DepositionLines`), their kinds as ANSI attributes when the output is a terminal.
struct DepositionSheet {
    var deposition: Deposition
    var stats: RecordAbout.Stats?

    func lines() -> [String] {
        DepositionLines.make(deposition, width: min(Console.columns, 100) - 2, stats: stats).map { line in
            switch line.role {
            case .title: return Console.styled(line.text, .cyan)
            case .heading: return Console.styled(line.text, .bold)
            case .dim: return Console.styled(line.text, .dim)
            case .error: return Console.styled(line.text, .red)
            case .plain: return line.text
            }
        }
    }
}
