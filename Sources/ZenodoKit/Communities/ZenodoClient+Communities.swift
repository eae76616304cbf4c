import FoundationEssentials
import NIOHTTP1

/// Communities and review requests (issue 32), as the source document's section 2 gives them:
/// finding a community (`/api/communities`), submitting a first-version draft to one (attach the
/// review with the community's UUID, then `submit-review`), and a request's life (read, cancel,
/// comment; accept and decline for curators). Zenodo serves these records routes for the ids of
/// both APIs, so both backends use them.
extension ZenodoClient {
    /// What a submission came to: published and in the community at once, or waiting for a curator.
    public enum SubmissionOutcome: Sendable, Equatable {
        case accepted(ReviewRequest)
        case submitted(ReviewRequest)
    }

    /// `GET /api/communities?q=`.
    public func communities(matching query: String = "", size: Int = 25) async throws -> [Community] {
        let reply = try await send(
            .GET, url("/communities", query: [("q", query), ("size", String(size))]), idempotent: true,
            accept: Self.rdmAccept)
        return try reply.hits("the communities", Community.init(json:))
    }

    /// `GET /api/communities/{slug or uuid}`; a 404 says the slug is unknown, in words.
    public func community(_ slugOrID: String) async throws -> Community {
        do {
            let reply = try await send(
                .GET, url("/communities/\(Self.encodeKey(slugOrID))"), idempotent: true, accept: Self.rdmAccept)
            return try Community(json: try reply.json("the community"))
        } catch let error as ZenodoError where error.status == 404 {
            throw ZenodoError(
                .notFound,
                "\(profile.displayName) has no community '\(slugOrID)': check the slug (zenodo-tui communities search WORDS)",
                status: 404)
        }
    }

    /// `GET /api/user/communities`: the caller's memberships.
    public func myCommunities() async throws -> [Community] {
        let reply = try await send(.GET, url("/user/communities"), idempotent: true, accept: Self.rdmAccept)
        return try reply.hits("your communities", Community.init(json:))
    }

    /// Submits draft `id` to a community for review: its review attached (`PUT …/draft/review`
    /// with the community's UUID, resolved from the slug) and submitted (`…/submit-review`, with
    /// an optional message). `accepted` means the record is published and in the community;
    /// `submitted`, that it waits for the community's curators.
    public func submit(
        _ id: Int, to community: String, message: String? = nil, requireReview: Bool = false
    ) async throws -> SubmissionOutcome {
        let target = try await self.community(community)
        let review: JSONValue = ["type": "community-submission", "receiver": ["community": .string(target.id)]]
        _ = try await send(
            .PUT, url("/records/\(id)/draft/review"), json: review, idempotent: true, accept: Self.rdmAccept)
        var body: [String: JSONValue] = [:]
        if let message, !message.isEmpty { body["payload"] = ["content": .string(message), "format": "html"] }
        if requireReview { body["require_review"] = true }
        let reply = try await send(
            .POST, url("/records/\(id)/draft/actions/submit-review"), json: .object(body), idempotent: false,
            accept: Self.rdmAccept)
        let request = try ReviewRequest(json: try reply.json("the submission"))
        return request.status == "accepted" ? .accepted(request) : .submitted(request)
    }

    /// The draft's review, or nil when it has none.
    public func review(of id: Int) async throws -> ReviewRequest? {
        do {
            let reply = try await send(
                .GET, url("/records/\(id)/draft/review"), idempotent: true, accept: Self.rdmAccept)
            return try ReviewRequest(json: try reply.json("the review"))
        } catch let error as ZenodoError where error.status == 404 {
            return nil
        }
    }

    /// `GET /api/requests/{id}`.
    public func request(_ id: String) async throws -> ReviewRequest {
        let reply = try await send(
            .GET, url("/requests/\(Self.encodeKey(id))"), idempotent: true, accept: Self.rdmAccept)
        return try ReviewRequest(json: try reply.json("the request"))
    }

    /// The requests about record `id` (`GET /api/records/{id}/requests`), or the caller's
    /// (`GET /api/user/requests`) without one.
    public func requests(about id: Int? = nil) async throws -> [ReviewRequest] {
        let path = id.map { "/records/\($0)/requests" } ?? "/user/requests"
        let reply = try await send(.GET, url(path), idempotent: true, accept: Self.rdmAccept)
        return try reply.hits("the requests", ReviewRequest.init(json:))
    }

    /// Runs `action` (cancel; accept and decline for curators) with an optional comment; a state
    /// that does not allow it is said with the request's status.
    public func act(_ action: String, on id: String, comment: String? = nil) async throws -> ReviewRequest {
        var body: [String: JSONValue] = [:]
        if let comment, !comment.isEmpty { body["payload"] = ["content": .string(comment), "format": "html"] }
        do {
            let reply = try await send(
                .POST, url("/requests/\(Self.encodeKey(id))/actions/\(action)"), json: .object(body), idempotent: false,
                accept: Self.rdmAccept)
            return try ReviewRequest(json: try reply.json("the request"))
        } catch let error as ZenodoError where error.status == 403 {
            throw ZenodoError(
                .refused,
                action == "cancel"
                    ? "only the request's creator may cancel request \(id)"
                    : "only the receiver (a community's curators, or the record's owner for an access request) may \(action) request \(id)",
                status: 403)
        }
    }

    /// `POST /api/requests/{id}/comments`.
    public func comment(on id: String, _ text: String) async throws {
        _ = try await send(
            .POST, url("/requests/\(Self.encodeKey(id))/comments"),
            json: ["payload": ["content": .string(text), "format": "html"]], idempotent: false, accept: Self.rdmAccept)
    }

    /// `GET /api/requests/{id}/timeline`: comments and actions, oldest first.
    public func timeline(of id: String) async throws -> [RequestEvent] {
        let reply = try await send(
            .GET, url("/requests/\(Self.encodeKey(id))/timeline"), idempotent: true, accept: Self.rdmAccept)
        return (try reply.json("the timeline")["hits"]?["hits"]?.array ?? []).map(RequestEvent.init(json:))
    }
}
