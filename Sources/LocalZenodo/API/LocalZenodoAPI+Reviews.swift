import FoundationEssentials
import Hummingbird

/// Communities and review requests (issue 32), as the source document's section 2 gives them from
/// invenio-communities, invenio-requests and invenio-rdm-records: finding a community, attaching a
/// review to a first-version draft, submitting it (accepted at once where the submitter may
/// include directly, else waiting for a curator), and the request's actions and timeline.
extension LocalZenodoAPI {
    var requestJSON: RequestJSON { RequestJSON(links: links) }

    // MARK: communities

    /// `GET /api/communities[?q]`: every community (all are public on Zenodo), `q` matched in the
    /// slug and title.
    func searchCommunities(_ call: Call) async throws -> Response {
        let words = (call.queryValue("q") ?? "").lowercased().split(separator: " ").map(String.init)
        let found = await communities.all().filter { c in
            words.allSatisfy { c.slug.contains($0) || c.title.lowercased().contains($0) }
        }
        return Reply.json([
            "hits": ["hits": .array(found.map(requestJSON.community)), "total": .int(found.count)],
            "links": ["self": .string(links.api + "/communities")], "sortBy": "bestmatch",
        ])
    }

    /// `GET /api/communities/{slug or uuid}`; 404 when neither resolves.
    func readCommunity(_ call: Call, _ key: String) async throws -> Response {
        if let found = await communities.community(key) { return Reply.json(requestJSON.community(found)) }
        throw APIError.notFound()
    }

    /// `GET /api/user/communities`: the caller's memberships.
    func userCommunities(_ call: Call) async throws -> Response {
        let user = try call.caller.requireUser()
        let mine = await communities.all().filter { $0.members[user] != nil }
        return Reply.json([
            "hits": ["hits": .array(mine.map(requestJSON.community)), "total": .int(mine.count)],
            "links": ["self": .string(links.api + "/user/communities")],
        ])
    }

    // MARK: the draft's review

    /// `GET /api/records/{id}/draft/review`: the request, or 404.
    func readReview(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard let review = deposition.review, let request = await communities.request(review.id) else {
            throw APIError.notFound("No review exists for this draft.")
        }
        return Reply.json(try await requestReply(request, call))
    }

    /// `PUT /api/records/{id}/draft/review` `{"type": "community-submission", "receiver":
    /// {"community": "<uuid>"}}`: 200 with the request, `created`. Refused for an edit draft, a
    /// new version, while a review is open, for another type, and for a receiver that is not a
    /// community's UUID.
    func putReview(_ call: inout Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        let user = try call.caller.requireUser()
        guard deposition.draft != nil else { throw APIError.notFound() }
        if deposition.isPublished {
            throw APIError(status: 400, message: "You cannot create a review for an already published record.")
        }
        if deposition.versionIndex > 1 {
            throw APIError(status: 400, message: "You cannot create a review for a new version of a published record.")
        }
        if deposition.review?.isOpen == true {
            throw APIError(status: 400, message: "An open review cannot be deleted.")
        }
        let body = try await call.jsonBody()
        guard body["type"]?.stringValue == "community-submission" else {
            throw APIError.field("type", "Invalid review type.")
        }
        // `CommunityPKProxy` resolves the receiver with `get_record(id)`: a UUID, not a slug.
        guard let key = body["receiver"]?["community"]?.stringValue, let community = await communities.community(key),
            community.id == key.lowercased()
        else { throw APIError.field("receiver", "Community not found.") }
        let title = deposition.draft?["metadata"]?["title"]?.stringValue ?? ""
        let request = await communities.create(
            type: "community-submission", title: title, createdBy: user, receiver: community.id, topic: id,
            now: call.now)
        try await store.update(id, now: call.now) { d in
            d.review = .init(id: request.id, status: "created", community: community.id)
        }
        return Reply.json(try await requestReply(request, call))
    }

    /// `DELETE /api/records/{id}/draft/review`: 204, or 400 while it is open.
    func deleteReview(_ call: Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        guard let review = deposition.review else { throw APIError.notFound("No review exists for this draft.") }
        if review.isOpen { throw APIError(status: 400, message: "An open review cannot be deleted.") }
        try await store.update(id, now: call.now) { $0.review = nil }
        return Reply.noContent()
    }

