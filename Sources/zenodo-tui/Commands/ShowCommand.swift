import ArgumentParser
import Foundation
import TerminalKit
import ZenodoKit

/// `zenodo-tui show ID`: a deposition's metadata and files.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a deposition's metadata and files.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The deposition id.")
    var id: Int

    @Flag(help: "Print JSON (the summary, Zenodo's metadata object, and the files).")
    var json = false

    func run() async throws {
        try await global.withClient { client in
            let deposition = try await client.deposition(id)
            if json {
                Console.writeJSON(ZenodoJSONOutput(JSONShapes.detail(deposition)))
            } else {
                for line in DepositionSheet(deposition: deposition).lines() { Console.out(line) }
            }
        }
    }
}

/// A deposition formatted for reading in a terminal.
struct DepositionSheet {
    var deposition: Deposition

    func lines() -> [String] {
        let d = deposition
        let m = d.metadata
        var lines: [String] = []
        func field(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            lines.append(Console.styled(TerminalText.pad(name, to: 14), .bold) + Console.safe(value))
        }
        lines.append(Console.styled(Console.safe(d.title.isEmpty ? "(untitled)" : d.title), .bold))
        field("Id", "\(d.id) (\(d.status.rawValue))")
        field("DOI", d.doi ?? m.prereservedDOI.map { "\($0) (reserved, registered at publish)" })
        field("Concept DOI", d.conceptDOI)
        field("Type", [m.uploadType, m.uploadSubtype].compactMap { $0 }.joined(separator: " / "))
        field("Published on", m.publicationDate)
        field("Version", m.version)
        field("Access", [m.accessRight, m.embargoDate.map { "until \($0)" }].compactMap { $0 }.joined(separator: " "))
        field("License", m.license)
        for (index, person) in m.creators.enumerated() {
            let extra = [person.affiliation, person.orcid.map { "ORCID \($0)" }].compactMap { $0 }.joined(separator: ", ")
            field(index == 0 ? "Creators" : "", person.name + (extra.isEmpty ? "" : " (\(extra))"))
        }
        field("Keywords", m.keywords?.joined(separator: ", "))
        field("Web page", d.htmlURL)
        if let description = m.description {
            lines.append("")
            lines.append(contentsOf: TextWrap.wrap(HTMLText.plain(description), width: min(Console.columns, 100)).map(Console.safe))
        }
        lines.append("")
        lines.append(Console.styled("Files (\(d.files.count), \(ByteFormat.string(d.totalSize)))", .bold))
        for file in d.files {
            lines.append(
                "  " + TerminalText.pad(Console.safe(file.filename), to: 40) + " "
                    + TerminalText.pad(ByteFormat.string(file.size), to: 10, alignRight: true) + "  md5:" + (file.md5 ?? "?"))
        }
        return lines
    }
}

