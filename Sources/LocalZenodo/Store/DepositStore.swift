import EssentialsExtras
import FoundationEssentials
import Glibc

/// Every deposition and file LocalZenodo holds, persisted under one directory.
///
/// Layout: `depositions/<id>.json` (one small file per deposition, written atomically on each
/// change), `blobs/<uuid>` (file contents, immutable once renamed into place), `incoming/` (uploads
/// being received; emptied on start), `next-id` (the id counter).
actor DepositStore {
    let directory: URL
    private var depositions: [Int: StoredDeposition] = [:]
    private var bucketIndex: [String: Int] = [:]
    private var nextID: Int
    /// When the next active embargo ends; `nil`: not known (computed by the next sweep).
    var nextEmbargoEnd: Date?
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    var blobsDirectory: URL { directory.appendingPathComponent("blobs") }
    var incomingDirectory: URL { directory.appendingPathComponent("incoming") }
    private var depositionsDirectory: URL { directory.appendingPathComponent("depositions") }

    init(directory: URL) throws {
        self.directory = directory
        let fm = FileManager.default
        for sub in ["blobs", "incoming", "depositions"] {
            try fm.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        for leftover in (try? fm.contentsOfDirectory(atPath: directory.appendingPathComponent("incoming").path)) ?? [] {
            try? fm.removeItem(at: directory.appendingPathComponent("incoming").appendingPathComponent(leftover))
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        var loaded: [Int: StoredDeposition] = [:]
        let depositionsDir = directory.appendingPathComponent("depositions")
        for name in try fm.contentsOfDirectory(atPath: depositionsDir.path) where name.hasSuffix(".json") {
            let data = try Data(contentsOf: depositionsDir.appendingPathComponent(name))
            let deposition = try decoder.decode(StoredDeposition.self, from: data)
            loaded[deposition.id] = deposition
        }
        depositions = loaded
        bucketIndex = Dictionary(uniqueKeysWithValues: loaded.values.map { ($0.bucketID, $0.id) })
        let counter = (try? String(contentsOf: directory.appendingPathComponent("next-id"), encoding: .utf8))
            .flatMap { Int($0.trimming(.whitespacesAndNewlines)) }
        nextID = max(counter ?? 1000, (loaded.keys.max() ?? 999) + 1)
    }

    // MARK: reading

    func deposition(_ id: Int) -> StoredDeposition? { depositions[id] }

    func deposition(bucket: String) -> StoredDeposition? { bucketIndex[bucket].flatMap { depositions[$0] } }

    func all() -> [StoredDeposition] { Array(depositions.values) }

    /// The versions of a concept, oldest first.
    func versions(concept: Int) -> [StoredDeposition] {
        depositions.values.filter { $0.conceptrecid == concept }.sorted { $0.versionIndex < $1.versionIndex }
    }

    /// The latest published version of a concept.
    func latestPublished(concept: Int) -> StoredDeposition? {
        versions(concept: concept).last { $0.isLive }
    }

    // MARK: writing

    /// A new deposition whose draft holds `record` (RDM record parts).
    func create(owner: Int, record: JSONValue, now: Date) throws -> StoredDeposition {
        let concept = allocateID()
        let id = allocateID()
        let deposition = StoredDeposition(
            id: id, conceptrecid: concept, owner: owner, created: now, modified: now, revision: 1,
            bucketID: UUID().uuidString.lowercased(), files: [], draft: record, published: nil, publishedAt: nil,
            versionIndex: 1)
        try save(deposition)
        return deposition
    }

    /// Applies `change` to a deposition, bumps its revision and persists it.
    @discardableResult
    func update(_ id: Int, now: Date, _ change: (inout StoredDeposition) throws(APIError) -> Void) throws
        -> StoredDeposition
    {
        guard var deposition = depositions[id] else { throw APIError.notFound() }
        try change(&deposition)
        deposition.modified = now
        deposition.revision += 1
        try save(deposition)
        return deposition
    }

    /// Removes a never-published deposition with its files.
    func remove(_ id: Int) throws {
        guard let deposition = depositions.removeValue(forKey: id) else { return }
        bucketIndex[deposition.bucketID] = nil
        try FileManager.default.removeItem(at: depositionsDirectory.appendingPathComponent("\(id).json"))
        for file in deposition.files { removeBlob(file.blob) }
        for file in deposition.pendingFiles { removeBlob(file.blob) }
        for file in deposition.publishedFiles ?? [] { removeBlob(file.blob) }
    }

    // MARK: native files (init, content, commit)

    /// Registers files to come (`POST …/draft/files`); a key already taken is 400.
    func initFiles(_ id: Int, _ files: [PendingFile], now: Date) throws -> StoredDeposition {
        try update(id, now: now) { (d) throws(APIError) in
            for file in files {
                if d.files.contains(where: { $0.key == file.key })
                    || d.pendingFiles.contains(where: { $0.key == file.key })
                {
                    throw APIError(status: 400, message: "File with key \(file.key) already exists.")
                }
                d.pendingFiles.append(file)
            }
        }
    }

    /// Where a pending file's content goes.
    func pendingBlobURL(_ file: PendingFile) -> URL { blobsDirectory.appendingPathComponent(file.blob) }

    /// Turns a pending file whose content is all there into a stored one.
    func commitPending(_ id: Int, key: String, md5: String, size: Int64, shown: CommitChecksum, now: Date) throws
        -> StoredDeposition
    {
        try update(id, now: now) { (d) throws(APIError) in
            guard let index = d.pendingFiles.firstIndex(where: { $0.key == key }) else {
                throw APIError.notFound("Record '\(id)' has no file '\(key)'.")
            }
            let pending = d.pendingFiles.remove(at: index)
            var file = StoredFile(
                id: UUID().uuidString.lowercased(), key: key, size: size, md5: md5, blob: pending.blob,
                versionID: UUID().uuidString.lowercased(), created: pending.created, updated: now)
            if case .later(let from, let multipart) = shown {
                file.checksumFrom = from
                file.multipartChecksum = multipart
            }
            d.files.append(file)
        }
    }

    /// Drops a pending file and its partial content.
    func removePending(_ id: Int, key: String, now: Date) throws {
        var blob: String?
        _ = try update(id, now: now) { d in
            if let index = d.pendingFiles.firstIndex(where: { $0.key == key }) {
                blob = d.pendingFiles.remove(at: index).blob
            }
        }
        if let blob { removeBlob(blob) }
    }

    /// Drops a stored file by key (native `DELETE …/draft/files/{key}`).
    func removeFile(_ id: Int, key: String, now: Date) throws {
        var blob: String?
        _ = try update(id, now: now) { d in
            if let index = d.files.firstIndex(where: { $0.key == key }) { blob = d.files.remove(at: index).blob }
        }
        if let blob { removeBlob(blob) }
    }

    /// A new-version draft of `source`'s concept, with copies of its files (the legacy
    /// `newversion`) or without (the native `POST /versions`; `files-import` copies them later).
    func createVersion(
        of source: StoredDeposition, record: JSONValue, copyFiles: Bool = true, now: Date
    ) throws -> StoredDeposition {
        let id = allocateID()
        var files: [StoredFile] = []
        for file in copyFiles ? source.recordFiles : [] {
            let blob = UUID().uuidString.lowercased()
            try linkBlob(file.blob, to: blob)
            files.append(
                StoredFile(
                    id: UUID().uuidString.lowercased(), key: file.key, size: file.size, md5: file.md5, blob: blob,
                    versionID: UUID().uuidString.lowercased(), created: now, updated: now))
        }
        let index = (versions(concept: source.conceptrecid).map(\.versionIndex).max() ?? 0) + 1
        var deposition = StoredDeposition(
            id: id, conceptrecid: source.conceptrecid, owner: source.owner, created: now, modified: now, revision: 1,
            bucketID: UUID().uuidString.lowercased(), files: files, draft: record, published: nil, publishedAt: nil,
            versionIndex: index)
        // A new version keeps the parent's communities.
        deposition.communities = source.communities
        try save(deposition)
        return deposition
    }

    /// Copies the latest published files into an empty new-version draft.
    func importFiles(into id: Int, from source: StoredDeposition, now: Date) throws -> StoredDeposition {
        var copies: [StoredFile] = []
        for file in source.recordFiles {
            let blob = UUID().uuidString.lowercased()
            try linkBlob(file.blob, to: blob)
            var copy = file
            copy.id = UUID().uuidString.lowercased()
            copy.blob = blob
            copies.append(copy)
        }
        return try update(id, now: now) { $0.files = copies }
    }

    /// Stores a completely received upload under `key`, replacing a file of the same key, after
    /// checking the limits again (parallel uploads may have raced).
    func commitUpload(
        bucket: String, key: String, incoming: URL, size: Int64, md5: String, limits: Limits, now: Date
    ) throws -> StoredFile {
        guard let id = bucketIndex[bucket], let deposition = depositions[id] else {
            try? FileManager.default.removeItem(at: incoming)
            throw APIError.notFound("Bucket does not exist.")
        }
        let existing = deposition.files.first { $0.key == key }
        if let problem = limits.problem(deposition: deposition, key: key, size: size) {
            try? FileManager.default.removeItem(at: incoming)
            throw problem
        }
        let blob = UUID().uuidString.lowercased()
        try FileManager.default.moveItem(at: incoming, to: blobsDirectory.appendingPathComponent(blob))
        let file = StoredFile(
            id: UUID().uuidString.lowercased(), key: key, size: size, md5: md5, blob: blob,
            // Zenodo deletes the old file and creates a new one (`_create_or_update_file` in
            // zenodo_rdm/legacy/resources.py): a new id and a new `created`.
            versionID: UUID().uuidString.lowercased(), created: now, updated: now)
        try update(id, now: now) { (deposition) throws(APIError) in
            if let index = deposition.files.firstIndex(where: { $0.key == key }) {
                deposition.files[index] = file
            } else {
                deposition.files.append(file)
            }
        }
        if let existing { removeBlob(existing.blob) }
        return file
    }

    func removeFile(deposition id: Int, fileID: String, now: Date) throws {
        var removed: StoredFile?
        try update(id, now: now) { (deposition) throws(APIError) in
            guard let index = deposition.files.firstIndex(where: { $0.id == fileID }) else {
                throw APIError.notFound("File does not exist.")
            }
            removed = deposition.files.remove(at: index)
        }
        if let removed { removeBlob(removed.blob) }
    }

    /// A path for an upload being received; renamed into `blobs/` only when complete.
    func incomingURL() -> URL {
        incomingDirectory.appendingPathComponent(UUID().uuidString.lowercased())
    }

    func blobURL(_ file: StoredFile) -> URL { blobsDirectory.appendingPathComponent(file.blob) }

    // MARK: private

    private func allocateID() -> Int {
        let id = nextID
        nextID += 1
        try? Self.writeWhole(Data(String(nextID).utf8), to: directory.appendingPathComponent("next-id"))
        return id
    }

    private func save(_ deposition: StoredDeposition) throws {
        if let end = Self.activeEmbargoEnd(deposition.published), let next = nextEmbargoEnd, end < next {
            nextEmbargoEnd = end
        }
        depositions[deposition.id] = deposition
        bucketIndex[deposition.bucketID] = deposition.id
        let data = try encoder.encode(deposition)
        try Self.writeWhole(data, to: depositionsDirectory.appendingPathComponent("\(deposition.id).json"))
    }

    /// Writes beside the file, then renames over it: whole or not at all, and nothing in /tmp
    /// (Foundation's `.atomic` writes through a `TemporaryDirectory.*` there, which a killed
    /// server leaves behind).
    static func writeWhole(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        try data.write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    func linkBlob(_ source: String, to target: String) throws {
        let from = blobsDirectory.appendingPathComponent(source)
        let to = blobsDirectory.appendingPathComponent(target)
        do {
            try FileManager.default.linkItem(at: from, to: to)
        } catch {
            try FileManager.default.copyItem(at: from, to: to)
        }
    }

    func removeBlob(_ blob: String) {
        try? FileManager.default.removeItem(at: blobsDirectory.appendingPathComponent(blob))
    }
}
