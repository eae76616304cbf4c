import FoundationEssentials
import ZenodoKit

/// A batch of either direction as `transfers` lists it and the agent's wire carries it.
public struct BatchSummary: Sendable, Equatable {
    public typealias Kind = TransferKind
    public var kind = Kind.upload
    public var id: String
    public var depositionID: Int
    public var title: String
    public var server: String
    public var status: UploadJournal.Status
    public var progress: BatchProgress
    /// One file of the batch: its name, size, how far it is, MD5 once verified, error once failed.
    public struct File: Sendable, Equatable {
        public var key: String
        public var size: Int64
        /// `.uploading` means under way, in either direction (the journal's and the wire's word).
        public var state: UploadJournal.FileState
        public var md5: String?
        public var error: String?

        public init(
            key: String, size: Int64, state: UploadJournal.FileState = .pending, md5: String? = nil,
            error: String? = nil
        ) {
            self.key = key
            self.size = size
            self.state = state
            self.md5 = md5
            self.error = error
        }

        init(_ entry: UploadJournal.Entry) {
            self.init(
                key: entry.file.key, size: entry.file.size, state: entry.state, md5: entry.md5, error: entry.error)
        }
    }

    public var files: [File]
    public var created: Date

    public init(
        id: String, depositionID: Int, title: String, server: String, status: UploadJournal.Status,
        progress: BatchProgress, files: [File], created: Date
    ) {
        self.id = id
        self.depositionID = depositionID
        self.title = title
        self.server = server
        self.status = status
        self.progress = progress
        self.files = files
        self.created = created
    }

    /// A batch known only from its journal (no process sends it, or a foreground `upload` does).
    public init(journal: UploadJournal, running: Bool) {
        var progress = BatchProgress()
        progress.files = journal.entries.count
        progress.totalBytes = journal.totalBytes
        progress.doneBytes = journal.verifiedBytes
        progress.verified = journal.verifiedCount
        progress.unverified = journal.entries.filter { $0.state == .arrived }.count
        progress.failed = journal.failedCount
        self.init(
            id: journal.id, depositionID: journal.depositionID, title: journal.title ?? "", server: journal.server,
            status: journal.status(running: running), progress: progress, files: journal.entries.map(File.init),
            created: journal.created)
    }

    /// A download batch known only from its journal: a file with an error failed, the rest wait.
    public init(download journal: DownloadJournal, running: Bool) {
        let files = journal.entries.map { entry in
            File(
                key: entry.label, size: entry.size,
                state: entry.verified ? .verified : (entry.error == nil ? .pending : .failed),
                md5: entry.verified ? entry.md5 : nil, error: entry.error)
        }
        var progress = BatchProgress()
        progress.files = files.count
        progress.totalBytes = files.reduce(0) { $0 + $1.size }
        progress.doneBytes = files.filter { $0.state == .verified }.reduce(0) { $0 + $1.size }
        progress.verified = files.filter { $0.state == .verified }.count
        progress.failed = files.filter { $0.state == .failed }.count
        let status: UploadJournal.Status =
            running ? .running : (progress.failed > 0 ? .failed : (progress.remaining > 0 ? .interrupted : .finished))
        self.init(
            id: journal.id, depositionID: journal.recordID ?? 0, title: journal.title ?? journal.reference,
            server: journal.server,
            status: status, progress: progress, files: files, created: journal.created)
        kind = .download
    }

    public var json: JSONValue {
        [
            "v": .int(EventSchema.version), "kind": .string(kind.rawValue), "direction": .string(kind.rawValue),
            "id": .string(id), "deposition_id": .int(depositionID), "title": .string(title), "server": .string(server),
            "status": .string(status.rawValue), "progress": progress.json("batch"),
            "created": .string(created.formatted(.iso8601)),
            "files": .array(
                files.map { entry in
                    [
                        "key": .string(entry.key), "size": .int(Int(entry.size)),
                        "state": .string(entry.state.rawValue),
                        "md5": entry.md5.map(JSONValue.string) ?? .null,
                        "error": entry.error.map(JSONValue.string) ?? .null,
                    ]
                }),
        ]
    }

    init?(json: JSONValue) {
        guard let id = json["id"]?.string,
            let status = json["status"]?.string.flatMap(UploadJournal.Status.init(rawValue:))
        else { return nil }
        self.id = id
        kind = json["kind"]?.string.flatMap(Kind.init(rawValue:)) ?? .upload
        depositionID = json["deposition_id"]?.int ?? 0
        title = json["title"]?.string ?? ""
        server = json["server"]?.string ?? ""
        self.status = status
        progress = json["progress"].map(BatchProgress.init(json:)) ?? BatchProgress()
        created = json["created"]?.string.flatMap { try? Date($0, strategy: .iso8601) } ?? Date()
        files = (json["files"]?.array ?? []).map { value in
            File(
                key: value["key"]?.string ?? "", size: Int64(value["size"]?.int ?? 0),
                state: value["state"]?.string.flatMap(UploadJournal.FileState.init(rawValue:)) ?? .pending,
                md5: value["md5"]?.string, error: value["error"]?.string)
        }
    }
}

extension BatchSummary {
    /// The events that tell an ended batch's result to a display that saw none of it.
    public var replay: [TransferEvent] {
        var events: [TransferEvent] = files.map { .queued(key: $0.key, size: $0.size) }
        for entry in files {
            switch entry.state {
            case .verified: events.append(.verified(key: entry.key, md5: entry.md5 ?? "?"))
            case .arrived: events.append(.arrived(key: entry.key, md5: entry.md5 ?? "?"))
            case .failed: events.append(.failed(key: entry.key, reason: entry.error ?? "failed"))
            case .pending, .uploading: break
            }
        }
        events.append(.finished(progress))
        return events
    }
}
