import Foundation
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
        let tracker = BatchTracker(
            files: batch.journal.entries.map { ($0.file.key, $0.file.size) }, now: now,
            interval: options.progressInterval)
        let pacer = RequestPacer(reserve: options.rateLimitReserve, now: client.clock.now)
        for entry in batch.journal.entries { emit(.queued(key: entry.file.key, size: entry.file.size)) }
        emit(.batch(tracker.snapshot()))

        let existing = Dictionary(batch.existing.map { ($0.filename, $0) }, uniquingKeysWith: { a, _ in a })
        // Each file journals, counts and tells its own end; the files not begun when the batch is
        // stopped stay pending in the journal, for a resume.
        await BatchQueue.run(batch.journal.entries, parallel: options.parallel) { entry in
            await self.transfer(
                entry, remote: existing[entry.file.key], bucketURL: batch.bucketURL, journal: journal,
                tracker: tracker, pacer: pacer, emit: emit)
        } ended: { _, _ in
        }
        if Task.isCancelled { await journal.resetUploading() } else { await journal.save() }
        let final = tracker.snapshot()
        emit(.finished(final))
        return final
    }

    /// One file: skip when already there, else attempts until verified, failed or cancelled.
    private func transfer(
        _ entry: UploadJournal.Entry, remote: DepositionFile?, bucketURL: String, journal: JournalWriter,
        tracker: BatchTracker, pacer: RequestPacer, emit: @escaping @Sendable (TransferEvent) -> Void
    ) async {
        let file = entry.file
        if let reason = await skipReason(entry, remote: remote) {
            await journal.update(file.key, .verified, md5: remote?.md5)
            tracker.finish(file.key, as: .skipped)
            emit(.skipped(key: file.key, reason: reason))
            emit(.batch(tracker.snapshot()))
            return
        }
        let loop = RetryLoop(policy: options.retry, clock: client.clock, stopsWhenAWaitIsInterrupted: true)
        do {
            let uploaded = try await loop.run(
                failed: { error in
                    tracker.restart(file.key)
                    if error.kind == .rateLimited { await pacer.pause(for: error.retryAfter ?? 60) }
                },
                retryingAfter: { attempt, delay, error in
                    emit(
                        .retrying(
                            key: file.key, attempt: attempt, maxAttempts: options.retry.maxAttempts, delay: delay,
                            reason: error.message))
                }
            ) { attempt in
                try Task.checkCancellation()
                emit(.started(key: file.key, attempt: attempt))
                await journal.update(file.key, .uploading)
                if let wait = await pacer.wait(snapshot: client.rateLimit) {
                    emit(.paced(seconds: wait))
                    // Pacing is not a retry: a wait cut short just lets the transfer go now.
                    try? await client.clock.sleep(wait)
                }
                return try await client.upload(
                    file: file.url, key: file.key, bucketURL: bucketURL, chunkSize: options.chunkSize,
                    verifyChecksum: options.verifyServerChecksum, parts: await partPlan(file.key, journal: journal)
                ) { sent in
                    if let event = tracker.progress(file.key, sent: sent) {
                        emit(event)
                        emit(.batch(tracker.snapshot()))
                    }
                    if sent == file.size { emit(.verifying(key: file.key)) }
                }
            }
            if uploaded.verifiedByServer {
                await journal.update(file.key, .verified, md5: uploaded.md5)
                tracker.finish(file.key, as: .verified)
                emit(.verified(key: file.key, md5: uploaded.md5))
            } else {
                await journal.update(file.key, .arrived, md5: uploaded.md5)
                tracker.finish(file.key, as: .unverified)
                emit(.arrived(key: file.key, md5: uploaded.md5))
            }
            emit(.batch(tracker.snapshot()))
            return
        } catch let error as ZenodoError {
            await journal.update(file.key, .failed, error: error.message)
            tracker.finish(file.key, as: .failed)
            emit(.failed(key: file.key, reason: error.message))
            emit(.batch(tracker.snapshot()))
            return
        } catch {
            // Cancelled: the file stays pending for a resume.
        }
        await journal.update(file.key, .pending)
    }

    /// The multipart plan of a file: the parts the journal says arrived (this run or an earlier
    /// one, if the part size is the same), recorded as they arrive.
    private func partPlan(_ key: String, journal: JournalWriter) async -> PartPlan? {
        guard let partSize = options.partSize else { return nil }
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
        guard let local = try? LocalDigest.md5(of: entry.file.url) else { return nil }
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
    public static func md5(of url: URL) throws -> String {
        let digest = StreamingMD5()
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { digest.update(data) }
        return digest.hex()
    }
}
