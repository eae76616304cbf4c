import FoundationEssentials

/// A download batch on disk: which files of which record go where, and which are verified, so
/// `download --resume` continues an interrupted batch (each unfinished file from its partial copy)
/// without the reference, the patterns or the destination being given again. Written after each
/// file ends; removed when every file is verified.
public struct DownloadJournal: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var key: String
        public var url: String
        public var md5: String?
        public var size: Int64
        /// The directory it goes into below `destination` (a version's id with --all-versions).
        public var folder: String
        public var verified: Bool
        public var error: String?

        public init(key: String, url: String, md5: String?, size: Int64, folder: String = "") {
            self.key = key
            self.url = url
            self.md5 = md5
            self.size = size
            self.folder = folder
            verified = false
        }
    }

    public var id: String
    /// The API base URL of the server the files come from.
    public var server: String
    /// What was asked for (`10.5281/zenodo.123`, a record id, an address).
    public var reference: String
    /// Absolute.
    public var destination: String
    public var created: Date
    public var entries: [Entry]
    /// The record and its title, when one record's files were asked for (the interface's queue
    /// shows them); absent in journals of `--all-versions` and of earlier versions.
    public var recordID: Int?
    public var title: String?

    public init(
        server: String, reference: String, destination: String, entries: [Entry], created: Date = Date(),
        recordID: Int? = nil,
        title: String? = nil
    ) {
        id = UUID().uuidString.lowercased()
        self.server = server
        self.reference = reference
        self.destination = destination
        self.created = created
        self.entries = entries
        self.recordID = recordID
        self.title = title
    }

    public var pendingBytes: Int64 { pending.reduce(0) { $0 + $1.size } }

    public var isFinished: Bool { entries.allSatisfy(\.verified) }
    public var pending: [Entry] { entries.filter { !$0.verified } }

    /// Records how a file ended.
    public mutating func mark(_ key: String, folder: String, verified: Bool, error: String? = nil) {
        guard let at = entries.firstIndex(where: { $0.key == key && $0.folder == folder }) else { return }
        entries[at].verified = verified
        entries[at].error = error
    }
}

/// Download journals under the state directory (`downloads/<id>.json`). A journal that cannot be
/// read (truncated, corrupted, from a newer version) is skipped with its name, never a crash.
public struct DownloadJournalStore: Sendable {
    public var directory: URL

    public init(directories: ConfigDirectories) {
        directory = directories.state.appendingPathComponent("downloads")
    }

    public init(directory: URL) { self.directory = directory }

    var files: JournalFiles { JournalFiles(directory: directory, kind: .download) }

    public func save(_ journal: DownloadJournal) throws { try files.save(journal, id: journal.id) }

    public func load(_ id: String) throws -> DownloadJournal { try files.load(DownloadJournal.self, id: id) }

    /// Unfinished batches from `server`, oldest first, and why the journals that could not be read
    /// (truncated, corrupted, from a newer zenodo-tui) were skipped.
    public func unfinished(server: String) -> (journals: [DownloadJournal], unreadable: [String]) {
        var journals: [DownloadJournal] = []
        var unreadable: [String] = []
        for id in files.ids() {
            let journal: DownloadJournal
            do {
                journal = try load(id)
            } catch let error as ZenodoError {
                unreadable.append(error.message)
                continue
            } catch {
                unreadable.append("the download journal \(files.url(id).path) cannot be read")
                continue
            }
            if journal.server == server, !journal.isFinished { journals.append(journal) }
        }
        return (journals.sorted { $0.created < $1.created }, unreadable)
    }

    /// Every readable journal, of any server (unreadable ones are skipped: `download --resume` says why).
    public func all() -> [DownloadJournal] {
        files.ids().compactMap { try? load($0) }
    }

    public func remove(_ id: String) {
        try? FileManager.default.removeItem(at: files.url(id))
    }
}
