import EssentialsExtras
import FoundationEssentials
import NIOHTTP1

/// Sharing a record before or beside publication (issue 32): secret links, grants to people, and
/// the access requests people send for restricted files. The routes are on the record's parent,
/// so a draft's id and a record's id both work (`get_parent_and_record_or_draft`).
extension ZenodoClient {
    /// The site's address, for the links people open in a browser.
    public var siteOrigin: String { profile.siteOrigin }

    /// `GET …/access/links`.
    public func secretLinks(of id: Int) async throws -> [SecretLink] {
        let reply = try await send(.GET, url("/records/\(id)/access/links"), idempotent: true, accept: Self.rdmAccept)
        return try reply.hits("the secret links", SecretLink.init(json:))
    }

    /// `POST …/access/links`: a new link; `expires` a day (`YYYY-MM-DD`) in the future, or none.
    public func createSecretLink(
        on id: Int, permission: SecretLink.Permission, expires: String? = nil, description: String = ""
    ) async throws -> SecretLink {
        var body: [String: JSONValue] = ["permission": .string(permission.rawValue)]
        if let expires { body["expires_at"] = .string(expires) }
        if !description.isEmpty { body["description"] = .string(description) }
        let reply = try await send(
            .POST, url("/records/\(id)/access/links"), json: .object(body), idempotent: false, accept: Self.rdmAccept)
        return try SecretLink(json: try reply.json("the new secret link"))
    }

    /// `DELETE …/access/links/{link}`: whoever holds the link loses access at once.
    public func revokeSecretLink(_ linkID: String, of id: Int) async throws {
        _ = try await send(
            .DELETE, url("/records/\(id)/access/links/\(Self.encodeKey(linkID))"), idempotent: true,
            accept: Self.rdmAccept)
    }

    /// `GET …/access/users?expand=true`: the people given access, with their usernames.
    public func grants(of id: Int) async throws -> [AccessGrant] {
        let reply = try await send(
            .GET, url("/records/\(id)/access/users", query: [("expand", "true")]), idempotent: true,
            accept: Self.rdmAccept)
        var grants: [AccessGrant] = []
        for hit in try reply.json("the grants")["hits"]?["hits"]?.array ?? [] {
            grants.append(try AccessGrant(json: hit))
        }
        return grants
    }

    /// Finds the person a grant names: a user id, a username, or an e-mail address (which users
    /// search finds only where its owner made it public: say so, rather than "not found").
    public func findUser(_ who: String) async throws -> ServerUser {
        let wanted = who.trimming(.whitespaces)
        let reply = try await send(
            .GET, url("/users", query: [("q", wanted)]), idempotent: true, accept: Self.rdmAccept)
        let users = try reply.hits("users", ServerUser.init(json:))
        let lower = wanted.lowercased()
        if let exact = users.first(where: {
            $0.id == wanted || $0.username.lowercased() == lower || $0.email?.lowercased() == lower
        }) {
            return exact
        }
        if wanted.contains("@") {
            throw ZenodoError(
                .notFound,
                "\(profile.displayName) shows no user with the e-mail address \(wanted): it finds people by e-mail only when they made their address public; give their username or user id instead"
            )
        }
        throw ZenodoError(
            .notFound,
            "\(profile.displayName) has no user '\(wanted)' (give a username, a user id or a public e-mail address)")
    }

    /// `POST …/access/grants`: gives `who` the permission on record (or draft) `id`.
    public func grantAccess(on id: Int, to who: String, permission: AccessGrant.Permission, message: String? = nil)
        async throws -> (ServerUser, AccessGrant)
    {
        let user = try await findUser(who)
        var grant: [String: JSONValue] = [
            "permission": .string(permission.rawValue), "subject": ["type": "user", "id": .string(user.id)],
            "notify": .bool(message != nil),
        ]
        if let message, !message.isEmpty { grant["message"] = .string(message) }
        let reply = try await send(
            .POST, url("/records/\(id)/access/grants"), json: ["grants": [.object(grant)]], idempotent: false,
            accept: Self.rdmAccept)
        guard let first = try reply.json("the grant")["hits"]?["hits"]?.array?.first else {
            throw ZenodoError(.unexpected, "\(profile.displayName) answered the grant without it")
        }
        var made = try AccessGrant(json: first)
        made.username = user.username
        return (user, made)
    }

    /// `DELETE …/access/users/{user}`: takes a person's access away (`who` as `findUser` takes it,
    /// or the id a grant lists).
    public func revokeGrant(on id: Int, from who: String) async throws {
        let userID = Int(who) != nil ? who : try await findUser(who).id
        _ = try await send(
            .DELETE, url("/records/\(id)/access/users/\(userID)"), idempotent: true, accept: Self.rdmAccept)
    }

    /// `POST /api/records/{id}/access/request`: asks the owner of a restricted record for access,
    /// as the signed-in user with their account's e-mail address.
    public func requestAccess(to id: Int, email: String, message: String) async throws -> ReviewRequest? {
        let body: JSONValue = [
            "email": .string(email), "message": .string(message), "consent_to_share_personal_data": "true",
        ]
        let reply = try await send(
            .POST, url("/records/\(id)/access/request"), json: body, idempotent: false, accept: Self.rdmAccept)
        let json = try reply.json("the access request")
        // A guest's request waits for an e-mail confirmation: no request yet.
        return json["id"] == nil ? nil : try ReviewRequest(json: json)
    }

    /// The access requests the signed-in user received (`user-access-request` in `/user/requests`).
    public func accessRequests() async throws -> [ReviewRequest] {
        try await requests().filter { $0.type == "user-access-request" }
    }
}
