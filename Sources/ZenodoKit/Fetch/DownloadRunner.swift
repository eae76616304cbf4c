import Dispatch
import FoundationEssentials
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

    /// Runs the batch until every pending file has ended (or the task is cancelled: the files not
    /// begun end as stopped). Returns the journal as it ended and the counts.
    @discardableResult
    public func run(_ start: DownloadJournal, emit: @escaping @Sendable (TransferEvent) -> Void) async -> (
        journal: DownloadJournal, progress: BatchProgress
    ) {
        let journal = Self.reconciled(start)
        let keeper = DownloadJournalKeeper(journal: journal, store: store, warn: warn)
        let direction = DownloadDirection(
            client: client, retry: retry, journal: keeper, checksSpace: checksSpace, failures: failures,
            destination: URL(fileURLWithPath: journal.destination, isDirectory: true), start: journal)
        let interval =
            Double(progressInterval.components.seconds) + Double(progressInterval.components.attoseconds) / 1e18
        let runner = BatchRunner(direction: direction, parallel: parallel, interval: interval, now: now)
        let progress = await runner.run(journal.pending, emit: emit)
        let ended = await keeper.finish()
        return (ended, progress)
    }

    /// The journal with files it calls verified but that are gone from the destination (moved,
    /// deleted, the directory removed) marked unverified again, so a resumed batch ends with
    /// every file on disk.
    public static func reconciled(_ journal: DownloadJournal) -> DownloadJournal {
        var journal = journal
        let destination = URL(fileURLWithPath: journal.destination, isDirectory: true)
        for entry in journal.entries where entry.verified {
            let target = entry.target(in: destination)
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

    /// Where it lands below `destination`: its version's folder, and its key as a local name.
    public func target(in destination: URL) -> URL {
        destination.appendingPathComponent(folder, isDirectory: true).appendingPathComponent(LocalName.forKey(key))
    }
}
