import FoundationEssentials

/// A batch's plan and per-file state, written after every change so that an interrupted batch
/// (network loss, Ctrl-C, a dropped SSH session, SIGKILL) can be resumed.
public struct UploadJournal: Codable, Sendable, Equatable {
    public enum FileState: String, Codable, Sendable {
        case pending, uploading, verified, failed
        /// Committed, but the server confirmed no checksum (`TransferEvent.arrived`).
        case arrived
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var file: LocalFile
        public var state: FileState
        public var md5: String?
        public var error: String?
        /// A multipart transfer under way: its part size and the parts that arrived.
        public var partSize: Int64?
        public var doneParts: [Int]?

        public init(file: LocalFile, state: FileState, md5: String? = nil, error: String? = nil) {
            self.file = file
            self.state = state
            self.md5 = md5
            self.error = error
        }
    }

    public var id: String
    /// The API URL of the server (no token).
    public var server: String
    public var depositionID: Int
    /// The deposition's title when the batch began (for lists; journals before it have none).
    public var title: String?
    public var created: Date
    public var entries: [Entry]

    public init(
        id: String = UUID().uuidString.lowercased(), server: String, depositionID: Int, title: String? = nil,
        files: [LocalFile], created: Date = Date()
    ) {
        self.id = id
        self.server = server
        self.depositionID = depositionID
        self.title = title
        self.created = created
        entries = files.map { Entry(file: $0, state: .pending) }
    }

    /// Unfinished while any file is not verified.
    public var isFinished: Bool { entries.allSatisfy { $0.state == .verified } }

    /// Where a batch stands, seen from its journal and whether a process holds its lock.
    public enum Status: String, Sendable, Codable {
        /// A process (the agent or a foreground `upload`) is sending it.
        case running
        /// Every file verified.
        case finished
        /// Nothing left to send, and some file failed (resumable: `upload --resume` retries them).
        case failed
        /// Stopped part-way (cancelled, the process killed): resumable.
        case interrupted
    }

    public func status(running: Bool) -> Status {
        if running { return .running }
        if isFinished { return .finished }
        let open = entries.contains { $0.state == .pending || $0.state == .uploading }
        return open ? .interrupted : .failed
    }

    public var verifiedCount: Int { entries.filter { $0.state == .verified }.count }
    public var failedCount: Int { entries.filter { $0.state == .failed }.count }
    public var totalBytes: Int64 { entries.reduce(0) { $0 + $1.file.size } }
    public var verifiedBytes: Int64 { entries.filter { $0.state == .verified }.reduce(0) { $0 + $1.file.size } }

    mutating func set(_ key: String, _ state: FileState, md5: String? = nil, error: String? = nil) {
        guard let index = entries.firstIndex(where: { $0.file.key == key }) else { return }
        entries[index].state = state
        if let md5 { entries[index].md5 = md5 }
        entries[index].error = error
        if state == .verified {
            entries[index].partSize = nil
            entries[index].doneParts = nil
        }
    }

    mutating func markPart(_ key: String, _ part: Int, partSize: Int64) {
        guard let index = entries.firstIndex(where: { $0.file.key == key }) else { return }
        if entries[index].partSize != partSize { entries[index].doneParts = [] }
        entries[index].partSize = partSize
        if !(entries[index].doneParts ?? []).contains(part) {
            entries[index].doneParts = (entries[index].doneParts ?? []) + [part]
        }
    }

    /// A packed archive planned again (its tree changed): its new size and manifest, no parts.
    mutating func replace(_ key: String, with file: LocalFile) {
        guard let index = entries.firstIndex(where: { $0.file.key == key }) else { return }
        entries[index].file = file
        entries[index].partSize = nil
        entries[index].doneParts = nil
    }

    mutating func resetParts(_ key: String) {
        guard let index = entries.firstIndex(where: { $0.file.key == key }) else { return }
        entries[index].partSize = nil
        entries[index].doneParts = nil
    }
}

/// Journals under `$XDG_STATE_HOME/zenodo-tui/uploads/<id>.json`, each write atomic (temporary
/// file, then rename), so a crash leaves the old or the new journal, never half of one.
public struct JournalStore: Sendable {
    public var directory: URL

    public init(directories: ConfigDirectories) {
        directory = directories.state.appendingPathComponent("uploads")
    }

    public init(directory: URL) { self.directory = directory }

    var files: JournalFiles { JournalFiles(directory: directory, kind: .upload) }

    public func url(_ id: String) -> URL { files.url(id) }
    public func lockURL(_ id: String) -> URL { directory.appendingPathComponent("\(id).lock") }

    /// Where the member listing of a packed archive is kept, by its digest (`PackListing`): the
    /// next run names what changed in the tree.
    public func packListingURL(_ manifest: String) -> URL {
        directory.appendingPathComponent("packs").appendingPathComponent("\(manifest).txt")
    }

    public func save(_ journal: UploadJournal) throws { try files.save(journal, id: journal.id) }

    public func load(_ id: String) throws -> UploadJournal { try files.load(UploadJournal.self, id: id) }

    /// Every journal, newest first.
    public func all() -> [UploadJournal] {
        files.ids().compactMap { try? load($0) }
            .sorted { $0.created > $1.created }
    }

    /// Unfinished batches for a server, newest first.
    public func unfinished(server: String) -> [UploadJournal] {
        all().filter { $0.server == server && !$0.isFinished }
    }

    /// Unfinished batches for a server that no process is running: the ones to offer to resume.
    public func interrupted(server: String) -> [UploadJournal] {
        unfinished(server: server).filter { !JournalLock.isHeld($0.id, in: self) }
    }

    /// Files of journalled uploads into a deposition that are not verified yet (running uploads
    /// included): the publish checklist refuses while this is not zero.
    public func unverifiedFiles(server: String, depositionID: Int) -> Int {
        unfinished(server: server).filter { $0.depositionID == depositionID }
            .reduce(0) { $0 + $1.entries.filter { $0.state != .verified }.count }
    }

    public func remove(_ id: String) {
        try? FileManager.default.removeItem(at: url(id))
        try? FileManager.default.removeItem(at: lockURL(id))
    }
}
