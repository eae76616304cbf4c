import ArgumentParser
import FoundationEssentials
import ZenodoKit

/// `verify DIR REF`: a local tree compared with a record (issue 33): each file by the record's
/// size and MD5, and by the record's own `SHA256SUMS`/`MD5SUMS` when it carries one; exit 9 when
/// a file is missing or differs.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Compare a local directory with a record: sizes and MD5s, and its SHA256SUMS when it has one; exit 9 on a difference."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The local directory.") var directory: String
    @Argument(help: "The record: an id, a DOI or its address.") var reference: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let id = try RecordReference.parse(reference)
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        var isDirectory: Bool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory else {
            throw ZenodoError(.localFile, "\(directory) is not a directory")
        }
        try await global.withClient(requireToken: false, json: json) { client in
            let record = try await client.record(id)
            if let withheld = record.withheldFiles {
                throw ZenodoError(.auth, "nothing to compare: " + withheld.message(signedIn: client.credentials != nil))
            }
            // The record's own manifest, read from the server (small), if it has one.
            var manifest: ChecksumManifest?
            var manifestName: String?
            for algorithm in ChecksumManifest.Algorithm.allCases {
                guard let file = record.files.first(where: { $0.key == algorithm.fileName }), let url = file.contentURL,
                    file.size < 16 << 20
                else { continue }
                manifest = try ChecksumManifest.parse(String(decoding: try await client.smallFile(url), as: UTF8.self))
                manifestName = file.key
                break
            }
            let lines = try TreeCheck.compare(root, files: record.files, manifest: manifest, manifestName: manifestName)
            if json {
                Console.writeJSON(
                    ZenodoJSONOutput([
                        "record": .int(record.id), "passed": .bool(TreeCheck.passed(lines)),
                        "files": .array(lines.map(Self.json)),
                    ]))
            } else {
                for line in lines { Console.out(Self.text(line)) }
                let bad = lines.filter { if case .matches = $0.outcome { false } else { $0.outcome != .extra } }.count
                Console.out(
                    bad == 0
                        ? "\(directory) matches record \(record.id)\(manifest.map { " and its \($0.algorithm.fileName)" } ?? "")."
                        : "\(bad) file(s) missing or different from record \(record.id).")
            }
            if !TreeCheck.passed(lines) { throw ExitCode(ExitCodes.integrity) }
        }
    }

    static func text(_ line: TreeCheck.Line) -> String {
        let path = Console.safe(line.path)
        switch line.outcome {
        case .matches(let by): return "ok        \(path) (\(by))"
        case .missing: return "missing   \(path)"
        case .differs(let why): return "DIFFERS   \(path): \(why)"
        case .extra: return "extra     \(path) (not in the record)"
        }
    }

    static func json(_ line: TreeCheck.Line) -> JSONValue {
        let (state, detail): (String, String?) =
            switch line.outcome {
            case .matches(let by): ("ok", by)
            case .missing: ("missing", nil)
            case .differs(let why): ("differs", why)
            case .extra: ("extra", nil)
            }
        return ["path": .string(line.path), "state": .string(state), "detail": detail.map(JSONValue.string) ?? .null]
    }
}
