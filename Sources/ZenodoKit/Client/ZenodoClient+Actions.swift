import FoundationEssentials

extension ZenodoClient {
    /// Publishes the draft. Never retried blindly: after a timeout or 5xx the deposition is read
    /// again, and if it is published the result is returned (a 504 publish may have gone through).
    public func publish(_ id: Int) async throws -> Deposition { try await backend.publish(self, id) }

    /// Opens (or returns) the edit draft of a published record. Files stay locked.
    public func edit(_ id: Int) async throws -> Deposition { try await backend.edit(self, id) }

    /// Throws away the edits of a published record (`inprogress` only). On a never-published draft
    /// Zenodo's discard deletes the whole deposition, so that needs `deletingNeverPublishedDraft`.
    public func discard(_ id: Int, deletingNeverPublishedDraft: Bool = false) async throws {
        let current = try await deposition(id)
        switch current.state {
        case .inprogress:
            break
        case .unsubmitted where deletingNeverPublishedDraft:
            break
        case .unsubmitted:
            throw ZenodoError(
                .refused,
                "deposition \(id) was never published: Zenodo's discard would delete it with its files. Delete the draft explicitly if that is what you want."
            )
        case .done, .unknown:
            throw ZenodoError(.refused, "deposition \(id) has no edits to discard")
        }
        try await backend.discard(self, id)
    }

    /// A new-version draft of the record `id` (any version id or the concept id): resolves the latest
    /// published version, and returns an existing new-version draft instead of failing with
    /// "Please remove all files first.".
    public func newVersion(of id: Int) async throws -> Deposition { try await backend.newVersion(self, of: id) }

    /// The latest published version of the concept `id` belongs to (or that `id` names).
    public func latestPublishedVersion(of id: Int) async throws -> Deposition {
        var concept: String?
        do {
            let start = try await deposition(id)
            concept = start.conceptRecordID
        } catch let error as ZenodoError where error.kind == .notFound {
            concept = String(id)  // perhaps a concept id
        }
        guard let concept else { throw ZenodoError(.unexpected, "deposition \(id) has no concept id") }
        let versions = try await allDepositions(DepositionQuery(query: "conceptrecid:\(concept)", allVersions: true))
        let published = versions.filter { $0.conceptRecordID == concept && $0.submitted }
        guard
            let latest = published.max(by: { ($0.created ?? .distantPast, $0.id) < ($1.created ?? .distantPast, $1.id) }
            )
        else {
            throw ZenodoError(
                .notFound, "record \(id) has no published version: publish it before making a new version")
        }
        return latest
    }

    /// The unpublished next-version draft of a concept, if one exists.
    func pendingNewVersion(concept: String?) async throws -> Deposition? {
        guard let concept else { return nil }
        let versions = try await allDepositions(DepositionQuery(query: "conceptrecid:\(concept)", allVersions: true))
        guard let pending = versions.first(where: { $0.conceptRecordID == concept && $0.state == .unsubmitted }) else {
            return nil
        }
        return try await deposition(pending.id)
    }
}
