import ArgumentParser
import Foundation
import TerminalKit
import ZenodoKit
import ZenodoTUI

/// `zenodo-tui show ID`: a deposition's metadata and files.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a deposition's metadata and files.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The deposition id.")
    var id: Int

    @Flag(help: "Print JSON (the summary, Zenodo's metadata object, and the files).")
    var json = false

    func run() async throws {
        try await global.withClient(json: json) { client in
            let deposition = try await client.deposition(id)
            if json {
                Console.writeJSON(ZenodoJSONOutput(JSONShapes.detail(deposition)))
            } else {
                for line in DepositionSheet(deposition: deposition).lines() { Console.out(line) }
            }
        }
    }
}

/// A deposition formatted for reading in a terminal: the interface's own lines
/// (`DepositionLines`), with their styles as ANSI attributes when the output is a terminal.
struct DepositionSheet {
    var deposition: Deposition

    func lines() -> [String] {
        DepositionLines.make(deposition, width: min(Console.columns, 100) - 2).map { line in
            if line.style.bold && line.style.foreground == .cyan { return Console.styled(line.text, .cyan) }
            if line.style.bold { return Console.styled(line.text, .bold) }
            if line.style.dim { return Console.styled(line.text, .dim) }
            return line.text
        }
    }
}
