import ArgumentParser
import FoundationEssentials
import TransferAgent
import ZenodoKit

/// `zenodo-tui upload DEPOSITION FILE|DIR...`: streamed, verified, parallel, paced, resumable.
struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Upload files into a draft deposition, verified and resumable.",
        discussion: """
            Every path is checked before any byte is sent. Each file is streamed with its MD5 computed on the way \
            and compared with Zenodo's; failures are retried with backoff. Progress is journalled under \
            $XDG_STATE_HOME/zenodo-tui/uploads: after an interruption (network, Ctrl-C, a dropped SSH session, a kill) \
            run `zenodo-tui upload --resume` and verified files are skipped. Exit status 0 only if every file is verified.

            With --detach the batch is handed to the transfer agent, a background zenodo-tui that keeps sending when the \
            terminal or the SSH session goes away; its id is printed at once. Follow it with `zenodo-tui transfers`.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The draft deposition id (optional with --resume).")
    var deposition: Int?

    @Argument(help: "Files or directories (a directory uploads the files below it).")
    var paths: [String] = []

    @OptionGroup var transfer: TransferOptions
    var parallel: Int { transfer.parallel }

    @OptionGroup var filter: FilterOptions

    @OptionGroup var pack: PackOptions

    @OptionGroup var quota: QuotaOptions

    @Flag(help: "Continue the last interrupted upload (of DEPOSITION, if given).")
    var resume = false

    @Flag(
        help: "Name files in subdirectories dir__sub__file instead of refusing them (Zenodo keys cannot contain '/').")
    var flatten = false

    @Flag(help: "Print events as NDJSON, one JSON object per line.")
    var json = false

    @Flag(help: "Hand the batch to the background transfer agent and print its id (see `zenodo-tui transfers`).")
    var detach = false

    @Option(
        help:
            "Write a checksum manifest of the files sent (by their keys) to ./SHA256SUMS (sha256) or ./MD5SUMS (md5): each file is read once more first (an archive of --pack is packed once more)."
    )
    var manifest: String?

    @Flag(help: "Upload that manifest too, beside the files (zenodo-tui verify then checks a download against it).")
    var uploadManifest = false

    func validate() throws {
        if !resume, deposition == nil || paths.isEmpty {
            throw ValidationError("give a deposition id and at least one file or directory (or --resume)")
        }
        if resume, !paths.isEmpty { throw ValidationError("--resume continues the journalled files; give no paths") }
        if let manifest, ChecksumManifest.Algorithm(rawValue: manifest) == nil {
            throw ValidationError("--manifest is sha256 or md5")
        }
        if uploadManifest, manifest == nil {
            throw ValidationError("--upload-manifest goes with --manifest sha256|md5")
        }
        if manifest != nil, resume {
            throw ValidationError("--manifest is written when a batch starts, not on --resume")
        }
    }

    func run() async throws {
        try global.refuseIfReadOnly("upload files")
        try await global.withClient(json: json) { client in
            let journals = JournalStore(directories: ConfigDirectories(environment: global.environment))
            let batch = try await resume ? resumedBatch(client, journals) : newBatch(client)
            if detach {
                try handOver(batch, client: client, journals: journals)
                return
            }
            let result = try await UploadRun(
                client: client, journals: journals, parallel: parallel, json: json, global: global
            )
            .execute(batch)
            if !result.succeeded { throw ExitCode(ExitCodes.error) }
            if result.unverified > 0 { throw ExitCode(ExitCodes.unverified) }
        }
    }

    private func newBatch(_ client: ZenodoClient) async throws -> UploadBatch {
        let scan = FileScanner.scan(
            paths, keyRule: flatten ? .flatten : .refuse, filters: try filter.filters(), pack: pack.request)
        FilterOptions.report(scan.leftOut)
        let target = try await client.deposition(deposition!)
        let problems =
            try await scan.problems
            + quota.problems(
                files: scan.files, deposition: target, client: client, environment: global.environment,
                raise: scan.problems.isEmpty)
        guard problems.isEmpty else {
            Console.error("Nothing was sent. \(problems.count) problem\(problems.count == 1 ? "" : "s") to fix first:")
            for line in Preflight.summary(problems) { Console.error("  - \(Console.safe(line))") }
            throw ExitCode(ExitCodes.validation)
        }
        if target.state == .inprogress, !json { Console.error(FixWindow.editDraftNote(id: target.id)) }
        var files = scan.files
        if let algorithm = manifest.flatMap(ChecksumManifest.Algorithm.init(rawValue:)) {
            files += try writeManifest(of: scan.files, algorithm)
        }
        return try batch(
            for: target,
            journal: UploadJournal(
                server: client.profile.apiURL, depositionID: target.id, title: target.title, files: files))
    }

    /// `--manifest`: the files' checksums by their keys, written to the working directory; with
    /// `--upload-manifest`, the manifest itself as one more file of the batch. An archive packed on
    /// the fly (`--pack`) is packed once more to be hashed: the same bytes as are sent.
    private func writeManifest(of files: [LocalFile], _ algorithm: ChecksumManifest.Algorithm) throws -> [LocalFile] {
        let written = try SyncManifest.write(
            of: files, algorithm, into: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        if !json { Console.error("Wrote \(written.file.path) (\(written.count) files).") }
        return uploadManifest ? [written.file] : []
    }

    /// `--detach`: the agent takes the batch (with this user's token, over its private socket).
    private func handOver(_ batch: UploadBatch, client: ZenodoClient, journals: JournalStore) throws {
        let options = try global.budget(parallel: parallel)
        let handover = Handover(
            profile: client.profile, credentials: client.credentials, journals: journals, options: options,
            environment: global.environment, title: batch.journal.title ?? "", batch: batch)
        let id = try AgentClient(environment: global.environment).start(handover)
        if json {
            let detached: JSONValue = ["v": .int(EventSchema.version), "event": "detached", "batch": .string(id)]
            Console.out(String(decoding: detached.encoded(), as: UTF8.self))
        } else {
            Console.out(id)
            Console.error(
                "Uploading \(batch.journal.entries.count) files into deposition \(batch.depositionID) in the background. "
                    + "Follow: zenodo-tui transfers attach \(id.prefix(8))   Wait: zenodo-tui transfers wait \(id.prefix(8))"
            )
        }
    }

    private func resumedBatch(_ client: ZenodoClient, _ journals: JournalStore) async throws -> UploadBatch {
        let candidates = journals.unfinished(server: client.profile.apiURL).filter {
            deposition == nil || $0.depositionID == deposition
        }
        let idle = candidates.filter { !JournalLock.isHeld($0.id, in: journals) }
        if idle.isEmpty, let running = candidates.first {
            // Resuming it here would send the same files twice, concurrently.
            _ = try JournalLock.acquire(running.id, in: journals)
        }
        guard let journal = idle.first else {
            throw ZenodoError(
                .notFound,
                "no interrupted upload to resume on \(client.profile.displayName)"
                    + (deposition.map { " for deposition \($0)" } ?? ""))
        }
        let target = try await client.deposition(journal.depositionID)
        let left = journal.entries.filter { $0.state != .verified }.count
        Console.error(
            "Resuming the upload of \(journal.entries.count) files into deposition \(target.id) (\(left) not yet verified)."
        )
        return try batch(for: target, journal: journal)
    }

    private func batch(for target: Deposition, journal: UploadJournal) throws -> UploadBatch {
        guard let bucket = target.bucketURL else {
            throw ZenodoError(.unexpected, "deposition \(target.id) has no bucket link; it cannot take files")
        }
        return UploadBatch(depositionID: target.id, bucketURL: bucket, existing: target.files, journal: journal)
    }
}

/// Runs a batch with progress output and signal handling; shared by `upload` and `sync`.
struct UploadRun {
    var client: ZenodoClient
    var journals: JournalStore
    var parallel: Int
    var json: Bool
    var global: GlobalOptions

    func execute(_ batch: UploadBatch) async throws -> BatchProgress {
        let options = try global.budget(parallel: parallel)
        let engine = UploadEngine(client: client, options: options, journals: journals)
        let lock = try JournalLock.acquire(batch.journal.id, in: journals)
        defer { lock.release() }
        let printer = ProgressPrinter(json: json)
        if json {
            // A fresh journal has every file pending; a resumed one has some ended.
            let left = batch.journal.entries.filter { $0.state != .verified }
            let announcement = BatchAnnouncement(
                batch: batch.journal.id, direction: .upload, files: left.count,
                bytes: left.reduce(0) { $0 + $1.file.size },
                resumed: batch.journal.entries.contains { $0.state != .pending }, deposition: batch.depositionID)
            Console.out(String(decoding: announcement.json.encoded(), as: UTF8.self))
        }
        let task = Task { await engine.run(batch) { printer.handle($0) } }
        let watcher = SignalWatcher { _ in task.cancel() }
        let result = await task.value
        watcher.stop()
        if let signal = watcher.received {
            Console.error(
                "Interrupted: \(result.verified + result.skipped) of \(result.files) files verified. Resume with: zenodo-tui upload --resume"
            )
            throw ExitCode(128 + signal)
        }
        if result.succeeded, result.unverified == 0 {
            journals.remove(batch.journal.id)
        } else if result.succeeded {
            let n = result.unverified
            Console.error(
                "\(n) file\(n == 1 ? "" : "s") arrived but \(n == 1 ? "was" : "were") not verified by the server (it gave no checksum in time). "
                    + "Check later with: zenodo-tui upload --resume (files the server has hashed by then are compared and not sent again)"
            )
        } else {
            Console.error(
                "\(result.failed) file\(result.failed == 1 ? "" : "s") failed. Retry them with: zenodo-tui upload --resume"
            )
        }
        return result
    }
}
