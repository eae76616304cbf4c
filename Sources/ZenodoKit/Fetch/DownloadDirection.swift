import EssentialsExtras
import FoundationEssentials

/// Downloads as a direction of the one runner: a file already here with the record's MD5 is
/// skipped; else fetched, each attempt resuming from its partial copy (a `Range` request) and
/// verified by MD5 before it takes its name.
struct DownloadDirection: TransferDirection {
    let client: ZenodoClient
    let retry: RetryPolicy
    let journal: DownloadJournalKeeper
    let checksSpace: Bool
    let failures: @Sendable (ZenodoError.Kind) -> Void
    let destination: URL
    /// The journal as the batch began (what the destination check weighs).
    let start: DownloadJournal

    var clock: RetryClock { client.clock }
    var stoppedReason: String? { DownloadRunner.stopped }

    func label(of entry: DownloadJournal.Entry) -> String { entry.label }
    func size(of entry: DownloadJournal.Entry) -> Int64 { entry.size }

    func batchProblem(_ entries: [DownloadJournal.Entry]) -> String? {
        DownloadDestination.problem(for: start, checksSpace: checksSpace)
    }

    func before(_ entry: DownloadJournal.Entry) async -> TransferOutcome? {
        if let md5 = entry.md5, FileManager.default.fileExists(atPath: target(entry).path),
            (try? LocalDigest.md5(of: target(entry))) == md5
        {
            return .skipped(reason: "already here, MD5 verified", md5: md5)
        }
        if let problem = DownloadRunner.folderProblem(destination, entry.folder) {
            return .failed(reason: problem, kind: .localFile)
        }
        return nil
    }

    func attempt(
        _ entry: DownloadJournal.Entry, emit: @escaping @Sendable (TransferEvent) -> Void,
        progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> Transferred {
        do {
            let md5 = try await client.download(
                entry.url, to: target(entry), expectedMD5: entry.md5, expectedSize: entry.size, progress: progress)
            return Transferred(md5: md5, confirmed: true)
        } catch let error as ZenodoError {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ZenodoError(.network, String(describing: error))
        }
    }

    func attemptFailed(_ entry: DownloadJournal.Entry, _ error: ZenodoError) async {}

    func record(_ entry: DownloadJournal.Entry, _ outcome: TransferOutcome) async {
        switch outcome {
        case .verified, .arrived, .skipped:
            await journal.mark(entry, verified: true)
        case .failed(let reason, let kind):
            failures(kind)
            await journal.mark(entry, verified: false, error: reason)
        case .stopped:
            await journal.mark(entry, verified: false, error: DownloadRunner.stopped)
        }
    }

    func checkpoint() async { await journal.save() }

    private func target(_ entry: DownloadJournal.Entry) -> URL {
        entry.target(in: destination)
    }
}

/// A download batch's journal while it runs: marked as files end, written at each checkpoint,
/// removed once every file is verified. A journal that cannot be written is said once; the batch
/// goes on (`--resume` will not know it).
actor DownloadJournalKeeper {
    private(set) var journal: DownloadJournal
    let store: DownloadJournalStore?
    let warn: @Sendable (String) -> Void
    private var writable = true

    init(journal: DownloadJournal, store: DownloadJournalStore?, warn: @escaping @Sendable (String) -> Void) {
        self.journal = journal
        self.store = store
        self.warn = warn
    }

    func mark(_ entry: DownloadJournal.Entry, verified: Bool, error: String? = nil) {
        journal.mark(entry.key, folder: entry.folder, verified: verified, error: error)
    }

    func save() {
        guard let store, writable else { return }
        do {
            try store.save(journal)
        } catch {
            writable = false
            warn("\(ErrorText.describe(error)); --resume will not know of this batch")
        }
    }

    /// The batch ended: its journal removed when every file is verified; returned as it ended.
    func finish() -> DownloadJournal {
        if journal.isFinished { store?.remove(journal.id) }
        return journal
    }
}
