import ArgumentParser
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// `zenodo-tui list`: the account's depositions as a table (or `--json`).
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List your depositions (drafts and published).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Include every version, not only the latest of each record.")
    var allVersions = false

    @Option(help: "Search query (Zenodo syntax, e.g. title:glacier or conceptrecid:123).")
    var query: String?

    @Option(help: "Sort: mostrecent (default), -mostrecent, newest, oldest, updated-desc, updated-asc.")
    var sort: String = "mostrecent"

    @Flag(help: "Print JSON (an array of deposition summaries; see the README).")
    var json = false

    func run() async throws {
        let query = DepositionQuery(query: query, sort: sort, allVersions: allVersions)
        try await global.withClient(json: json) { client in
            if json {
                let all = try await client.allDepositions(query)
                Console.writeJSON(ZenodoJSONOutput(.array(all.map(JSONShapes.summary))))
                return
            }
            let table = DepositionTable(columns: Console.columns)
            var count = 0
            for try await page in client.depositionPages(query) {
                if count == 0, !page.isEmpty { Console.out(table.header()) }
                for deposition in page { Console.out(table.row(deposition)) }
                count += page.count
            }
            if count == 0 {
                Console.error(
                    "No depositions on \(client.profile.displayName). Create one with the web UI or `zenodo-tui create`."
                )
            }
        }
    }
}

/// The list's table: id, state badge, title, files, size, modified; fits the terminal width.
struct DepositionTable {
    var columns: Int

    private var titleWidth: Int { max(20, columns - 8 - 12 - 6 - 10 - 11 - 5) }

    func header() -> String {
        let text = [
            TerminalText.pad("ID", to: 8), TerminalText.pad("STATE", to: 12), TerminalText.pad("TITLE", to: titleWidth),
            TerminalText.pad("FILES", to: 6, alignRight: true), TerminalText.pad("SIZE", to: 10, alignRight: true),
            "MODIFIED",
        ].joined(separator: " ")
        return Console.styled(text, .bold)
    }

    func row(_ d: Deposition) -> String {
        let badge = TerminalText.pad(d.status.rawValue, to: 12)
        let style: Console.Style =
            switch d.status {
            case .draft: .yellow
            case .newVersion: .magenta
            case .published: .green
            case .editing: .cyan
            }
        let modified = d.modified.map { String($0.formatted(.iso8601).prefix(10)) } ?? ""
        return [
            TerminalText.pad(String(d.id), to: 8), Console.styled(badge, style),
            TerminalText.pad(Console.safe(d.title.isEmpty ? "(untitled)" : d.title), to: titleWidth),
            TerminalText.pad(String(d.files.count), to: 6, alignRight: true),
            TerminalText.pad(ByteFormat.string(d.totalSize), to: 10, alignRight: true), modified,
        ].joined(separator: " ")
    }
}
