import FoundationEssentials

/// invenio-requests' `RequestSchema` as the source document (section 2) gives it: the request
/// with its links, the actions the caller may run among them.
struct RequestJSON {
    var links: Links

    func request(_ r: StoredRequest, caller: Int?, curates: Bool) -> JSONValue {
        let base = links.api + "/requests/" + r.id
        var actions: [String: JSONValue] = [:]
        if r.status == .submitted {
            if caller == r.createdBy { actions["cancel"] = .string(base + "/actions/cancel") }
            if curates {
                actions["accept"] = .string(base + "/actions/accept")
                actions["decline"] = .string(base + "/actions/decline")
            }
        }
        if r.status == .created, caller == r.createdBy { actions["submit"] = .string(base + "/actions/submit") }
        return [
            "id": .string(r.id), "number": .string(String(r.number)), "type": .string(r.type),
            "title": .string(r.title), "status": .string(r.status.rawValue),
            "is_open": .bool(r.status.isOpen), "is_closed": .bool(r.status.isClosed),
            "is_expired": .bool(r.status == .expired), "expires_at": .null,
            "created_by": ["user": .string(String(r.createdBy))],
            "receiver": r.receiverUser.map { ["user": .string(String($0))] } ?? ["community": .string(r.receiver)],
            "payload": .object(r.payload.mapValues(JSONValue.string)),
            "topic": ["record": .string(String(r.topic))],
            "created": .string(Timestamp.string(r.created)), "updated": .string(Timestamp.string(r.updated)),
            "revision_id": .int(r.revision), "last_activity_at": .string(Timestamp.string(r.updated)),
            "links": [
                "self": .string(base), "self_html": .string(links.origin + "/me/requests/" + r.id),
                "comments": .string(base + "/comments"), "timeline": .string(base + "/timeline"),
                "actions": .object(actions),
            ],
        ]
    }

    func event(_ e: StoredRequest.Event, request: StoredRequest) -> JSONValue {
        var payload: [String: JSONValue] = ["content": .string(e.content), "format": "html"]
        if let action = e.action { payload["event"] = .string(action) }
        return [
            "id": .string(e.id), "type": .string(e.type), "payload": .object(payload),
            "created_by": e.createdBy.map { ["user": .string(String($0))] } ?? ["user": "system"],
            "created": .string(Timestamp.string(e.created)), "updated": .string(Timestamp.string(e.created)),
            "links": ["self": .string(links.api + "/requests/" + request.id + "/comments/" + e.id)],
        ]
    }

    func community(_ c: StoredCommunity) -> JSONValue {
        [
            "id": .string(c.id), "slug": .string(c.slug),
            "metadata": [
                "title": .string(c.title), "description": .string(c.description),
                "curation_policy": .string(c.curationPolicy),
            ],
            "access": [
                "visibility": "public", "members_visibility": "public", "member_policy": "closed",
                "record_submission_policy": .string(c.submissionPolicy), "review_policy": .string(c.reviewPolicy),
            ],
            "created": .string(Timestamp.string(c.created)), "updated": .string(Timestamp.string(c.created)),
            "revision_id": 1, "deletion_status": ["is_deleted": false, "status": "P"],
            "links": [
                "self": .string(links.api + "/communities/" + c.id),
                "self_html": .string(links.origin + "/communities/" + c.slug),
                "records": .string(links.api + "/communities/" + c.id + "/records"),
            ],
        ]
    }
}
