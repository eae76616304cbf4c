import FoundationEssentials

/// One deposition (= one record id) and its life cycle, as LocalZenodo persists it.
///
/// As on Zenodo, the truth is the InvenioRDM record (`metadata`, `custom_fields`, `access`,
/// `pids`); the legacy deposit API is a view of it (`LegacyFromRDM`), computed when the record
/// changes. The state Zenodo reports is derived: a draft and no publication is `unsubmitted`, a
/// draft over a publication is `inprogress` (an edit), a publication alone is `done`.
struct StoredDeposition: Sendable {
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
    /// Files begun through the native API and not committed (not in `files`, so the legacy
    /// deposition does not show them, as on Zenodo).
    var pendingFiles: [PendingFile] = []
    /// The open draft's RDM record parts, if a draft exists.
    var draft: JSONValue? { didSet { legacyDraft = draft.map(LegacyFromRDM.metadata) } }
    /// The RDM record parts as published, if the record was ever published.
    var published: JSONValue? { didSet { legacyPublished = published.map(LegacyFromRDM.metadata) } }
    var publishedAt: Date?
    /// Set on a copy shown to a caller who may not read the files (not stored): the files are
    /// left out of the record, as `FilesSchema.field_dump_permissions` does without `read_files`.
    var filesHidden = false
    /// Position in the concept's version chain, 1-based, fixed at creation.
    var versionIndex: Int
    /// The bucket's quota and largest file once its owner raised them (`quota-increase`); nil:
    /// the defaults (`Limits`).
    var quota: Int64?
    var maxFileSize: Int64?
    /// The published record's files while its edit draft's files are unlocked (`file-modification`
    /// accepted): the record keeps showing these until the draft is published (they go) or
    /// discarded (they come back). nil: the draft and the record share `files`.
    var publishedFiles: [StoredFile]?
    /// Set once the record is deleted (`request-deletion` accepted): what `GET` answers with 410.
    var tombstone: JSONValue?
    /// The draft's review (`parent.review`): the request's id, its status as last changed, and the
    /// community it goes to. Closed requests stay attached (a decline keeps it) until replaced.
    var review: Review?
    /// The communities the record is in, by slug (their UUIDs follow from it,
    /// `CommunityStore.uuid(for:)`), the default first: kept on every version of the concept.
    var communities: [String] = []

    struct Review: Codable, Sendable, Equatable {
        var id: String
        var status: String
        var community: String
        var isOpen: Bool { status == "submitted" }
    }

    /// The legacy views, kept with the record (searching 10,000 depositions reads them all).
    private(set) var legacyDraft: JSONValue?
    private(set) var legacyPublished: JSONValue?

    init(
        id: Int, conceptrecid: Int, owner: Int, created: Date, modified: Date, revision: Int, bucketID: String,
        files: [StoredFile], draft: JSONValue?, published: JSONValue?, publishedAt: Date?, versionIndex: Int
    ) {
        self.id = id
        self.conceptrecid = conceptrecid
        self.owner = owner
        self.created = created
        self.modified = modified
        self.revision = revision
        self.bucketID = bucketID
        self.files = files
        self.draft = draft
        self.published = published
        self.publishedAt = publishedAt
        self.versionIndex = versionIndex
        legacyDraft = draft.map(LegacyFromRDM.metadata)
        legacyPublished = published.map(LegacyFromRDM.metadata)
    }

    enum State: String { case unsubmitted, inprogress, done }

    var state: State {
        if published == nil { return .unsubmitted }
        return draft == nil ? .done : .inprogress
    }

    var isPublished: Bool { published != nil }

    /// A published record that was not deleted: found by search, versions and `latest`.
    var isLive: Bool { isPublished && tombstone == nil }

    /// Files can change in a never-published draft, and in the edit draft of a published record
    /// once a file modification unlocked them; otherwise they are locked, as on Zenodo.
    var filesLocked: Bool { isPublished && publishedFiles == nil }

