import FoundationEssentials

/// The files of a published record while its edit draft's are unlocked, and a record's deletion.
///
/// On InvenioRDM the draft and the record have buckets of their own; accepting a file modification
/// unlocks the draft's (`requests/file_modification.py` `AcceptAction`: `draft.files.unlock()`),
/// and the record keeps its files until the draft is published. LocalZenodo keeps one file list
/// per deposition, so unlocking keeps the record's files aside (`publishedFiles`, blobs linked,
/// not copied) and the draft changes `files` freely.
extension DepositStore {
    /// Unlocks the edit draft's files: the record's are kept aside as they are. Unlocking again
    /// changes nothing.
    func unlockFiles(_ id: Int, now: Date) throws -> StoredDeposition {
        guard let current = deposition(id) else { throw APIError.notFound() }
        guard current.publishedFiles == nil else { return current }
        var kept: [StoredFile] = []
        for file in current.files {
            var copy = file
            copy.blob = UUID().uuidString.lowercased()
            try linkBlob(file.blob, to: copy.blob)
            kept.append(copy)
        }
        return try update(id, now: now) { $0.publishedFiles = kept }
    }

    /// After the edit draft is published: the draft's files are the record's; the old ones go.
    func settleFiles(_ deposition: StoredDeposition) {
        for file in deposition.publishedFiles ?? [] { removeBlob(file.blob) }
    }

    /// After the edit draft is discarded: the record's files come back, the draft's go.
    func restoreFiles(_ id: Int, now: Date) throws {
        guard let current = deposition(id), let kept = current.publishedFiles else { return }
        let dropped = current.files.map(\.blob) + current.pendingFiles.map(\.blob)
        try update(id, now: now) { d in
            d.files = kept
            d.publishedFiles = nil
            d.pendingFiles = []
        }
        for blob in dropped { removeBlob(blob) }
    }
}
