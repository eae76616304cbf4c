import Dispatch
import EssentialsExtras
import FoundationEssentials
import Glibc
import Synchronization

/// One batch: files going into one deposition's bucket, with the journal that records them.
public struct UploadBatch: Sendable {
    public var depositionID: Int
    public var bucketURL: String
    /// The files already in the deposition (to skip identical ones and to count).
    public var existing: [DepositionFile]
    public var journal: UploadJournal

    public init(depositionID: Int, bucketURL: String, existing: [DepositionFile], journal: UploadJournal) {
        self.depositionID = depositionID
        self.bucketURL = bucketURL
        self.existing = existing
        self.journal = journal
    }
}

/// Uploads a batch: N files at once, each streamed and verified, paced by the rate-limit headers,
/// retried with backoff, journalled as it goes, and reported as `TransferEvent`s.
public final class UploadEngine: Sendable {
    let client: ZenodoClient
    let options: TransferBudget
    let journals: JournalStore?
    let now: @Sendable () -> Double

    public init(
        client: ZenodoClient, options: TransferBudget = .init(), journals: JournalStore?,
        now: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    ) {
        self.client = client
        self.options = options
        self.journals = journals
        self.now = now
    }

    /// Runs the batch as a stream of events; it ends after `.finished`. Cancelling the consuming
    /// task (or dropping the stream) cancels the transfers.
    public func events(_ batch: UploadBatch) -> AsyncStream<TransferEvent> {
        AsyncStream { continuation in
            let task = Task {
                _ = await self.run(batch) { continuation.yield($0) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Runs the batch, calling `emit` for every event; returns the final progress.
    public func run(_ batch: UploadBatch, emit: @escaping @Sendable (TransferEvent) -> Void) async -> BatchProgress {
        let journal = JournalWriter(journal: batch.journal, store: journals)
        await journal.save()
        let direction = UploadDirection(
            client: client, options: options, bucketURL: batch.bucketURL,
            existing: Dictionary(batch.existing.map { ($0.filename, $0) }, uniquingKeysWith: { a, _ in a }),
            journal: journal, pacer: RequestPacer(reserve: options.rateLimitReserve, now: client.clock.now))
        let runner = BatchRunner(
            direction: direction, parallel: options.parallel, interval: options.progressInterval, now: now)
        // The files not begun when the batch is stopped stay pending in the journal, for a resume.
        let final = await runner.run(batch.journal.entries, emit: emit)
        if Task.isCancelled { await journal.resetUploading() } else { await journal.save() }
        return final
    }
}

/// Uploads as a direction of the one runner: a file is skipped when the deposition has it already,
/// else streamed (in parts when the budget says so), paced by the rate-limit headers and journalled.
struct UploadDirection: TransferDirection {
    let client: ZenodoClient
    let options: TransferBudget
    let bucketURL: String
    /// The files already in the deposition, by name.
    let existing: [String: DepositionFile]
    let journal: JournalWriter
    let pacer: RequestPacer

    var retry: RetryPolicy { options.retry }
    var clock: RetryClock { client.clock }
    var stoppedReason: String? { nil }

    func label(of entry: UploadJournal.Entry) -> String { entry.file.key }
    func size(of entry: UploadJournal.Entry) -> Int64 { entry.file.size }
    func batchProblem(_ entries: [UploadJournal.Entry]) -> String? { nil }

    func before(_ entry: UploadJournal.Entry) async -> TransferOutcome? {
        let remote = existing[entry.file.key]
        return await skipReason(entry, remote: remote).map { .skipped(reason: $0, md5: remote?.md5) }
    }

    func attempt(
        _ entry: UploadJournal.Entry, emit: @escaping @Sendable (TransferEvent) -> Void,
        progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> Transferred {
        let (file, source) = try await packedAgain(entry, emit: emit)
        await journal.update(file.key, .uploading)
        if let wait = await pacer.wait(snapshot: client.rateLimit) {
            emit(.paced(seconds: wait))
            // Pacing is not a retry: a wait cut short just lets the transfer go now.
            try? await client.clock.sleep(wait)
        }
        let uploaded = try await client.upload(
            file: source, key: file.key, bucketURL: bucketURL, chunkSize: options.chunkSize,
            verifyChecksum: options.verifyServerChecksum, parts: await partPlan(file.key)
        ) { sent in
            progress(sent)
            if sent == file.size { emit(.verifying(key: file.key)) }
        }
        return Transferred(md5: uploaded.md5, confirmed: uploaded.verifiedByServer)
    }

    func attemptFailed(_ entry: UploadJournal.Entry, _ error: ZenodoError) async {
        if error.kind == .rateLimited { await pacer.pause(for: error.retryAfter ?? 60) }
    }

    func record(_ entry: UploadJournal.Entry, _ outcome: TransferOutcome) async {
        let key = entry.file.key
        switch outcome {
        case .verified(let md5): await journal.update(key, .verified, md5: md5)
        case .arrived(let md5): await journal.update(key, .arrived, md5: md5)
        case .skipped(_, let md5): await journal.update(key, .verified, md5: md5)
        case .failed(let reason, _): await journal.update(key, .failed, error: reason)
        case .stopped: await journal.update(key, .pending)
        }
    }

    /// The writer throttles its own writes.
    func checkpoint() async {}

    /// What an attempt reads: the file, or the archive made again from its tree. A tree that changed
    /// since the archive was planned is said by name (against the listing kept when it was
    /// planned) and the archive starts over: new size, no parts. A tree that now has problems
    /// (a member that cannot be read) fails the file in words.
    private func packedAgain(
        _ entry: UploadJournal.Entry, emit: @escaping @Sendable (TransferEvent) -> Void
    ) async throws -> (LocalFile, any ByteSource) {
        var file = await journal.entry(entry.file.key)?.file ?? entry.file
        guard let spec = file.pack else { return (file, file.url) }
        let (planned, problems) = PackPlanner.replan(spec, name: file.key)
        if !problems.isEmpty {
            throw ZenodoError(
                .localFile,
                "\(spec.root) cannot be packed now: "
                    + problems.prefix(3).map(\.description).joined(separator: "; "))
        }
        let listings = journal.store.map { $0.packListingURL(planned.archive.manifest) }
        if planned.archive.manifest != spec.manifest {
            let old = journal.store.flatMap {
                try? String(contentsOf: $0.packListingURL(spec.manifest), encoding: .utf8)
            }
            let changes = old.map {
                PackListing.differences(
                    from: $0.split(separator: "\n").map(String.init), to: PackListing.lines(planned.archive.members))
            }
            let named =
                changes.map {
                    $0.prefix(5).joined(separator: "; ") + ($0.count > 5 ? "; and \($0.count - 5) more" : "")
                }
                ?? "its listing was not kept"
            file.size = planned.archive.size
            file.pack = planned.spec
            await journal.replace(file.key, with: file)
            emit(
                .retrying(
                    key: file.key, attempt: 0, maxAttempts: options.retry.maxAttempts, delay: 0,
                    reason:
                        "\(spec.root) changed since \(file.key) was planned (\(named)): packing it again from the start"
                ))
        }
        if let listings, !FileManager.default.fileExists(atPath: listings.path) {
            try? FileManager.default.createDirectory(
                at: listings.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? (PackListing.lines(planned.archive.members).joined(separator: "\n") + "\n").write(
                to: listings, atomically: true, encoding: .utf8)
        }
        return (file, planned.archive)
    }

    /// The multipart plan of a file: the parts the journal says arrived (this run or an earlier
    /// one, if the part size is the same), recorded as they arrive.
    private func partPlan(_ key: String) async -> PartPlan? {
        guard let partSize = options.partSize else { return nil }
        let journal = self.journal
        let entry = await journal.journal.entries.first { $0.file.key == key }
        let done = entry?.partSize == partSize ? Set(entry?.doneParts ?? []) : []
        var plan = PartPlan(
            partSize: partSize, done: done, record: { part in await journal.markPart(key, part, partSize: partSize) },
            reset: { await journal.resetParts(key) })
        plan.parallel = max(1, options.parallelParts)
        return plan
    }

    /// Why a file need not be sent: verified in an earlier run and still there with that MD5, or
    /// already in the deposition with the same size and MD5 (read locally only when sizes match).
    private func skipReason(_ entry: UploadJournal.Entry, remote: DepositionFile?) async -> String? {
        guard let remote, !remote.isPending, remote.size == entry.file.size, let remoteMD5 = remote.md5 else {
            return nil
        }
        if entry.state == .verified, entry.md5 == remoteMD5 { return "verified in an earlier run" }
        guard let local = try? LocalDigest.md5(of: entry.file.source()) else { return nil }
        return local == remoteMD5 ? "already in the deposition with the same MD5" : nil
    }
}

/// Serialises journal writes from the parallel transfers, at most one write per 100 ms (a later
/// change is written by a trailing save). Losing the last 100 ms to a SIGKILL is safe: on resume a
/// file that is in the deposition with the same MD5 is skipped all the same.
actor JournalWriter {
    private(set) var journal: UploadJournal
    let store: JournalStore?
    private var lastSave = ContinuousClock.now - .seconds(1)
    private var trailingSave: Task<Void, Never>?
    private static let interval = Duration.milliseconds(100)

    init(journal: UploadJournal, store: JournalStore?) {
        self.journal = journal
        self.store = store
    }

    func update(_ key: String, _ state: UploadJournal.FileState, md5: String? = nil, error: String? = nil) {
        journal.set(key, state, md5: md5, error: error)
        let elapsed = ContinuousClock.now - lastSave
        if elapsed >= Self.interval {
            save()
        } else if trailingSave == nil {
            trailingSave = Task { [wait = Self.interval - elapsed] in
                try? await Task.sleep(for: wait)
                self.flush()
            }
        }
    }

    /// A part arrived: written at once (a part can be many megabytes of work).
    func markPart(_ key: String, _ part: Int, partSize: Int64) {
        journal.markPart(key, part, partSize: partSize)
        save()
    }

    func resetParts(_ key: String) {
        journal.resetParts(key)
        save()
    }

    func replace(_ key: String, with file: LocalFile) {
        journal.replace(key, with: file)
        save()
    }

    func entry(_ key: String) -> UploadJournal.Entry? { journal.entries.first { $0.file.key == key } }

    func resetUploading() {
        for entry in journal.entries where entry.state == .uploading { journal.set(entry.file.key, .pending) }
        save()
    }

    /// Writes now (also the last word of a batch).
    func save() {
        trailingSave?.cancel()
        trailingSave = nil
        lastSave = .now
        try? store?.save(journal)
    }

    private func flush() {
        trailingSave = nil
        save()
    }
}

/// One rate-limit budget for all parallel transfers: when the server's window is nearly spent, or
/// after a 429, everyone waits for the reset.
actor RequestPacer {
    let reserve: Int
    let now: @Sendable () -> Date
    private var pausedUntil: Date?

    init(reserve: Int, now: @escaping @Sendable () -> Date) {
        self.reserve = reserve
        self.now = now
    }

    func pause(for seconds: Double) {
        let until = now().addingTimeInterval(seconds)
        if pausedUntil.map({ $0 < until }) ?? true { pausedUntil = until }
    }

    /// Seconds to wait before the next request, or `nil` to go now.
    func wait(snapshot: RateLimitSnapshot?) -> Double? {
        let now = now()
        if let snapshot, snapshot.remaining <= reserve, snapshot.reset > now {
            pause(for: min(60, snapshot.reset.timeIntervalSince(now)))
        }
        guard let until = pausedUntil, until > now else { return nil }
        return until.timeIntervalSince(now)
    }
}

/// Local MD5 of a whole file, streamed.
public enum LocalDigest {
    /// Of any source (an archive packed on the fly is packed once more, locally).
    public static func md5(of source: any ByteSource) throws -> String {
        let digest = StreamingMD5()
        try source.forEachChunk(in: 0..<source.identity().size) { digest.update($0) }
        return digest.hex()
    }

    public static func md5(of url: URL) throws -> String {
        let digest = StreamingMD5()
        let handle = try PlainFileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { digest.update(data) }
        return digest.hex()
    }
}
