import FoundationEssentials
import Hummingbird

/// The owner's 30 days on a published record: unlocking its files and deleting it, as
/// invenio-rdm-records 1f23bb9e has them (`resources/resources.py` `file_modification`,
/// `request_deletion`; `services/services.py`; `requests/file_modification.py`,
/// `requests/record_deletion.py`) with Zenodo's policies (`GracePeriods`).
extension LocalZenodoAPI {
    var gracePeriods: GracePeriods {
        limits.gracePeriods ?? (links.flavor == .inveniordm ? .inveniordm : .zenodo)
    }

    /// `POST /api/records/{id}/file-modification` (`{"comment"?}`): the policy first (the owner,
    /// within the window from the record's creation; anyone else, or outside it, 403 "Permission
    /// denied."); then the request is made and accepted at once, which unlocks the files of the
    /// record's edit draft: 404 "Not found." when there is none (`draft_cls.pid.resolve` of a
    /// soft-deleted draft). The answer is the request, accepted, 200.
    func fileModification(_ call: inout Call, _ id: Int) async throws -> Response {
        let record = try await liveRecord(id)
        guard let user = call.caller.user, user == record.owner,
            GracePeriods.within(
                gracePeriods.fileModification, since: record.publishedAt ?? record.created, now: call.now)
        else { throw APIError.permissionDenied }
        var payload = try await requestPayload(&call, allowed: ["comment"])
        payload["policy_id"] = .string(GracePeriods.fileModificationPolicyID)
        guard record.draft != nil else { throw APIError.notFound("Not found.") }
        _ = try await store.unlockFiles(id, now: call.now)
        let title = record.published?["metadata"]?["title"]?.stringValue ?? ""
        return Reply.json(
            acceptedRequest(
                type: "file-modification", title: "File modification request for \"\(title)\"", record: id, user: user,
                payload: payload, now: call.now))
    }

    /// `POST /api/records/{id}/request-deletion` (`{"reason", "comment"?}`): a record already
    /// deleted is 400 "Record in unexpected deletion status."; then the policy (immediate deletion
    /// by the owner within the window; the deletion *request* is off on Zenodo, so anything else is
    /// 403); then the payload (`reason` required, one of the removal reasons tagged
    /// `deletion-request`, else 400 "Invalid removal reason"). Accepted at once: the record is
    /// deleted (its edit draft with it), `latest` falls back to the previous version, and reading it
    /// answers 410 with the tombstone. The answer is the request, accepted, 200.
    func requestDeletion(_ call: inout Call, _ id: Int) async throws -> Response {
        guard let record = await store.deposition(id), record.isPublished else { throw APIError.notFound() }
        guard record.tombstone == nil else {
            throw APIError(status: 400, message: "Record in unexpected deletion status.")
        }
        guard let user = call.caller.user, user == record.owner,
            GracePeriods.within(gracePeriods.deletion, since: record.publishedAt ?? record.created, now: call.now)
        else { throw APIError.permissionDenied }
        var payload = try await requestPayload(&call, allowed: ["reason", "comment"])
        guard case .string(let reason)? = payload["reason"], !reason.isEmpty else {
            throw APIError.field("payload.reason", "Missing data for required field.")
        }
        guard GracePeriods.ownerRemovalReasons.contains(reason) else {
            throw APIError(status: 400, message: "Invalid removal reason")
        }
        payload["policy_id"] = .string(GracePeriods.deletionPolicyID)
        let stamp = Timestamp.string(call.now)
        let tombstone: JSONValue = [
            "note": "",
            "removed_by": ["user": .string(String(user))],
            "removal_date": .string(stamp),
            "citation_text": .string(Self.citation(record, links: links)),
            "is_visible": true,
            "removal_reason": ["id": .string(reason)],
            "deletion_policy": ["id": .string(GracePeriods.deletionPolicyID)],
        ]
        try await store.restoreFiles(id, now: call.now)
        try await store.update(id, now: call.now) { d in
            d.tombstone = tombstone
            d.draft = nil
        }
        let title = record.published?["metadata"]?["title"]?.stringValue ?? ""
        return Reply.json(
            acceptedRequest(
                type: "record-deletion", title: "Deletion request for \"\(title)\"", record: id, user: user,
                payload: payload, now: call.now))
    }

