import ArgumentParser
import Foundation
import TerminalKit
import ZenodoKit

/// `zenodo-tui download RECORD`: every file, in parallel, MD5-verified, skipping verified copies.
struct DownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download a record's files, verified against Zenodo's MD5; files already downloaded and verified are skipped.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The record: an id (a concept id means its latest version), a DOI (10.5281/zenodo.N) or its address (https://zenodo.org/records/N).")
    var reference: String

    @Flag(help: "Every published version, each into a directory named by its id.")
    var allVersions = false

    @Option(name: .customLong("file"), help: "Only the files whose name matches this glob (repeatable), e.g. --file '*.csv'.")
    var patterns: [String] = []

    @Flag(help: "Print one JSON object per file as it ends (skipped, verified, failed), then a summary.")
    var json = false

    var record: Int { (try? RecordReference.parse(reference)) ?? 0 }

    /// How one file ended.
    enum Outcome: Sendable {
        case skipped(reason: String)
        case verified(md5: String)
        case failed(reason: String)
    }

    func validate() throws {
        do {
            _ = try RecordReference.parse(reference)
        } catch {
            throw ValidationError(error.message)
        }
    }

    @Option(help: "Destination directory.")
    var dest: String = "."

    @Option(help: "Files downloaded at once.")
    var parallel: Int = 3

    struct Item: Sendable {
        var key: String
        var url: String
        var md5: String?
        var size: Int64
        /// The directory it goes into, below `--dest` (a version's id with --all-versions).
        var folder: String = ""
    }

    func run() async throws {
        try await global.withClient(requireToken: false, json: json) { client in
            let items = try await selected(try await files(client))
            let destination = URL(fileURLWithPath: dest, isDirectory: true)
            var failures = 0
            var verified = 0
            var skipped = 0
            try await withThrowingTaskGroup(of: (Item, Outcome).self) { group in
                var queue = items[...]
                func next() {
                    guard let item = queue.popFirst() else { return }
                    group.addTask {
                        let target = destination.appendingPathComponent(item.folder, isDirectory: true)
                            .appendingPathComponent(LocalName.forKey(item.key))
                        if let md5 = item.md5, FileManager.default.fileExists(atPath: target.path),
                            (try? LocalDigest.md5(of: target)) == md5
                        {
                            return (item, .skipped(reason: "already here, MD5 verified"))
                        }
                        do {
                            return (item, .verified(md5: try await client.download(item.url, to: target, expectedMD5: item.md5)))
                        } catch {
                            return (item, .failed(reason: String(describing: error)))
                        }
                    }
                }
                for _ in 0..<max(1, parallel) { next() }
                while let (item, outcome) = try await group.next() {
                    switch outcome {
                    case .skipped: skipped += 1
                    case .verified: verified += 1
                    case .failed: failures += 1
                    }
                    if json {
                        Console.out(String(decoding: Self.event(item, outcome).encoded(), as: UTF8.self))
                    } else {
                        Console.out(Self.line(item, outcome))
                    }
                    next()
                }
            }
            if json {
                let summary: JSONValue = [
                    "event": "finished", "files": .int(items.count), "verified": .int(verified), "skipped": .int(skipped),
                    "failed": .int(failures),
                ]
                Console.out(String(decoding: summary.encoded(), as: UTF8.self))
            }
            if failures > 0 {
                Console.error("\(failures) file(s) failed; run the same command again to retry them (verified files are skipped).")
                throw ExitCode(ExitCodes.integrity)
            }
        }
    }

    /// The files `--file` picks, refused as a whole when two would land on one name.
    private func selected(_ items: [Item]) throws -> [Item] {
        let picked = patterns.isEmpty ? items : items.filter { item in patterns.contains { fnmatch($0, item.key, 0) == 0 } }
        if !patterns.isEmpty, picked.isEmpty {
            throw ZenodoError(.notFound, "no file matches \(patterns.joined(separator: " or ")); the record has: \(items.map(\.key).joined(separator: ", "))")
        }
        for (folder, group) in Dictionary(grouping: picked, by: \.folder) {
            let clashes = LocalName.collisions(group.map(\.key))
            if let first = clashes.first {
                throw ZenodoError(
                    .refused, "\(first.map { "'\(Console.safe($0))'" }.joined(separator: " and ")) would be written to the same file in \(folder.isEmpty ? dest : folder); download them separately with --file")
            }
        }
        return picked
    }

    /// The record's files: published through the records API, a draft through the deposition's listing.
    private func files(_ client: ZenodoClient) async throws -> [Item] {
        if allVersions {
            return try await client.recordVersions(record).flatMap { version in
                version.files.compactMap { file in
                    file.contentURL.map { Item(key: file.key, url: $0, md5: file.md5, size: file.size, folder: String(version.id)) }
                }
            }
        }
        do {
            let record = try await client.record(self.record)
            return record.files.compactMap { file in
                file.contentURL.map { Item(key: file.key, url: $0, md5: file.md5, size: file.size) }
            }
        } catch let error as ZenodoError where error.kind == .notFound {
            let listed = try await client.files(of: self.record)
            return listed.compactMap { file in
                file.downloadURL.map { Item(key: file.filename, url: $0, md5: file.md5, size: file.size) }
            }
        }
    }


    static func line(_ item: Item, _ outcome: Outcome) -> String {
        let key = Console.safe(item.folder.isEmpty ? item.key : item.folder + "/" + item.key)
        switch outcome {
        case .skipped(let reason): return "skipped   \(key) (\(reason))"
        case .verified(let md5): return "verified  \(key)  \(ByteFormat.string(item.size))  md5:\(md5)"
        case .failed(let reason): return "FAILED    \(key): \(Console.safe(reason))"
        }
    }

    /// One line of `download --json`.
    static func event(_ item: Item, _ outcome: Outcome) -> JSONValue {
        var event: [String: JSONValue] = ["key": .string(item.key), "size": .int(Int(item.size))]
        if !item.folder.isEmpty { event["record"] = .string(item.folder) }
        switch outcome {
        case .skipped(let reason):
            event["event"] = "skipped"
            event["reason"] = .string(reason)
        case .verified(let md5):
            event["event"] = "verified"
            event["md5"] = .string(md5)
        case .failed(let reason):
            event["event"] = "failed"
            event["reason"] = .string(reason)
        }
        return .object(event)
    }
}
