import Foundation
import ZenodoKit

/// Finding public records: the search box, the answers, the record open, and its downloads.
///
/// Each change of the query gets a new `generation`; the search for it runs after a pause in
/// typing (the runner drops a superseded one before sending), and an answer whose generation is
/// not the current one is dropped, so a slow answer to an old query never replaces a newer one.
public struct RecordsState: Sendable {
    public var query = ""
    /// The search box has the keys (typing edits the query).
    public var typing = true
    public var generation = 0
    public var loading = false
    public var error: String?
    public var results: [Record] = []
    public var total = 0
    public var selection = 0
    /// Restricts the search to one resource type (`dataset`, `software`, …); nil: all.
    public var type: String?

    public init() {}

    public var selected: Record? { results.indices.contains(selection) ? results[selection] : nil }

    /// The resource types `t` cycles through.
    public static let types: [String?] = [nil, "dataset", "software", "publication", "image", "poster", "presentation", "video"]
}

/// A record open in the record view: its file selection and downloads.
public struct RecordView: Sendable {
    public var record: Record
    public var selection = 0
    /// Where its files go: `<start directory>/<record id>`.
    public var destination: String
    /// Every published version of its concept, newest first; nil while they load.
    public var versions: [Record]?

    public init(record: Record, destination: String) {
        self.record = record
        self.destination = destination
    }

    /// The latest published version: the one the server marks last, or the highest index.
    public var latestVersion: Record? {
        guard let versions else { return nil }
        return versions.first { $0.isLatestVersion == true } ?? versions.max { ($0.versionIndex ?? 0, $0.id) < ($1.versionIndex ?? 0, $1.id) }
    }
}

/// One file being fetched (or fetched), shown in the record view and counted on the status line.
public struct DownloadState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case running
        case verified(md5: String)
        case failed(String)
    }

    public var recordID: Int
    public var key: String
    public var path: String
    public var size: Int64
    public var done: Int64 = 0
    public var phase: Phase = .running

    public var isRunning: Bool { phase == .running }
}
