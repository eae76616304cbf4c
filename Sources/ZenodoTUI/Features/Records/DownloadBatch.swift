import FoundationEssentials
import ZenodoKit

/// One batch of downloads (one `d` or `D`, a resume, one followed in the agent): its record,
/// where its files go, and its events folded by ZenodoKit's `BatchFold`, as `download` and the
/// agent fold them. The queue shows it as one row; the record view shows each of its files.
public struct DownloadBatch: Sendable, Equatable {
    public var batch: Int
    public var recordID: Int
    /// The record's title, for the queue.
    public var title: String
    /// The directory its files go into.
    public var directory: String
    public var fold: BatchFold
    /// Where each file lands, by the key its events name it with.
    public var paths: [String: String]

    public init(
        batch: Int, recordID: Int, title: String = "", directory: String,
        files: [(key: String, size: Int64, path: String)]
    ) {
        self.batch = batch
        self.recordID = recordID
        self.title = title
        self.directory = directory
        fold = BatchFold(files: files.map { BatchFold.File(key: $0.key, size: $0.size) })
        // The numbers until the runner's first count (the agent may take seconds to start).
        fold.progress.files = files.count
        fold.progress.totalBytes = files.reduce(0) { $0 + $1.size }
        paths = Dictionary(files.map { ($0.key, $0.path) }, uniquingKeysWith: { first, _ in first })
    }

    public var isRunning: Bool { fold.isRunning }

    /// Whether this batch is still to fetch the file (queued or under way).
    public func isFetching(_ key: String) -> Bool {
        guard isRunning, let file = fold.file(key) else { return false }
        return file.state == .pending || file.state == .running
    }

    /// Applies one of the runner's events; `true` when the batch finished.
    public mutating func apply(_ event: TransferEvent) -> Bool { fold.apply(event) }

    /// The batch ended without its runner's last word (the agent went away): each file not ended
    /// fails with the reason.
    public mutating func lose(_ reason: String) {
        for file in fold.files where file.state == .pending || file.state == .running {
            _ = fold.apply(.failed(key: file.key, reason: reason))
        }
        fold.active = []
        fold.phase = .cancelled
    }

    // The queue's row.
    public var files: Int { fold.files.count }
    public var verified: Int { fold.files.filter(\.isDone).count }
    public var failed: Int { fold.files.filter { $0.state == .failed }.count }
    /// Files not ended yet.
    public var left: Int { files - verified - failed }
    public var totalBytes: Int64 { fold.progress.totalBytes }
    public var doneBytes: Int64 { min(fold.progress.doneBytes, totalBytes) }
    public var rate: Double { isRunning ? fold.progress.rate : 0 }

    public var fraction: Double {
        totalBytes > 0 ? min(1, Double(doneBytes) / Double(totalBytes)) : (isRunning ? 0 : 1)
    }
    /// Seconds left at the current rate; nil when nothing moves.
    public var eta: Double? { rate > 0 && isRunning ? Double(totalBytes - doneBytes) / rate : nil }
    public var label: String { isRunning ? "DOWNLOADING" : failed > 0 ? "FAILED" : "VERIFIED" }
}
