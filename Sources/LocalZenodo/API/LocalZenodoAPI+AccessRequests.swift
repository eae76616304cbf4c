import FoundationEssentials
import Hummingbird

/// Access requests (`user-access-request`) and the users a grant names, as invenio-rdm-records'
/// `RecordAccessService.request_access`/`create_user_access_request` and
/// `requests/access/requests.py` (`UserAcceptAction`), and invenio-users-resources' users search.
extension LocalZenodoAPI {
    /// `POST /api/records/{id}/access/request` `{email, message?, full_name?,
    /// consent_to_share_personal_data?}`. A signed-in caller whose own e-mail it is gets a request
    /// to the owner, submitted with the message as its first comment (200 with the request); anyone
    /// else is a guest, whose request waits for an e-mail confirmation (200 with a message).
    /// Refused when the caller already reads the files (403) or has an open request (400
    /// "Identical access requests already exist: {id}").
    func requestAccess(_ call: inout Call, _ id: Int) async throws -> Response {
        let record = try await liveRecord(id)
        guard record.isPublished else { throw APIError.notFound() }
        let body = try await call.jsonBody()
        let email = body["email"]?.stringValue ?? ""
        guard let user = call.caller.user, let me = users.user(user), !email.isEmpty,
            email.lowercased() == me.email.lowercased()
        else {
            return Reply.json(["message": "Verification link sent out, please check your e-mail inbox"])
        }
        guard !canReadFiles(call, record, level: await accessLevel(call, record)) else {
            throw APIError.permissionDenied
        }
        if let open = await communities.requests(about: id).first(where: {
            $0.type == "user-access-request" && $0.createdBy == user && $0.status == .submitted
        }) {
            throw APIError(status: 400, message: "Identical access requests already exist: \(open.id)")
        }
        let message = body["message"]?.stringValue ?? ""
        let title = record.published?["metadata"]?["title"]?.stringValue ?? ""
        let created = await communities.create(
            type: "user-access-request", title: title, createdBy: user, receiver: "", receiverUser: record.owner,
            payload: ["permission": "view", "message": message], topic: id, now: call.now)
        let submitted = await communities.update(created.id, now: call.now) {
            $0.move(to: .submitted, by: user, comment: message, now: call.now)
        }
        return Reply.json(try await requestReply(submitted ?? created, call))
    }

    /// `UserAcceptAction`: the requester gets a grant of the asked permission, `origin`
    /// `request:{id}`, on the record's parent.
    func acceptAccessRequest(_ request: StoredRequest) async throws {
        guard let record = await store.deposition(request.topic) else { throw APIError.notFound() }
        let grant = SharedGrant(
            subjectType: "user", subjectID: String(request.createdBy),
            permission: request.payload["permission"] ?? "view", origin: "request:\(request.id)")
        try await sharing.update(record.conceptrecid) { parent in
            if !parent.grants.contains(where: { $0.subjectType == "user" && $0.subjectID == grant.subjectID }) {
                parent.grants.append(grant)
            }
        }
    }

    /// `GET /api/users?q=`: for signed-in callers; a username, an id, or a public e-mail address.
    func searchUsers(_ call: Call) throws -> Response {
        let caller = try call.caller.requireUser()
        let found = users.search(call.queryValue("q") ?? "")
        let hits = found.map { userJSON($0, showEmail: $0.id == caller) }
        return Reply.json(["hits": ["hits": .array(hits), "total": .int(hits.count)]])
    }

    /// `GET /api/users/{id}`: a public profile, for signed-in callers.
    func readUser(_ call: Call, _ id: String) throws -> Response {
        let caller = try call.caller.requireUser()
        guard let user = Int(id).flatMap(users.user) else { throw APIError.notFound() }
        return Reply.json(userJSON(user, showEmail: user.id == caller))
    }
}