    /// `POST /api/records/{id}/draft/actions/submit-review` `{"payload"?: {"content", "format"},
    /// "require_review"?: bool}`: 202 with the request: `accepted` (published, in the community)
    /// where the submitter may include directly and did not ask for a review, else `submitted`.
    func submitReview(_ call: inout Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        let user = try call.caller.requireUser()
        guard let review = deposition.review, let request = await communities.request(review.id) else {
            throw APIError.notFound("Review for draft not found")
        }
        guard let community = await communities.community(request.receiver) else { throw APIError.notFound() }
        let buffer = try await call.request.collectBody(upTo: 1024 * 1024)
        let body = buffer.readableBytes > 0 ? (JSONValue.parse(Data(buffer.readableBytesView)) ?? .null) : .object([:])
        guard case .object = body else { throw APIError.badJSON }
        var requireReview = false
        if let value = body["require_review"] {
            guard case .bool(let flag) = value else {
                throw APIError.field("require_review", "Must be a boolean, true or false")
            }
            requireReview = flag
        }
        guard request.status == .created else {
            throw APIError(status: 400, message: "The review request is \(request.status.rawValue): attach a new one.")
        }
        guard community.maySubmit(user) else {
            throw APIError(status: 403, message: "Submission to this community is only allowed to community members.")
        }
        // `SubmitAction` validates the draft as publishing does (files are judged at accept).
        let missing = RDMValidation.missing(deposition.draft ?? .object([:]))
        if !missing.isEmpty { throw APIError.validation(missing) }
        let message = body["payload"]?["content"]?.stringValue
        await communities.update(request.id, now: call.now) { r in
            r.title = deposition.draft?["metadata"]?["title"]?.stringValue ?? r.title
            r.move(to: .submitted, by: user, comment: message, now: call.now)
        }
        try await store.update(id, now: call.now) { $0.review?.status = "submitted" }
        if community.includesDirectly(user), !requireReview {
            try await accept(request.id, by: user, comment: nil, now: call.now)
        }
        let answered = await communities.request(request.id) ?? request
        return Reply.json(try await requestReply(answered, call), status: .accepted)
    }

    // MARK: requests

    /// `GET /api/requests/{id}`: the creator and the receiving community's curators may read it.
    func readRequest(_ call: Call, _ id: String) async throws -> Response {
        let request = try await readableRequest(call, id)
        return Reply.json(try await requestReply(request, call))
    }

    /// `POST /api/requests/{id}/actions/{accept|decline|cancel|submit}`: accept and decline for
    /// the community's curators, cancel for the creator; an action the state does not allow is 400.
    func requestAction(_ call: inout Call, _ id: String, _ action: String) async throws -> Response {
        let user = try call.caller.requireUser()
        let request = try await readableRequest(call, id)
        let curates = await decides(user, request)
        let buffer = try await call.request.collectBody(upTo: 1024 * 1024)
        let comment =
            buffer.readableBytes > 0
            ? JSONValue.parse(Data(buffer.readableBytesView))?["payload"]?["content"]?.stringValue : nil
        switch action {
        case "accept", "decline":
            guard curates else { throw APIError.permissionDenied }
            guard request.status == .submitted else { throw Self.cannotExecute(action, request) }
            if action == "accept" {
                try await accept(id, by: user, comment: comment, now: call.now)
            } else {
                await closeRequest(request, as: .declined, by: user, comment: comment, now: call.now)
            }
        case "cancel":
            guard user == request.createdBy else { throw APIError.permissionDenied }
            guard request.status == .submitted || request.status == .created else {
                throw Self.cannotExecute(action, request)
            }
            await closeRequest(request, as: .cancelled, by: user, comment: comment, now: call.now)
            // The review is detached: the draft is a plain draft again.
            try? await store.update(request.topic, now: call.now) { d in
                if d.review?.id == request.id { d.review = nil }
            }
        default:
            throw APIError.noRoute
        }
        let answered = await communities.request(id) ?? request
        return Reply.json(try await requestReply(answered, call))
    }

    /// `GET /api/requests/{id}/timeline`: comments and actions, oldest first.
    func requestTimeline(_ call: Call, _ id: String) async throws -> Response {
        let request = try await readableRequest(call, id)
        let events = request.events.map { requestJSON.event($0, request: request) }
        return Reply.json(["hits": ["hits": .array(events), "total": .int(events.count)]])
    }

    /// `POST /api/requests/{id}/comments` `{"payload": {"content", "format"}}`: 201 with the event.
    func commentRequest(_ call: inout Call, _ id: String) async throws -> Response {
        let user = try call.caller.requireUser()
        _ = try await readableRequest(call, id)
        let body = try await call.jsonBody()
        guard let content = body["payload"]?["content"]?.stringValue, !content.isEmpty else {
            throw APIError.field("payload.content", "Missing data for required field.")
        }
        let event = StoredRequest.Event(
            id: UUID().uuidString.lowercased(), type: "C", content: content, createdBy: user, created: call.now)
        guard let updated = await communities.update(id, now: call.now, { $0.events.append(event) }) else {
            throw APIError.notFound()
        }
        return Reply.json(requestJSON.event(event, request: updated), status: .created)
    }

