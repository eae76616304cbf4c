import Foundation

/// One deposition (= one record id) and its life cycle, as LocalZenodo persists it.
///
/// The state Zenodo reports is derived: a draft and no publication is `unsubmitted`, a draft over a
/// publication is `inprogress` (an edit), a publication alone is `done`.
struct StoredDeposition: Codable, Sendable {
    var id: Int
    var conceptrecid: Int
    /// The owner's user id (one per token).
    var owner: Int
    var created: Date
    var modified: Date
    /// Incremented on every change; sent as the `ETag`.
    var revision: Int
    var bucketID: String
    var files: [StoredFile]
    /// Legacy metadata of the open draft, if one exists.
    var draft: JSONValue?
    /// Legacy metadata as published, if the record was ever published.
    var published: JSONValue?
    var publishedAt: Date?
    /// Position in the concept's version chain, 1-based, fixed at creation.
    var versionIndex: Int

    enum State: String { case unsubmitted, inprogress, done }

    var state: State {
        if published == nil { return .unsubmitted }
        return draft == nil ? .done : .inprogress
    }

    var isPublished: Bool { published != nil }

    /// Files can change only in a never-published draft (Zenodo locks a published record's files).
    var filesLocked: Bool { isPublished }

    /// The metadata a reader sees: the draft's when one exists, else the published one.
    var currentMetadata: JSONValue { draft ?? published ?? .object([:]) }

    var totalBytes: Int64 { files.reduce(0) { $0 + $1.size } }
}
