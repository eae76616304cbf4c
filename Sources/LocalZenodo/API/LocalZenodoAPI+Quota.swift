import EssentialsExtras
import FoundationEssentials
import Hummingbird

extension LocalZenodoAPI {
    /// `POST /api/records/{id}/quota-increase` with `{"quota_size": "<GB>"}`: the self-service
    /// increase of a draft's storage, as invenio-rdm-records 1f23bb9e has it
    /// (`services/services.py` `quota_increase`, `services/storage/service.py`,
    /// `requests/quota_increase.py`): `quota_size` is the record's new quota in decimal GB; the
    /// owner alone may ask; the additional storage (new quota less the default) must be at least
    /// what the record's versions already hold beyond the default (rounded up to a GB) and at most
    /// what is left of the user's 150 GB across all records (this record's own counted back);
    /// otherwise, or where the increase is switched off, 403 "Permission denied.". Accepted at
    /// once: the quota and the largest file become `quota_size` GB, and the answer is the request,
    /// accepted.
    func increaseQuota(_ call: inout Call, _ id: Int) async throws -> Response {
        let user = try call.caller.requireUser()
        guard let deposition = await store.deposition(id) else { throw APIError.notFound() }
        let body = try await call.jsonBody()
        // The policy reads `int(data.get("quota_size", 0))` before the request is made.
        let asked: Int64? =
            switch body["quota_size"] {
            case .string(let text): Int64(text.trimming(.whitespaces))
            case .int(let number): Int64(number)
            default: 0
            }
        guard let gigabytes = asked else { throw APIError(status: 500, message: "Internal server error.") }
        guard limits.immediateQuotaIncrease ?? (links.flavor != .inveniordm), deposition.owner == user else {
            throw APIError.permissionDenied
        }
        let wanted = gigabytes * 1_000_000_000
        let standard = limits.quota
        let additional = max(wanted - standard, 0)
        let versions = await store.all().filter { $0.conceptrecid == deposition.conceptrecid }
        let used = versions.map(\.totalBytes).max() ?? 0
        let minimum = max(Int64((Double(used - standard) / 1e9).rounded(.up)) * 1_000_000_000, 0)
        let mine = await store.all().filter { $0.owner == user }
        let spent = mine.reduce(Int64(0)) { $0 + max(limits.quota($1) - standard, 0) }
        let own = max(limits.quota(deposition) - standard, 0)
        let remaining = max(limits.maxAdditionalQuota - spent + own, 0)
        guard minimum <= additional, additional <= min(limits.maxAdditionalQuota, remaining) else {
            throw APIError.permissionDenied
        }
        // The request's payload schema: `quota_size` is a string (marshmallow `fields.String`).
        guard case .string(let text) = body["quota_size"] else {
            throw APIError.field("payload.quota_size", "Not a valid string.")
        }
        try await store.update(id, now: call.now) { stored in
            stored.quota = wanted
            stored.maxFileSize = wanted
        }
        let title = deposition.draft?["metadata"]?["title"]?.stringValue ?? ""
        let stamp = Timestamp.string(call.now)
        let request: JSONValue = [
            "id": .string(UUID().uuidString.lowercased()),
            "type": "quota-increase",
            "status": "accepted",
            "is_open": false,
            "is_closed": true,
            "title": .string(title.isEmpty ? "Quota increase request" : "Quota increase request for \"\(title)\""),
            "topic": ["record": .string(String(id))],
            "created_by": ["user": .string(String(user))],
            "receiver": .null,
            "payload": ["quota_size": .string(text)],
            "created": .string(stamp),
            "updated": .string(stamp),
        ]
        return Reply.json(request)
    }
}
