import ArgumentParser
import FoundationEssentials
import MetadataFiles
import ZenodoKit

/// `validate FILE`: a `.zenodo.json` or `CITATION.cff` checked offline with the rules the form
/// and the publish checklist use (issue 33), each problem at its line (`FILE:LINE: field:
/// message`); exit 5 when there are problems.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a .zenodo.json or CITATION.cff offline, as the form and publish would; exit 5 on problems.")
    @Argument(help: "The file.") var file: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        let name = url.lastPathComponent
        let problems = try Self.problems(url)
        if json {
            Console.writeJSON(
                ZenodoJSONOutput([
                    "file": .string(file), "valid": .bool(problems.isEmpty),
                    "problems": .array(
                        problems.map {
                            [
                                "line": $0.line.map(JSONValue.int) ?? .null, "field": .string($0.field),
                                "message": .string($0.message),
                            ]
                        }),
                ]))
        } else if problems.isEmpty {
            Console.out("\(name): valid.")
        } else {
            for p in problems { Console.error("\(file):\(p.line.map(String.init) ?? "1"): \(p.field): \(p.message)") }
            Console.error("\(name): \(problems.count) problem\(problems.count == 1 ? "" : "s").")
        }
        if !problems.isEmpty { throw ExitCode(ExitCodes.validation) }
    }

    struct Problem {
        var line: Int?
        var field: String
        var message: String
    }

    /// The file read as the import reads it (a file it cannot read is one problem, with the
    /// import's words), then the checklist's metadata rules, each at its field's line.
    static func problems(_ url: URL) throws -> [Problem] {
        let data = try BoundedFile.read(url, limit: MetadataFile.limit, what: url.lastPathComponent)
        let text = String(decoding: data, as: UTF8.self)
        let fields: [String: JSONValue]
        do {
            fields = try MetadataFile.load(url)
        } catch let error as ZenodoError {
            return [Problem(line: nil, field: "file", message: error.message)]
        }
        let isCFF = url.lastPathComponent.lowercased().hasSuffix(".cff")
        let lines = isCFF ? FieldLines.cff(text) : FieldLines.json(text)
        let items = PublishChecklist.metadataItems(DepositionMetadata(raw: fields)).filter { !$0.ok }
        return items.map {
            Problem(line: FieldLines.line(of: $0.field, in: lines), field: $0.field, message: $0.message)
        }
        .sorted { ($0.line ?? 0) < ($1.line ?? 0) }
    }
}
