import FoundationEssentials
import Hummingbird

extension LocalZenodoAPI {
    /// `actions/publish`: validates (only now, as Zenodo does) and publishes the draft; 202.
    func publish(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard let draft = deposition.draft, let legacyDraft = deposition.legacyDraft else { throw APIError.notFound() }
        try Self.refuseWhileInReview(deposition, deleting: false)
        let errors = PublishValidator(now: call.now).errors(metadata: legacyDraft, fileCount: deposition.files.count)
        if !errors.isEmpty { throw APIError.validation(errors) }
        try checkModificationPeriod(deposition, now: call.now)
        let published = try await store.update(id, now: call.now) { d in
            d.published = draft
            d.draft = nil
            d.publishedFiles = nil
            if d.publishedAt == nil { d.publishedAt = call.now }
        }
        await store.settleFiles(deposition)
        if let user = call.caller.user { await legacyInclusions(id, by: user, now: call.now) }
        let answered = await store.deposition(id) ?? published
        return Reply.json(legacy.deposition(answered), status: .accepted)
    }

    /// `actions/edit`: opens (or returns) the edit draft of a published record; files stay locked
    /// (until a `file-modification` unlocks them).
    func edit(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard let published = deposition.published else { throw APIError.notFound() }
        let edited =
            deposition.draft != nil ? deposition : try await store.update(id, now: call.now) { $0.draft = published }
        return Reply.json(legacy.deposition(edited), status: .created)
    }

    /// `actions/newversion`: a new draft of the concept, metadata from the latest published version
    /// (`version` dropped, date reset to today) and its files copied; an existing new-version draft
    /// is reused, and refused with "Please remove all files first." once it has files. Any published
    /// version may be named: the service's `new_version` starts from the latest (`legacy/resources.py`).
    func newVersion(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard deposition.isPublished else { throw APIError.notFound() }
        guard let latest = await store.latestPublished(concept: deposition.conceptrecid) else {
            throw APIError.notFound()
        }
        if let doi = latest.legacyPublished?["doi"]?.stringValue, !doi.hasPrefix("10.5281/") {
            throw APIError.permissionDenied
        }
        let versions = await store.versions(concept: deposition.conceptrecid)
        if let pending = versions.first(where: { $0.state == .unsubmitted }) {
            guard pending.files.isEmpty else {
                throw APIError.field("files.enabled", "Please remove all files first.")
            }
            let filled = try await store.importFiles(into: pending.id, from: latest, now: call.now)
            return Reply.json(legacy.deposition(filled), status: .created)
        }
        let draft = try await store.createVersion(
            of: latest,
            record: RDMRecord.newVersion(of: latest.published ?? .object([:]), today: Timestamp.day(call.now)),
            now: call.now)
        return Reply.json(legacy.deposition(draft), status: .created)
    }
}