    /// The files the published record shows (not the unlocked draft's).
    var recordFiles: [StoredFile] { publishedFiles ?? files }

    /// The legacy metadata a reader sees: the draft's when one exists, else the published one.
    var currentMetadata: JSONValue { legacyDraft ?? legacyPublished ?? .object([:]) }

    /// The RDM record parts a reader sees: the draft's when one exists, else the published ones.
    var currentRecord: JSONValue { draft ?? published ?? .object([:]) }

    /// A metadata-only record (`files: {"enabled": false}` in its record parts).
    var filesDisabled: Bool { currentRecord["files"]?["enabled"] == .bool(false) }

    var totalBytes: Int64 { files.reduce(0) { $0 + $1.size } }
}

extension StoredDeposition: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, conceptrecid, owner, created, modified, revision, bucketID, files, pendingFiles, draft, published,
            publishedAt
        case versionIndex, format, quota, maxFileSize, publishedFiles, tombstone, review, communities
    }

    /// 2: `draft`/`published` hold RDM record parts. Stores written before (no `format`) held the
    /// legacy metadata, which is converted as a legacy save would.
    static let format = 2

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let legacy = (try c.decodeIfPresent(Int.self, forKey: .format) ?? 1) < Self.format
        func record(_ key: CodingKeys) throws -> JSONValue? {
            guard let value = try c.decodeIfPresent(JSONValue.self, forKey: key) else { return nil }
            return legacy ? RDMFromLegacy.record(value) : value
        }
        self.init(
            id: try c.decode(Int.self, forKey: .id), conceptrecid: try c.decode(Int.self, forKey: .conceptrecid),
            owner: try c.decode(Int.self, forKey: .owner), created: try c.decode(Date.self, forKey: .created),
            modified: try c.decode(Date.self, forKey: .modified), revision: try c.decode(Int.self, forKey: .revision),
            bucketID: try c.decode(String.self, forKey: .bucketID),
            files: try c.decode([StoredFile].self, forKey: .files),
            draft: try record(.draft), published: try record(.published),
            publishedAt: try c.decodeIfPresent(Date.self, forKey: .publishedAt),
            versionIndex: try c.decode(Int.self, forKey: .versionIndex))
        pendingFiles = try c.decodeIfPresent([PendingFile].self, forKey: .pendingFiles) ?? []
        quota = try c.decodeIfPresent(Int64.self, forKey: .quota)
        maxFileSize = try c.decodeIfPresent(Int64.self, forKey: .maxFileSize)
        publishedFiles = try c.decodeIfPresent([StoredFile].self, forKey: .publishedFiles)
        tombstone = try c.decodeIfPresent(JSONValue.self, forKey: .tombstone)
        review = try c.decodeIfPresent(Review.self, forKey: .review)
        communities = try c.decodeIfPresent([String].self, forKey: .communities) ?? []
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(conceptrecid, forKey: .conceptrecid)
        try c.encode(owner, forKey: .owner)
        try c.encode(created, forKey: .created)
        try c.encode(modified, forKey: .modified)
        try c.encode(revision, forKey: .revision)
        try c.encode(bucketID, forKey: .bucketID)
        try c.encode(files, forKey: .files)
        if !pendingFiles.isEmpty { try c.encode(pendingFiles, forKey: .pendingFiles) }
        try c.encodeIfPresent(draft, forKey: .draft)
        try c.encodeIfPresent(published, forKey: .published)
        try c.encodeIfPresent(publishedAt, forKey: .publishedAt)
        try c.encode(versionIndex, forKey: .versionIndex)
        try c.encodeIfPresent(quota, forKey: .quota)
        try c.encodeIfPresent(maxFileSize, forKey: .maxFileSize)
        try c.encodeIfPresent(publishedFiles, forKey: .publishedFiles)
        try c.encodeIfPresent(tombstone, forKey: .tombstone)
        try c.encodeIfPresent(review, forKey: .review)
        if !communities.isEmpty { try c.encode(communities, forKey: .communities) }
        try c.encode(Self.format, forKey: .format)
    }
}