    /// `GET /api/user/requests`: the caller's requests, and those its communities receive.
    func userRequests(_ call: Call) async throws -> Response {
        let user = try call.caller.requireUser()
        let curated = Set(await communities.all().filter { $0.curates(user) }.map(\.id))
        var seen: [StoredRequest] = []
        for record in await store.all() {
            for request in await communities.requests(about: record.id)
            where request.createdBy == user || curated.contains(request.receiver) || request.receiverUser == user {
                seen.append(request)
            }
        }
        var hits: [JSONValue] = []
        for request in seen.sorted(by: { $0.number < $1.number }) { hits.append(try await requestReply(request, call)) }
        return Reply.json(["hits": ["hits": .array(hits), "total": .int(hits.count)]])
    }

    /// `GET /api/records/{id}/requests`: the requests about a record, for its owner.
    func recordRequests(_ call: Call, _ id: Int) async throws -> Response {
        _ = try await owned(call, id)
        var hits: [JSONValue] = []
        for request in await communities.requests(about: id) { hits.append(try await requestReply(request, call)) }
        return Reply.json(["hits": ["hits": .array(hits), "total": .int(hits.count)]])
    }

    // MARK: helpers

    private func readableRequest(_ call: Call, _ id: String) async throws -> StoredRequest {
        let user = try call.caller.requireUser()
        guard let request = await communities.request(id) else { throw APIError.notFound() }
        let mayRead = request.createdBy == user ? true : await decides(user, request)
        guard mayRead else { throw APIError.permissionDenied }
        return request
    }

    /// Whether `user` may accept or decline: the receiving user, or a curator of the receiving
    /// community.
    func decides(_ user: Int, _ request: StoredRequest) async -> Bool {
        if let receiver = request.receiverUser { return receiver == user }
        return await communities.community(request.receiver)?.curates(user) ?? false
    }

    func requestReply(_ request: StoredRequest, _ call: Call) async throws -> JSONValue {
        var curates = false
        if let user = call.caller.user { curates = await decides(user, request) }
        return requestJSON.request(request, caller: call.caller.user, curates: curates)
    }

    static func cannotExecute(_ action: String, _ request: StoredRequest) -> APIError {
        APIError(
            status: 400, message: "Cannot execute action '\(action)' on a request that is \(request.status.rawValue).")
    }

    /// `AcceptAction` of a submission: the draft is published (its files judged now) and the
    /// community added to the record's (every version's) communities; the request is accepted.
    func accept(_ id: String, by user: Int, comment: String?, now: Date) async throws {
        guard let request = await communities.request(id), let deposition = await store.deposition(request.topic)
        else { throw APIError.notFound() }
        if request.type == "user-access-request" {
            try await acceptAccessRequest(request)
            await closeRequest(request, as: .accepted, by: user, comment: comment, now: now)
            return
        }
        // An inclusion: the record stays as published, and joins the community.
        if request.type == "community-inclusion" {
            try await include(deposition, request.receiver, now: now)
            await closeRequest(request, as: .accepted, by: user, comment: comment, now: now)
            return
        }
        guard let draft = deposition.draft else { throw APIError.notFound() }
        let fileProblems = RDMValidation.fileProblems(deposition)
        if !fileProblems.isEmpty { throw APIError.validation(fileProblems) }
        try await store.update(deposition.id, now: now) { d in
            var record = draft
            record["pids"] = [
                "doi": ["identifier": .string(links.registeredDOI(d.id)), "provider": "datacite", "client": "datacite"]
            ]
            d.published = record
            d.draft = nil
            if d.publishedAt == nil { d.publishedAt = now }
            d.review?.status = "accepted"
        }
        try await include(deposition, request.receiver, now: now)
        await closeRequest(request, as: .accepted, by: user, comment: comment, now: now)
    }

    /// The community (by UUID) in the records of every version of the concept.
    func include(_ deposition: StoredDeposition, _ communityID: String, now: Date) async throws {
        guard let slug = await communities.community(communityID)?.slug else { return }
        for version in await store.versions(concept: deposition.conceptrecid) where !version.communities.contains(slug)
        {
            try await store.update(version.id, now: now) { $0.communities.append(slug) }
        }
    }

    func closeRequest(
        _ request: StoredRequest, as status: StoredRequest.Status, by user: Int, comment: String?, now: Date
    ) async {
        await communities.update(request.id, now: now) { $0.move(to: status, by: user, comment: comment, now: now) }
        if status != .cancelled {
            try? await store.update(request.topic, now: now) { d in
                if d.review?.id == request.id { d.review?.status = status.rawValue }
            }
        }
    }
}
