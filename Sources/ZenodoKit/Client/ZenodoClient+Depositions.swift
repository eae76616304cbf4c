import FoundationEssentials

/// How to list depositions.
public struct DepositionQuery: Sendable, Equatable {
    public var query: String?
    /// `mostrecent`, `-mostrecent`, `newest`, `oldest`, `updated-desc`, …
    public var sort: String?
    public var allVersions = false

    public init(query: String? = nil, sort: String? = nil, allVersions: Bool = false) {
        self.query = query
        self.sort = sort
        self.allVersions = allVersions
    }
}

extension ZenodoClient {
    /// Every deposition, page by page (100 per request until a short page: Zenodo sends no total),
    /// so a UI can show the first page at once. Finite whatever the server sends (`PageGuard`):
    /// repeated ids are dropped, a page of nothing new ends it, and past Zenodo's 10,000-result
    /// window it ends with an error that says so.
    public func depositionPages(_ query: DepositionQuery = .init(), pageSize: Int = 100) -> AsyncThrowingStream<
        [Deposition], any Error
    > {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var page = 1
                    var pages = PageGuard(pageSize: pageSize)
                    while true {
                        let items = try await depositions(query, page: page, size: pageSize)
                        switch pages.admit(items.map(\.id), page: page) {
                        case .more(let fresh):
                            continuation.yield(fresh.map { items[$0] })
                            page += 1
                            continue
                        case .last(let fresh):
                            continuation.yield(fresh.map { items[$0] })
                        case .limit(let fresh):
                            continuation.yield(fresh.map { items[$0] })
                            throw ZenodoError(
                                .unexpected,
                                "listed \(pages.count) depositions, the most \(profile.displayName) returns in one search (\(PageGuard.resultLimit)); narrow it with --query"
                            )
                        }
                        break
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// All pages collected.
    public func allDepositions(_ query: DepositionQuery = .init()) async throws -> [Deposition] {
        var all: [Deposition] = []
        for try await page in depositionPages(query) { all += page }
        return all
    }

    /// One page of `GET /deposit/depositions`.
    public func depositions(_ query: DepositionQuery, page: Int, size: Int) async throws -> [Deposition] {
        try await backend.depositions(self, query, page: page, size: size)
    }

    public func deposition(_ id: Int) async throws -> Deposition { try await backend.deposition(self, id) }

    /// Creates a draft (`{}` or `{"metadata": …}`); Zenodo prereserves its DOI at once.
    /// `metadataOnly`: a record without files (`files: {"enabled": false}`), where the server allows
    /// it (`RDM_ALLOW_METADATA_ONLY_RECORDS`: on in InvenioRDM, off on Zenodo); refused in words
    /// where it does not, and nothing is left behind.
    public func createDeposition(metadata: DepositionMetadata? = nil, metadataOnly: Bool = false) async throws
        -> Deposition
    {
        try await backend.create(self, metadata: metadata, metadataOnly: metadataOnly)
    }

    /// Replaces the draft's whole metadata with `metadata` (PUT sends only `{"metadata": …}`).
    /// Start from the deposition's own `metadata` so that fields you did not touch survive.
    /// Refused before sending when Zenodo would refuse it or could not carry it (`LegacySaveCheck`);
    /// a 400 that names no field gets the fields the check suspects.
    public func updateMetadata(_ id: Int, _ metadata: DepositionMetadata) async throws -> Deposition {
        try await backend.updateMetadata(self, id, metadata)
    }

    /// What a careful save did.
    public enum SaveOutcome: Sendable {
        /// Saved and read back; `keptFromOthers` names fields someone else changed meanwhile, kept.
        case saved(Deposition, keptFromOthers: [String])
        /// Nothing saved: fields changed here were changed there too since `basedOn`.
        case conflict(current: Deposition, merge: MetadataMerge)
    }

    /// Saves `mine`, edited from `basedOn`, without losing what someone else saved meanwhile:
    /// Zenodo's PUT replaces the whole metadata, so the deposition is read first and, if it
    /// changed, the two are merged field by field; a field changed on both sides stops the save.
    /// Without `basedOn`, `mine` is saved as it is. Either way the result is read back.
    public func saveMetadata(_ id: Int, _ mine: DepositionMetadata, basedOn: DepositionMetadata?) async throws
        -> SaveOutcome
    {
        var metadata = mine
        var kept: [String] = []
        if let basedOn {
            let current = try await deposition(id)
            if current.metadata != basedOn {
                let merge = MetadataMerge(base: basedOn, mine: mine, theirs: current.metadata)
                if !merge.conflicts.isEmpty { return .conflict(current: current, merge: merge) }
                metadata = merge.merged
                kept = merge.keptFromTheirs
            }
        }
        _ = try await updateMetadata(id, metadata)
        return .saved(try await deposition(id), keptFromOthers: kept)
    }

    /// Deletes a draft. For a never-published draft this deletes the deposition and its files.
    public func deleteDraft(_ id: Int) async throws { try await backend.deleteDraft(self, id) }

    public func files(of id: Int) async throws -> [DepositionFile] { try await backend.files(self, of: id) }

    /// Deletes a file of a draft (Zenodo answers 403 once the record is published).
    public func deleteFile(_ fileID: String, of id: Int) async throws {
        try await backend.deleteFile(self, fileID, of: id)
    }

}
