import ArgumentParser
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// `zenodo-tui search QUERY`: public records, as a table or JSON. No token needed; a token there
/// is sent only to its own server, and raises the page size limit from 25 to 100.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search public records (Zenodo's query syntax), to read or download.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The query, e.g. glacier, title:\"mass balance\", creators.name:Doe (empty: everything).")
    var query: String = ""

    @Option(help: "Resource type: dataset, software, publication, image, …")
    var type: String?

    @Option(help: "The subtype with --type publication or image, e.g. article.")
    var subtype: String?

    @Option(help: "A community's slug (repeatable).")
    var community: [String] = []

    @Option(help: "open, embargoed, restricted or metadata-only.")
    var access: String?

    @Option(help: "bestmatch (with a query), newest, oldest, mostviewed, mostdownloaded, version.")
    var sort: String?

    @Option(help: "Published within these dates: 2020..2024, 2019-06.., ..2021-03-15, or one year.")
    var published: String?

    @Flag(help: "Every version, not only the latest of each record.")
    var allVersions = false

    @Option(help: "Page number.") var page: Int = 1
    @Option(help: "Results per page (25 without a token, up to 100 with one).") var size: Int = 25

    @Flag(help: "Print JSON: {total, records: [...]}.")
    var json = false

    func validate() throws {
        guard page >= 1, (1...100).contains(size) else {
            throw ValidationError("--page is at least 1, --size 1 to 100")
        }
        if let access, !["open", "embargoed", "restricted", "metadata-only"].contains(access) {
            throw ValidationError("--access is open, embargoed, restricted or metadata-only")
        }
        if let published {
            do { _ = try PublicationRange.parse(published) } catch {
                throw ValidationError("--published: \(error.message)")
            }
        }
    }

    func run() async throws {
        var filters: [(String, String)] = []
        if let type { filters.append(("type", type)) }
        if let subtype { filters.append(("subtype", subtype)) }
        for slug in community { filters.append(("communities", slug)) }
        if let access { filters.append(("access_status", access)) }
        let range = try published.map { try PublicationRange.parse($0) }
        let sent = [query, range?.queryTerm ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        try await global.withClient(requireToken: false, json: json) { client in
            let result = try await client.searchRecords(
                query: sent, page: page, size: size, sort: sort, allVersions: allVersions, filters: filters)
            for slug in result.ignoredCommunities {
                let none = result.ignoredCommunities.count == community.count
                Console.error(
                    "zenodo-tui: no community '\(Console.safe(slug))' on \(client.profile.displayName): it was ignored"
                        + (none ? ", so these records are not filtered by community" : ""))
            }
            if json {
                Console.writeJSON(
                    ZenodoJSONOutput(["total": .int(result.total), "records": .array(result.records.map(Self.summary))])
                )
                return
            }
            guard !result.records.isEmpty else {
                Console.error("No public record matches on \(client.profile.displayName).")
                return
            }
            let width = max(20, Console.columns - 9 - 11 - 10 - 6 - 10 - 5)
            Console.out(
                Console.styled(
                    [
                        TerminalText.pad("ID", to: 9), TerminalText.pad("DATE", to: 11),
                        TerminalText.pad("TYPE", to: 10),
                        TerminalText.pad("TITLE", to: width), TerminalText.pad("FILES", to: 6, alignRight: true),
                        TerminalText.pad("SIZE", to: 10, alignRight: true),
                    ].joined(separator: " "), .bold))
            for record in result.records {
                let size = record.files.reduce(Int64(0)) { $0 + $1.size }
                let date = record.metadata["publication_date"]?.string ?? ""
                Console.out(
                    [
                        TerminalText.pad(String(record.id), to: 9), TerminalText.pad(Console.safe(date), to: 11),
                        TerminalText.pad(Console.safe(record.resourceType), to: 10),
                        TerminalText.pad(TerminalText.truncate(Console.safe(record.title), to: width), to: width),
                        TerminalText.pad(
                            record.withheldFiles == nil ? String(record.files.count) : "-", to: 6, alignRight: true),
                        TerminalText.pad(
                            record.withheldFiles.map { $0.reason.rawValue } ?? ByteFormat.string(size), to: 10,
                            alignRight: true),
                    ].joined(separator: " "))
            }
            let shown = (page - 1) * size + result.records.count
            if shown < result.total { Console.error("\(shown) of \(result.total); next: --page \(page + 1)") }
        }
    }

    static func summary(_ record: Record) -> JSONValue {
        [
            "id": .int(record.id), "title": .string(record.title), "doi": record.doi.map(JSONValue.string) ?? .null,
            "publication_date": record.metadata["publication_date"] ?? .null,
            "resource_type": record.resourceType.map(JSONValue.string) ?? .null,
            "access_right": record.accessRight.map(JSONValue.string) ?? .null,
            "creators": .array((record.metadata["creators"]?.array ?? []).compactMap { $0["name"] }),
            "files": .array(
                record.files.map {
                    ["key": .string($0.key), "size": .int(Int($0.size)), "md5": $0.md5.map(JSONValue.string) ?? .null]
                }),
            "version": record.metadata["version"] ?? .null,
            "stats": RecordAbout(record).stats.map(JSONShapes.stats) ?? .null,
            // Zenodo lists no files it will not give this caller: why, and until when.
            "files_withheld": record.withheldFiles.map { w in
                ["reason": .string(w.reason.rawValue), "until": w.until.map(JSONValue.string) ?? .null]
            } ?? .null,
        ]
    }
}
