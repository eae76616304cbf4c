import ArgumentParser
import EssentialsExtras
import FoundationEssentials
import Glibc
import Synchronization
import TerminalKit
import ZenodoKit

/// `zenodo-tui download RECORD`: every file, in parallel, MD5-verified, skipping verified copies.
struct DownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract:
            "Download a record's files, verified against Zenodo's MD5; files already downloaded and verified are skipped."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(
        help:
            "The record: an id (a concept id means its latest version), a DOI (10.5281/zenodo.N) or its address (https://zenodo.org/records/N)."
    )
    var reference: String?

    @Flag(
        help:
            "Continue the interrupted downloads from this server: each unfinished file from its partial copy, verified files not fetched again (no record with it)."
    )
    var resume = false

    @Flag(help: "Every published version, each into a directory named by its id.")
    var allVersions = false

    @Option(
        name: .customLong("file"),
        help: "Only the files whose name matches this glob (repeatable), e.g. --file '*.csv'.")
    var patterns: [String] = []

    @Flag(
        help:
            "Print one JSON object per line: the batch starting, progress about once a second per file, each file's end (skipped, verified, failed), a summary."
    )
    var json = false

    var record: Int { reference.flatMap { try? RecordReference.parse($0) } ?? 0 }

    /// How one file ended.
    enum FileLine: Sendable {
        case skipped(reason: String)
        case verified(md5: String)
        case failed(reason: String)
    }

    func validate() throws {
        if let manifest, ChecksumManifest.Algorithm(rawValue: manifest) == nil {
            throw ValidationError("--manifest is sha256 or md5")
        }
        if resume {
            guard reference == nil, !allVersions, patterns.isEmpty, dest == "." else {
                throw ValidationError(
                    "--resume continues the interrupted batches as they were asked for: give it no record, --file, --all-versions or --dest"
                )
            }
            return
        }
        guard let reference else {
            throw ValidationError("Missing the record to download (an id, a DOI or an address), or --resume.")
        }
        do {
            _ = try RecordReference.parse(reference)
        } catch {
            throw ValidationError(error.message)
        }
    }

    @Option(help: "Destination directory.")
    var dest: String = "."

    @Option(
        name: .customLong("list-members"),
        help: ArgumentHelp(
            "List the members of this ZIP file of the record without fetching it (its directory is read with a few range requests).",
            valueName: "archive"))
    var listMembers: String?

    @Option(
        name: .customLong("member"),
        help: ArgumentHelp(
            "With --file ARCHIVE.zip: fetch only its members matching this glob (repeatable), each read by Range, inflated and checked against its CRC-32, under its own path in --dest.",
            valueName: "glob"))
    var members: [String] = []

    @OptionGroup var transfer: TransferOptions
    var parallel: Int { transfer.parallel }

    @Flag(
        help:
            "Do not compare what is to fetch with the destination's free space first (for file systems that compress, or quotas the free space does not show)."
    )
    var noSpaceCheck = false

    @Option(
        help:
            "Also write a checksum manifest of what was fetched into the destination: sha256 (SHA256SUMS) or md5 (MD5SUMS, from the MD5s the server confirmed)."
    )
    var manifest: String?

    typealias Item = DownloadJournal.Entry

    /// What the batches of one run came to.
    struct Totals {
        /// Summed over the run's batches: the `finished` line's numbers.
        var progress = BatchProgress()
        /// What each failure was: the exit code says it.
        var kinds: [ZenodoError.Kind] = []
    }

    func run() async throws {
        try await global.withSession(requireToken: false, json: json, parallel: parallel) { client, session in
            if !members.isEmpty {
                guard patterns.count == 1, !allVersions else {
                    throw ValidationError("--member goes with one --file naming the archive (and not --all-versions)")
                }
                let items = try await files(client)
                let picked = items.filter { fnmatch(patterns[0], $0.key, 0) == 0 }
                guard picked.count == 1 else {
                    throw ZenodoError(
                        .notFound,
                        "--file \(patterns[0]) matches \(picked.count) files of the record; --member reads one archive: \(items.map(\.key).joined(separator: ", "))"
                    )
                }
                try await ArchiveListing(json: json).fetch(
                    members, of: picked[0], into: URL(fileURLWithPath: dest, isDirectory: true), client: client)
                return
            }
            if let listMembers {
                try await ArchiveListing(json: json).print(
                    try await archive(named: listMembers, in: try await files(client)), client: client)
                return
            }
            let store = DownloadJournalStore(directories: ConfigDirectories(environment: global.environment))
            var batches: [DownloadJournal]
            if resume {
                let (journals, unreadable) = store.unfinished(server: client.profile.apiURL)
                for reason in unreadable { Console.error("zenodo-tui: skipped: \(Console.safe(reason))") }
                if journals.isEmpty, !json {
                    Console.error("Nothing to resume: no interrupted download from \(client.profile.displayName).")
                }
                batches = journals
            } else {
                let items = try await selected(try await files(client))
                let destination = URL(fileURLWithPath: dest, isDirectory: true).standardizedFileURL.path
                batches = [
                    DownloadJournal(
                        server: client.profile.apiURL, reference: reference ?? "", destination: destination,
                        entries: items)
                ]
                // Refused before anything is fetched or journalled: there is nothing to resume.
                if let problem = DownloadDestination.problem(for: batches[0], checksSpace: !noSpaceCheck) {
                    Console.error("zenodo-tui: nothing was fetched: \(Console.safe(problem))")
                    throw ExitCode(ExitCodes.validation)
                }
                try store.save(batches[0])
            }
            var totals = Totals()
            for journal in batches {
                try await transfer(journal, client: client, budget: session.budget, store: store, totals: &totals)
            }
            if json { Self.print(.finished(totals.progress)) }
            if let manifest, totals.progress.failed == 0, let algorithm = ChecksumManifest.Algorithm(rawValue: manifest)
            {
                for journal in batches { try Self.writeManifest(journal, algorithm, quiet: json) }
            }
            if totals.progress.failed > 0 {
                Console.error(
                    "\(totals.progress.failed) file(s) failed; `zenodo-tui download --resume` continues (verified files are not fetched again)."
                )
                throw ExitCode(ExitCodes.code(forFailures: totals.kinds))
            }
        }
    }

    /// `SHA256SUMS` or `MD5SUMS` beside the fetched files, paths relative to the destination. An
    /// MD5 manifest is written from the checksums the server confirmed (each file was verified
    /// against it); SHA-256 reads the files once more. A fetched file of that name is not replaced.
    static func writeManifest(_ journal: DownloadJournal, _ algorithm: ChecksumManifest.Algorithm, quiet: Bool) throws {
        let root = URL(fileURLWithPath: journal.destination, isDirectory: true)
        let paths = journal.entries.map { entry in
            (entry.folder.isEmpty ? "" : entry.folder + "/") + LocalName.forKey(entry.key)
        }
        guard !paths.contains(algorithm.fileName) else {
            Console.error(
                "zenodo-tui: no \(algorithm.fileName) written: the record has its own (zenodo-tui verify compares with it)"
            )
            return
        }
        let entries = try zip(journal.entries, paths).map { entry, path in
            let hex: String
            if algorithm == .md5, let md5 = entry.md5 {
                hex = md5
            } else {
                hex = try ChecksumManifest.hash(root.appendingPathComponent(path), algorithm)
            }
            return ChecksumManifest.Entry(path: path, hex: hex)
        }
        let text = ChecksumManifest(algorithm: algorithm, entries: entries).text
        let url = root.appendingPathComponent(algorithm.fileName)
        try OutputFile.write(Data(text.utf8), to: url)
        if !quiet { Console.error("Wrote \(url.path) (\(entries.count) files).") }
    }

    /// The batch's unfinished files through the one download runner, printed as they end (and,
    /// with --json, as they progress, about once a second each).
    private func transfer(
        _ start: DownloadJournal, client: ZenodoClient, budget: TransferBudget, store: DownloadJournalStore,
        totals: inout Totals
    ) async throws {
        let journal = DownloadRunner.reconciled(start)
        let items = journal.pending
        let json = self.json
        if json {
            let announcement = BatchAnnouncement(
                batch: journal.id, direction: .download, files: items.count, bytes: items.reduce(0) { $0 + $1.size },
                resumed: resume,
                reference: journal.reference, destination: journal.destination)
            Console.out(String(decoding: announcement.json.encoded(), as: UTF8.self))
            Console.out(String(decoding: announcement.legacyDownloadJSON.encoded(), as: UTF8.self))
        }
        let byLabel = Dictionary(items.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        var runner = DownloadRunner(
            client: client, store: store, parallel: budget.parallel, retry: budget.retry, progressInterval: .seconds(1),
            warn: { Console.error("zenodo-tui: \(Console.safe($0))") })
        runner.checksSpace = !noSpaceCheck
        let kinds = Mutex<[ZenodoError.Kind]>([])
        runner.failures = { kind in kinds.withLock { $0.append(kind) } }
        // On a terminal, the live block of `upload` (the same fold) under the lines of files that end.
        let printer = json ? nil : ProgressPrinter(json: false) { Self.line(for: $0, byLabel: byLabel) }
        let (_, progress) = await runner.run(journal) { event in
            guard json else {
                printer?.handle(event)
                return
            }
            // Every event but the batch's last numbers (the run's are summed in `finished`).
            if case .finished = event { return }
            Console.out(String(decoding: Self.json(event, byLabel: byLabel).encoded(), as: UTF8.self))
        }
        totals.progress.add(progress)
        totals.kinds += kinds.withLock { $0 }
    }

    /// The record's file called `name`, or why not (with the record's files named).
    private func archive(named name: String, in items: [Item]) throws -> Item {
        guard let item = items.first(where: { $0.key == name }) else {
            throw ZenodoError(
                .notFound,
                "the record has no file \(name); it has: \(items.map(\.key).joined(separator: ", "))")
        }
        return item
    }

    /// The files `--file` picks, refused as a whole when two would land on one name.
    private func selected(_ items: [Item]) throws -> [Item] {
        let picked =
            patterns.isEmpty ? items : items.filter { item in patterns.contains { fnmatch($0, item.key, 0) == 0 } }
        if !patterns.isEmpty, picked.isEmpty {
            throw ZenodoError(
                .notFound,
                "no file matches \(patterns.joined(separator: " or ")); the record has: \(items.map(\.key).joined(separator: ", "))"
            )
        }
        for (folder, group) in Dictionary(grouping: picked, by: \.folder) {
            let clashes = LocalName.collisions(group.map(\.key))
            if let first = clashes.first {
                throw ZenodoError(
                    .refused,
                    "\(first.map { "'\(Console.safe($0))'" }.joined(separator: " and ")) would be written to the same file in \(folder.isEmpty ? dest : folder); download them separately with --file"
                )
            }
        }
        return picked
    }

    /// The record's files: published through the records API, a draft through the deposition's listing.
    private func files(_ client: ZenodoClient) async throws -> [Item] {
        let signedIn = client.credentials != nil
        if allVersions {
            let versions = try await client.recordVersions(record)
            let withheld = versions.compactMap(\.withheldFiles)
            if !withheld.isEmpty, withheld.count == versions.count {
                throw ZenodoError(
                    .auth,
                    "nothing to fetch: " + withheld[0].message(signedIn: signedIn) + " (and so for every version)")
            }
            for version in withheld {
                Console.error("zenodo-tui: skipped: \(Console.safe(version.message(signedIn: signedIn)))")
            }
            return versions.flatMap { version in
                version.files.compactMap { file in
                    file.contentURL.map {
                        Item(key: file.key, url: $0, md5: file.md5, size: file.size, folder: String(version.id))
                    }
                }
            }
        }
        do {
            let record = try await client.record(self.record)
            // Zenodo lists no files it will not give this caller: say why, never "0 files, done".
            if let withheld = record.withheldFiles {
                throw ZenodoError(.auth, "nothing to fetch: " + withheld.message(signedIn: signedIn))
            }
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

    /// The line a file's end is told with (a retry goes to standard error); `nil` for the rest.
    static func line(for event: TransferEvent, byLabel: [String: Item]) -> String? {
        let label: String
        let outcome: FileLine
        switch event {
        case .retrying(let key, let attempt, let max, let delay, let reason):
            Console.error(
                "retrying \(Console.safe(key)) (attempt \(attempt) of \(max)) in \(String(cFormat: "%.0f", delay)) s: \(Console.safe(reason))"
            )
            return nil
        case .skipped(let key, let reason): (label, outcome) = (key, .skipped(reason: reason))
        case .verified(let key, let md5): (label, outcome) = (key, .verified(md5: md5))
        case .failed(let key, let reason): (label, outcome) = (key, .failed(reason: reason))
        default: return nil
        }
        return byLabel[label].map { line($0, outcome) }
    }

    static func line(_ item: Item, _ outcome: FileLine) -> String {
        let key = Console.safe(item.folder.isEmpty ? item.key : item.folder + "/" + item.key)
        switch outcome {
        case .skipped(let reason): return "skipped   \(key) (\(reason))"
        case .verified(let md5): return "verified  \(key)  \(ByteFormat.string(item.size))  md5:\(md5)"
        case .failed(let reason): return "FAILED    \(key): \(Console.safe(reason))"
        }
    }

    /// One line of `download --json`: the event in the one dialect (`docs/events.md`), its key the
    /// file's name, with the file's size and, for a version's file, the version's record id.
    static func json(_ event: TransferEvent, byLabel: [String: Item]) -> JSONValue {
        guard case .object(var object) = event.json, let label = object["key"]?.string, let item = byLabel[label] else {
            return event.json
        }
        object["key"] = .string(item.key)
        if !item.folder.isEmpty { object["record"] = .string(item.folder) }
        switch event {
        case .verified, .skipped, .failed: object["size"] = .int(Int(item.size))
        default: break
        }
        return .object(object)
    }

    static func print(_ event: TransferEvent) {
        Console.out(String(decoding: event.json.encoded(), as: UTF8.self))
    }
}
