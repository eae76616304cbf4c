import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a download batch: its journal's unverified files, `parallel` at a time, each from its
/// partial copy (a `Range` request), retried with back-off on what is worth retrying, verified
/// by MD5 before it takes its name; a file already there with the record's MD5 is skipped. The
/// journal is saved as each file ends and removed once every file is verified. The one runner of
/// `download`, of the interface's downloads and of the background agent's.
///
/// Its events are the one `TransferEvent` vocabulary (`queued`, `started`, `progress`, `retrying`,
/// `verified`, `skipped`, `failed`, `batch`, `finished`), keyed by `Entry.label` (`key`, or
/// `folder/key` for one of several versions); its queue (`BatchQueue`), its numbers
/// (`BatchTracker`) and its attempts (`RetryLoop`) are the upload engine's.
public struct DownloadRunner: Sendable {
    public var client: ZenodoClient
    /// Where the journal is kept; `nil` keeps none.
    public var store: DownloadJournalStore?
    public var parallel: Int
    public var retry: RetryPolicy
    /// How often a file's progress is told.
    public var progressInterval: Duration
    /// Told when the journal cannot be written (the batch goes on; `--resume` will not know it).
    public var warn: @Sendable (String) -> Void
    /// Whether the destination's free space is compared with what is to fetch before the start
    /// (`DownloadDestination`); its writability always is.
    public var checksSpace = true
    /// Hears the kind of each failure (a command's exit code says what went wrong).
    public var failures: @Sendable (ZenodoError.Kind) -> Void = { _ in }
    /// The clock rates are measured with (seconds), as the upload engine's.
    public var now: @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    public init(
        client: ZenodoClient, store: DownloadJournalStore?, parallel: Int = 3, retry: RetryPolicy = .uploads,
        progressInterval: Duration = .milliseconds(100), warn: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.client = client
        self.store = store
        self.parallel = max(1, parallel)
        self.retry = retry
        self.progressInterval = progressInterval
        self.warn = warn
    }

    /// How one file ended.
    enum Outcome: Sendable {
        case skipped(String)
        case verified(String)
        case failed(String, ZenodoError.Kind)
    }

    /// Runs the batch until every pending file has ended (or the task is cancelled: the files not
    /// begun end as stopped). Returns the journal as it ended and the counts.
    @discardableResult
    public func run(_ start: DownloadJournal, emit: @escaping @Sendable (TransferEvent) -> Void) async -> (
        journal: DownloadJournal, progress: BatchProgress
    ) {
        var journal = Self.reconciled(start)
        let items = journal.pending
        let tracker = BatchTracker(
            files: items.map { ($0.label, $0.size) }, now: now,
            interval: Double(progressInterval.components.seconds) + Double(progressInterval.components.attoseconds)
                / 1e18)
        for item in items { emit(.queued(key: item.label, size: item.size)) }
        let destination = URL(fileURLWithPath: journal.destination, isDirectory: true)
        var journalWritable = true
        /// A file's end: journalled (the journal saved), counted and told.
        func end(_ item: DownloadJournal.Entry, _ outcome: Outcome) {
            switch outcome {
            case .skipped(let reason):
                tracker.finish(item.label, as: .skipped)
                journal.mark(item.key, folder: item.folder, verified: true)
                emit(.skipped(key: item.label, reason: reason))
            case .verified(let md5):
                tracker.finish(item.label, as: .verified)
                journal.mark(item.key, folder: item.folder, verified: true)
                emit(.verified(key: item.label, md5: md5))
            case .failed(let reason, let kind):
                failures(kind)
                tracker.finish(item.label, as: .failed)
                journal.mark(item.key, folder: item.folder, verified: false, error: reason)
                emit(.failed(key: item.label, reason: reason))
            }
        }
        func save() {
            guard let store, journalWritable else { return }
            do {
                try store.save(journal)
            } catch {
                journalWritable = false
                warn("\(error.localizedDescription); --resume will not know of this batch")
            }
        }
        // A destination that cannot take the batch fails every file at once, in words, and
        // keeps the journal: nothing is fetched to be thrown away.
        if !items.isEmpty, let problem = DownloadDestination.problem(for: journal, checksSpace: checksSpace) {
            for item in items { end(item, .failed(problem, .validation)) }
            if let store { try? store.save(journal) }
            emit(.batch(tracker.snapshot()))
            emit(.finished(tracker.snapshot()))
            return (journal, tracker.snapshot())
        }
        emit(.batch(tracker.snapshot()))
        await BatchQueue.run(items, parallel: parallel) { item in
            await fetch(item, into: destination, tracker: tracker, emit: emit)
        } ended: { item, outcome in
            end(item, outcome)
            save()
            emit(.batch(tracker.snapshot()))
        } notBegun: { stopped in
            // Stopped before they began: they end as stopped, their journal entries kept.
            for item in stopped { end(item, .failed(Self.stopped, .refused)) }
            save()
            emit(.batch(tracker.snapshot()))
        }
        let progress = tracker.snapshot()
        if journal.isFinished { store?.remove(journal.id) }
        emit(.finished(progress))
        return (journal, progress)
    }

