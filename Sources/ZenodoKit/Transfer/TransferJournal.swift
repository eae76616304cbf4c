import FoundationEssentials

/// The direction of a transfer: what a journal, a batch and a listing say it is.
public enum TransferKind: String, Sendable, Codable {
    case upload, download
}

/// What every journal says of its batch, whichever the direction: the one view `transfers`,
/// the interface and the agent take of the journals on disk.
public protocol TransferJournal: Sendable {
    var kind: TransferKind { get }
    var id: String { get }
    var server: String { get }
    var created: Date { get }
    var title: String? { get }
    var isFinished: Bool { get }
    /// Files in the batch, and those not yet verified.
    var fileCount: Int { get }
    var unverifiedCount: Int { get }
}

extension UploadJournal: TransferJournal {
    public var kind: TransferKind { .upload }
    public var fileCount: Int { entries.count }
    public var unverifiedCount: Int { entries.filter { $0.state != .verified }.count }
}

extension DownloadJournal: TransferJournal {
    public var kind: TransferKind { .download }
    public var fileCount: Int { entries.count }
    public var unverifiedCount: Int { pending.count }
}

/// The journals of both directions under the state directory (`uploads/`, `downloads/`).
public struct TransferJournals: Sendable {
    public let uploads: JournalStore
    public let downloads: DownloadJournalStore

    public init(directories: ConfigDirectories) {
        uploads = JournalStore(directories: directories)
        downloads = DownloadJournalStore(directories: directories)
    }

    /// Every readable journal, both directions, newest first.
    public func all() -> [any TransferJournal] {
        let every: [any TransferJournal] = uploads.all() + downloads.all()
        return every.sorted { $0.created > $1.created }
    }
}
