import ArgumentParser
import FoundationEssentials
import Glibc
import MetadataFiles
import ZenodoKit

/// `export ID --format …`: a record's metadata as a file (issue 33). BibTeX, CSL JSON, DataCite
/// JSON and formatted citations come from the server's own serializers; `.zenodo.json` and
/// `CITATION.cff` from zenodo-tui's mapping, the owner's deposition when the token is theirs
/// (lossless), else the public record.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "A record's metadata as .zenodo.json, CITATION.cff, BibTeX, CSL JSON, DataCite JSON or a formatted citation."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The record (or your deposition) id.") var record: Int
    @Option(
        help:
            "zenodo-json, cff, bibtex, csl-json, datacite-json, citation (with --style), or a CSL style's name (apa, harvard-cite-them-right, …)."
    )
    var format: String = "zenodo-json"
    @Option(help: "The citation's CSL style (with --format citation).") var style: String?
    @Option(help: "The citation's locale.") var locale: String = "en-US"
    @Option(help: "Write to this file (- is standard output, the default; a directory gets the usual name).")
    var output: String = "-"

    func validate() throws {
        guard ExportFormat(name: format, style: style) != nil else {
            throw ValidationError("--format is one of \(ExportFormat.names.joined(separator: ", ")), or a style's name")
        }
    }

    func run() async throws {
        let chosen = ExportFormat(name: format, style: style) ?? .zenodoJSON
        try await global.withClient(requireToken: false) { client in
            let data: Data
            switch chosen {
            case .zenodoJSON, .cff:
                let (fields, doi) = try await Self.metadata(client, record)
                data =
                    chosen == .zenodoJSON
                    ? MetadataExport.zenodoJSON(fields) : Data(try MetadataExport.citationFile(fields, doi: doi).utf8)
            default:
                var text = try await client.exportedRecord(record, as: chosen, locale: locale)
                if !text.hasSuffix("\n") { text += "\n" }
                data = Data(text.utf8)
            }
            try Self.write(data, to: output, name: chosen.fileName(record: record))
        }
    }

    /// The owner's deposition where the token reaches it (the whole legacy metadata), else the
    /// public record's.
    static func metadata(_ client: ZenodoClient, _ id: Int) async throws -> ([String: JSONValue], String?) {
        if client.credentials != nil, let deposition = try? await client.deposition(id) {
            return (MetadataExport.fields(of: deposition), deposition.doi ?? deposition.metadata.prereservedDOI)
        }
        let record = try await client.record(id)
        return (MetadataExport.fields(of: record), record.doi)
    }

    /// Standard output, a file (replaced whole, through a temporary beside it), or a directory.
    static func write(_ data: Data, to output: String, name: String) throws {
        if output == "-" {
            // On a terminal the server's text is made safe first; into a pipe or a file, as is.
            let text = String(decoding: data, as: UTF8.self)
            if isatty(STDOUT_FILENO) == 1 { Console.out(String(text.dropLast())) } else { Console.rawOut(text) }
            return
        }
        var isDirectory: Bool = false
        var url = URL(fileURLWithPath: output)
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory {
            url = url.appendingPathComponent(name)
        }
        try OutputFile.write(data, to: url)
        Console.error("Wrote \(url.path) (\(data.count) bytes).")
    }
}