    /// One file: skipped when already here and verified; else fetched, each attempt resuming from
    /// the partial copy, until verified or out of attempts.
    private func fetch(
        _ item: DownloadJournal.Entry, into destination: URL, tracker: BatchTracker,
        emit: @escaping @Sendable (TransferEvent) -> Void
    ) async -> Outcome {
        let target = destination.appendingPathComponent(item.folder, isDirectory: true).appendingPathComponent(
            LocalName.forKey(item.key))
        if let md5 = item.md5, FileManager.default.fileExists(atPath: target.path),
            (try? LocalDigest.md5(of: target)) == md5
        {
            return .skipped("already here, MD5 verified")
        }
        let loop = RetryLoop(policy: retry, clock: client.clock, stopsWhenAWaitIsInterrupted: true)
        if let problem = Self.folderProblem(destination, item.folder) {
            return .failed(problem, .localFile)
        }
        do {
            let md5 = try await loop.run(
                failed: { _ in tracker.restart(item.label) },
                retryingAfter: { attempt, delay, error in
                    emit(
                        .retrying(
                            key: item.label, attempt: attempt, maxAttempts: retry.maxAttempts, delay: delay,
                            reason: error.message))
                }
            ) { attempt in
                try Task.checkCancellation()
                emit(.started(key: item.label, attempt: attempt))
                do {
                    return try await client.download(
                        item.url, to: target, expectedMD5: item.md5, expectedSize: item.size
                    ) { bytes in
                        // The tracker tells a file's progress once per interval, not per chunk.
                        if let event = tracker.progress(item.label, sent: bytes) {
                            emit(event)
                            emit(.batch(tracker.snapshot()))
                        }
                    }
                } catch let error as ZenodoError {
                    throw error
                } catch {
                    if Task.isCancelled { throw CancellationError() }
                    throw ZenodoError(.network, String(describing: error))
                }
            }
            return .verified(md5)
        } catch let error as ZenodoError {
            return Task.isCancelled ? .failed(Self.stopped, .refused) : .failed(error.message, error.kind)
        } catch {
            return .failed(Self.stopped, .refused)
        }
    }

    /// The journal with files it calls verified but that are gone from the destination (moved,
    /// deleted, the directory removed) marked unverified again, so a resumed batch ends with
    /// every file on disk.
    public static func reconciled(_ journal: DownloadJournal) -> DownloadJournal {
        var journal = journal
        let destination = URL(fileURLWithPath: journal.destination, isDirectory: true)
        for entry in journal.entries where entry.verified {
            let target = destination.appendingPathComponent(entry.folder, isDirectory: true).appendingPathComponent(
                LocalName.forKey(entry.key))
            if !FileManager.default.fileExists(atPath: target.path) {
                journal.mark(entry.key, folder: entry.folder, verified: false, error: "gone from the destination")
            }
        }
        return journal
    }

    /// Why a version's folder below the destination may not be written into: a link planted
    /// there (by someone who can write the destination) would take the files elsewhere.
    static func folderProblem(_ destination: URL, _ folder: String) -> String? {
        guard !folder.isEmpty else { return nil }
        let path = destination.appendingPathComponent(folder, isDirectory: true).path
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        if info.st_mode & S_IFMT == S_IFLNK {
            return "refusing to write into \(path): it is a symbolic link (someone may have planted it)"
        }
        if info.st_mode & S_IFMT != S_IFDIR {
            return "cannot write into \(path): it is not a directory"
        }
        return nil
    }

    /// Why a file ends when its batch is stopped; its partial copy is kept.
    public static let stopped = "stopped (the partial copy is kept)"
}

extension DownloadJournal.Entry {
    /// How events and lines name it: the key, under its version's folder when it has one.
    public var label: String { folder.isEmpty ? key : folder + "/" + key }
}