    /// Publishing files changed after unlocking is refused once the modification period has passed
    /// since the record's creation (`RDMDraftFilesComponent.publish`: a ValidationError, 400).
    func checkModificationPeriod(_ deposition: StoredDeposition, now: Date) throws(APIError) {
        guard deposition.publishedFiles != nil else { return }
        let created = deposition.publishedAt ?? deposition.created
        if now.timeIntervalSince(created) > gracePeriods.fileModificationPublish {
            // marshmallow puts a message without a field under `_schema`.
            throw APIError.field(
                "_schema", "File modification grace period has passed. Please discard this draft to make any changes.")
        }
    }

    /// Publishing or deleting a draft whose review is open is refused (invenio-rdm-records
    /// `services/errors.py`, `ReviewStateError`).
    static func refuseWhileInReview(_ deposition: StoredDeposition, deleting: Bool) throws(APIError) {
        guard deposition.review?.isOpen == true, !deposition.isPublished else { return }
        throw APIError(
            status: 400,
            message: deleting
                ? "You cannot delete a draft with an open review. Please cancel the review first."
                : "You cannot publish a draft with an open review request. Please cancel the review request first.")
    }

    /// The published record `id`, not deleted: 404 unknown or never published, 410 deleted.
    func liveRecord(_ id: Int) async throws -> StoredDeposition {
        guard let record = await store.deposition(id), record.isPublished else { throw APIError.notFound() }
        if let tombstone = record.tombstone { throw APIError.deleted(tombstone) }
        return record
    }

    /// A request's payload: an empty body is `{}` (flask-resources' JSON deserializer); a
    /// `comment`, where given, has at least 25 characters (the payload schemas' `Length(min=25)`).
    private func requestPayload(_ call: inout Call, allowed: Set<String>) async throws -> [String: JSONValue] {
        let buffer = try await call.request.collectBody(upTo: 1024 * 1024)
        guard buffer.readableBytes > 0 else { return [:] }
        let type = call.request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/json") else { throw APIError.jsonContentType }
        guard let value = JSONValue.parse(Data(buffer.readableBytesView)) else { throw APIError.badJSON }
        guard case .object(let fields) = value else { throw APIError.field("_schema", "Invalid input type.") }
        var payload: [String: JSONValue] = [:]
        for (name, field) in fields {
            guard allowed.contains(name) else { throw APIError.field("payload.\(name)", "Unknown field.") }
            payload[name] = field
        }
        if let comment = payload["comment"], comment != .null {
            guard case .string(let text) = comment, text.count >= 25 else {
                throw APIError.field("payload.comment", "Shorter than minimum length 25.")
            }
        }
        return payload
    }

    private func acceptedRequest(
        type: String, title: String, record: Int, user: Int, payload: [String: JSONValue], now: Date
    ) -> JSONValue {
        let stamp = Timestamp.string(now)
        return [
            "id": .string(UUID().uuidString.lowercased()),
            "type": .string(type),
            "status": "accepted",
            "is_open": false,
            "is_closed": true,
            "title": .string(title),
            "topic": ["record": .string(String(record))],
            "created_by": ["user": .string(String(user))],
            "receiver": .null,
            "payload": .object(payload),
            "created": .string(stamp),
            "updated": .string(stamp),
        ]
    }

    /// The tombstone's citation: creators, year, title, publisher, DOI (the APA style the
    /// tombstone's `citation_text` is rendered in).
    static func citation(_ record: StoredDeposition, links: Links) -> String {
        let metadata = record.published?["metadata"]
        let names = (metadata?["creators"]?.arrayValue ?? []).compactMap {
            $0["person_or_org"]?["name"]?.stringValue
        }
        let year = String((metadata?["publication_date"]?.stringValue ?? "").prefix(4))
        let title = metadata?["title"]?.stringValue ?? ""
        let publisher = metadata?["publisher"]?.stringValue ?? "Zenodo"
        let doi = links.registeredDOI(record.id)
        return "\(names.joined(separator: ", ")) (\(year)). \(title). \(publisher). https://doi.org/\(doi)"
    }
}
