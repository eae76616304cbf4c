import Foundation
import ZenodoKit

/// The agent's wire: one JSON object per line over the Unix socket, each with `"v"`. A client
/// sends one request per connection and reads answers until the agent closes it.
///
/// Requests (`op`): `start` (an upload's hand-over), `fetch` (a download batch's hand-over),
/// `list`, `watch` (`batch`), `cancel` (`batch`), `ping`. Batches of both kinds share `list`,
/// `watch` and `cancel`; a summary's `kind` tells them apart.
/// Answers (`type`): `started` (`batch`), `batches` (`batches`), `event` (`batch`, `event`: an
/// `TransferEvent` as `upload --json` prints it), `end`, `ok`, `error` (`message`).
public enum AgentProtocol {
    public static let version = 1

    static func request(_ op: String, _ fields: [String: JSONValue] = [:]) -> JSONValue {
        var object = fields
        object["v"] = .int(version)
        object["op"] = .string(op)
        return .object(object)
    }

    static func answer(_ type: String, _ fields: [String: JSONValue] = [:]) -> JSONValue {
        var object = fields
        object["v"] = .int(version)
        object["type"] = .string(type)
        return .object(object)
    }

    static func error(_ message: String) -> JSONValue { answer("error", ["message": .string(message)]) }

    static func event(_ batch: String, _ event: TransferEvent) -> JSONValue {
        answer("event", ["batch": .string(batch), "event": event.json])
    }
}

/// A batch as `uploads` lists it.
public struct BatchSummary: Sendable, Equatable {
    public enum Kind: String, Sendable { case upload, download }
    public var kind = Kind.upload
    public var id: String
    public var depositionID: Int
    public var title: String
    public var server: String
    public var status: UploadJournal.Status
    public var progress: BatchProgress
    /// Per file: key, state, MD5 once verified, error once failed.
    public var files: [UploadJournal.Entry]
    public var created: Date

    public init(
        id: String, depositionID: Int, title: String, server: String, status: UploadJournal.Status,
        progress: BatchProgress, files: [UploadJournal.Entry], created: Date
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
            status: journal.status(running: running), progress: progress, files: journal.entries, created: journal.created)
    }

    public var json: JSONValue {
        [
            "v": .int(EventSchema.version), "kind": .string(kind.rawValue), "direction": .string(kind.rawValue), "id": .string(id), "deposition_id": .int(depositionID), "title": .string(title), "server": .string(server),
            "status": .string(status.rawValue), "progress": progress.json("batch"),
            "created": .string(ISO8601DateFormatter().string(from: created)),
            "files": .array(
                files.map { entry in
                    [
                        "key": .string(entry.file.key), "size": .int(Int(entry.file.size)), "state": .string(entry.state.rawValue),
                        "md5": entry.md5.map(JSONValue.string) ?? .null, "error": entry.error.map(JSONValue.string) ?? .null,
                    ]
                }),
        ]
    }

    init?(json: JSONValue) {
        guard let id = json["id"]?.string, let status = json["status"]?.string.flatMap(UploadJournal.Status.init(rawValue:))
        else { return nil }
        self.id = id
        kind = json["kind"]?.string.flatMap(Kind.init(rawValue:)) ?? .upload
        depositionID = json["deposition_id"]?.int ?? 0
        title = json["title"]?.string ?? ""
        server = json["server"]?.string ?? ""
        self.status = status
        progress = json["progress"].map(BatchProgress.init(json:)) ?? BatchProgress()
        created = json["created"]?.string.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date()
        files = (json["files"]?.array ?? []).map { value in
            let file = LocalFile(
                path: "", key: value["key"]?.string ?? "", size: Int64(value["size"]?.int ?? 0), modified: Date())
            return UploadJournal.Entry(
                file: file, state: value["state"]?.string.flatMap(UploadJournal.FileState.init(rawValue:)) ?? .pending,
                md5: value["md5"]?.string, error: value["error"]?.string)
        }
    }
}

extension BatchSummary {
    /// The events that tell an ended batch's result to a display that saw none of it.
    public var replay: [TransferEvent] {
        var events: [TransferEvent] = files.map { .queued(key: $0.file.key, size: $0.file.size) }
        for entry in files {
            switch entry.state {
            case .verified: events.append(.verified(key: entry.file.key, md5: entry.md5 ?? "?"))
            case .arrived: events.append(.arrived(key: entry.file.key, md5: entry.md5 ?? "?"))
            case .failed: events.append(.failed(key: entry.file.key, reason: entry.error ?? "failed"))
            case .pending, .uploading: break
            }
        }
        events.append(.finished(progress))
        return events
    }
}
