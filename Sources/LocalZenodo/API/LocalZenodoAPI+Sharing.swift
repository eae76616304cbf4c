import FoundationEssentials
import Hummingbird

/// Secret links and access grants on a record's parent, as invenio-rdm-records'
/// `services/access/service.py` (`RecordAccessService`) and `resources/config.py` give them:
/// `/api/records/{id}/access/links[/{link}]`, `/access/grants[/{index}]`, `/access/users[/{id}]`.
/// Every route needs `manage` on the record (its owner, or a `manage` grant); the id may be a
/// record's or a draft's (`get_parent_and_record_or_draft`).
extension LocalZenodoAPI {
    /// What the caller may do with `d` (and every version of its concept).
    func accessLevel(_ call: Call, _ d: StoredDeposition) async -> AccessLevel {
        if let user = call.caller.user, user == d.owner { return .manage }
        let parent = await sharing.sharing(of: d.conceptrecid)
        return parent.level(user: call.caller.user, token: call.queryValue("token"), now: call.now)
    }

    /// The deposition `id` if the caller's level reaches `needs`: 404 when unknown, 410 when
    /// deleted, 403 otherwise (anonymous callers without a link token first, as `owned` does).
    func shared(_ call: Call, _ id: Int, needs: AccessLevel) async throws -> StoredDeposition {
        if call.caller.user == nil, call.queryValue("token") == nil { throw APIError.permissionDenied }
        guard let deposition = await store.deposition(id) else { throw APIError.notFound() }
        if let tombstone = deposition.tombstone { throw APIError.deleted(tombstone) }
        guard await accessLevel(call, deposition) >= needs else { throw APIError.permissionDenied }
        return deposition
    }

    func sharingRoutes(_ call: inout Call, _ id: Int, _ rest: [String]) async throws -> Response {
        let deposition = try await shared(call, id, needs: .manage)
        switch (rest.first, rest.count, call.method) {
        case ("links", 1, "GET"): return await listLinks(call, deposition)
        case ("links", 1, "POST"): return try await createLink(&call, deposition)
        case ("links", 2, "GET"): return try await readLink(call, deposition, rest[1])
        case ("links", 2, "PATCH"), ("links", 2, "PUT"): return try await updateLink(&call, deposition, rest[1])
        case ("links", 2, "DELETE"): return try await deleteLink(call, deposition, rest[1])
        case ("grants", 1, "GET"): return await listGrants(call, deposition, onlyUsers: false)
        case ("grants", 1, "POST"): return try await createGrants(&call, deposition)
        case ("grants", 2, "DELETE"): return try await deleteGrant(call, deposition, index: rest[1])
        case ("users", 1, "GET"): return await listGrants(call, deposition, onlyUsers: true)
        case ("users", 2, "GET"): return try await readUserGrant(call, deposition, rest[1])
        case ("users", 2, "PATCH"): return try await updateUserGrant(&call, deposition, rest[1])
        case ("users", 2, "DELETE"): return try await deleteUserGrant(call, deposition, rest[1])
        case ("links", _, _), ("grants", _, _), ("users", _, _): throw APIError.methodNotAllowed
        default: throw APIError.noRoute
        }
    }

    // MARK: links

    private func listLinks(_ call: Call, _ d: StoredDeposition) async -> Response {
        let links = await sharing.sharing(of: d.conceptrecid).links.map(linkJSON)
        return Reply.json(["hits": ["hits": .array(links), "total": .int(links.count)]])
    }

    /// `POST …/access/links` `{permission, expires_at?, description?}`: 201 with the link and its
    /// token. "An access permission level is required", "Invalid access permission level." (the
    /// schema's `OneOf` first: "Must be one of: view, preview, edit."), "Expiration date must be
    /// set to the future".
    private func createLink(_ call: inout Call, _ d: StoredDeposition) async throws -> Response {
        let body = try await call.jsonBody()
        guard let permission = body["permission"]?.stringValue else {
            throw APIError.field("permission", "An access permission level is required")
        }
        guard SharedLink.permissions.contains(permission) else {
            throw APIError.field("permission", "Must be one of: view, preview, edit.")
        }
        let expires = try Self.expiry(body["expires_at"], now: call.now)
        let link = SharedLink(
            id: UUID().uuidString.lowercased(), token: SharedLink.newToken(), permission: permission,
            description: body["description"]?.stringValue ?? "", origin: body["origin"]?.stringValue,
            created: call.now, expires: expires)
        try await sharing.update(d.conceptrecid) { $0.links.append(link) }
        return Reply.json(linkJSON(link), status: .created)
    }

    private func readLink(_ call: Call, _ d: StoredDeposition, _ linkID: String) async throws -> Response {
        guard let link = await sharing.sharing(of: d.conceptrecid).links.first(where: { $0.id == linkID }) else {
            throw Self.noLink
        }
        return Reply.json(linkJSON(link))
    }

    /// `PATCH …/access/links/{id}`: permission, description, an earlier expiry ("Cannot postpone
    /// expiration of links": a later one, or none where there was one, needs a new token).
    private func updateLink(_ call: inout Call, _ d: StoredDeposition, _ linkID: String) async throws -> Response {
        let body = try await call.jsonBody()
        let permission = body["permission"]?.stringValue
        if let permission, !SharedLink.permissions.contains(permission) {
            throw APIError.field("permission", "Must be one of: view, preview, edit.")
        }
        let specified = body["expires_at"] != nil
        let expires = try Self.expiry(body["expires_at"], now: call.now)
        let now = call.now
        let updated: SharedLink = try await sharing.update(d.conceptrecid) { (parent) throws(APIError) -> SharedLink in
            guard let index = parent.links.firstIndex(where: { $0.id == linkID }) else { throw Self.noLink }
            var link = parent.links[index]
            let introduces = specified && expires == nil && link.expires != nil
            let extends = expires.flatMap { new in link.expires.map { new > $0 } } ?? false
            if introduces || extends { throw APIError.field("expires_at", "Cannot postpone expiration of links") }
            if let expires, expires < now {
                throw APIError.field("expires_at", "Expiration date must be set to the future")
            }
            link.expires = expires ?? link.expires
            link.permission = permission ?? link.permission
            link.description = body["description"]?.stringValue ?? link.description
            parent.links[index] = link
            return link
        }
        return Reply.json(linkJSON(updated))
    }

    /// `DELETE …/access/links/{id}`: 204; the token gives nothing from now on.
    private func deleteLink(_ call: Call, _ d: StoredDeposition, _ linkID: String) async throws -> Response {
        try await sharing.update(d.conceptrecid) { (parent) throws(APIError) in
            guard let index = parent.links.firstIndex(where: { $0.id == linkID }) else { throw Self.noLink }
            parent.links.remove(at: index)
        }
        return Response(status: .noContent)
    }

    static let noLink = APIError(status: 404, message: "No secret link found with the given ID.")

    /// `expires_at` as `ISODateString` loads it (a date, or a date and time, UTC); in the past:
    /// "Expiration date must be set to the future".
    static func expiry(_ value: JSONValue?, now: Date) throws(APIError) -> Date? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue, let date = Timestamp.parseDay(String(text.prefix(10))) else {
            throw APIError.field("expires_at", "Not a valid date.")
        }
        if date < now { throw APIError.field("expires_at", "Expiration date must be set to the future") }
        return date
    }

    private func linkJSON(_ link: SharedLink) -> JSONValue {
        [
            "id": .string(link.id), "created_at": .string(Timestamp.string(link.created)),
            "expires_at": link.expires.map { .string(Timestamp.day($0)) } ?? .null,
            "permission": .string(link.permission), "description": .string(link.description),
            "origin": link.origin.map(JSONValue.string) ?? .null, "token": .string(link.token),
        ]
    }

    // MARK: grants

    /// `GET …/access/grants` (all, `id` = index) or `…/access/users` (user grants only).
    private func listGrants(_ call: Call, _ d: StoredDeposition, onlyUsers: Bool) async -> Response {
        let grants = await sharing.sharing(of: d.conceptrecid).grants
        var hits: [JSONValue] = []
        for (index, grant) in grants.enumerated() where !onlyUsers || grant.subjectType == "user" {
            var entry = grantJSON(grant, expand: Self.flag(call.query, "expand"))
            if !onlyUsers { entry["id"] = .int(index) }
            hits.append(entry)
        }
        return Reply.json(["hits": ["hits": .array(hits), "total": .int(hits.count)]])
    }

    /// `POST …/access/grants` `{"grants": [{permission, subject: {type, id}, notify?, message?}]}`
    /// (1 to 100): 201 with the new grants; "Grant for this user/role already exists within this
    /// record." when any exists; "Could not find the specified subject." for a user the caller
    /// cannot read (here: no such user); groups are off on Zenodo (403).
    private func createGrants(_ call: inout Call, _ d: StoredDeposition) async throws -> Response {
        let body = try await call.jsonBody()
        guard let asked = body["grants"]?.arrayValue, (1...100).contains(asked.count) else {
            throw APIError.field("grants", "Length must be between 1 and 100.")
        }
        let user = try call.caller.requireUser()
        var grants: [SharedGrant] = []
        for entry in asked {
            guard let permission = entry["permission"]?.stringValue else {
                throw APIError.field("grants.permission", "Missing data for required field.")
            }
            guard let type = entry["subject"]?["type"]?.stringValue, let id = entry["subject"]?["id"]?.stringValue
            else { throw APIError.field("grants.subject", "Missing data for required field.") }
            guard ["user", "role", "system_role"].contains(type) else {
                throw APIError.field("grants.subject.type", "Must be one of: user, role, system_role.")
            }
            grants.append(SharedGrant(subjectType: type, subjectID: id, permission: permission, origin: "api:\(user)"))
        }
        let existing = await sharing.sharing(of: d.conceptrecid).grants
        if grants.contains(where: { g in
            existing.contains { $0.subjectType == g.subjectType && $0.subjectID == g.subjectID }
        }) {
            throw APIError(status: 400, message: "Grant for this user/role already exists within this record.")
        }
        for grant in grants {
            if grant.subjectType == "role" { throw APIError.permissionDenied }
            guard grant.subjectType != "user" || Int(grant.subjectID).flatMap(users.user) != nil else {
                throw APIError.field("subject.id", "Could not find the specified subject.")
            }
        }
        try await sharing.update(d.conceptrecid) { $0.grants += grants }
        let hits = grants.enumerated().map { index, grant -> JSONValue in
            var entry = grantJSON(grant, expand: false)
            entry["id"] = .int(index)
            return entry
        }
        return Reply.json(["hits": ["hits": .array(hits), "total": .int(hits.count)]], status: .created)
    }

    private func deleteGrant(_ call: Call, _ d: StoredDeposition, index: String) async throws -> Response {
        try await sharing.update(d.conceptrecid) { (parent) throws(APIError) in
            guard let i = Int(index), parent.grants.indices.contains(i) else {
                throw APIError(status: 404, message: "No grant found with the given ID.")
            }
            parent.grants.remove(at: i)
        }
        return Response(status: .noContent)
    }

    private func readUserGrant(_ call: Call, _ d: StoredDeposition, _ subject: String) async throws -> Response {
        let grants = await sharing.sharing(of: d.conceptrecid).grants
        guard let grant = grants.first(where: { $0.subjectType == "user" && $0.subjectID == subject }) else {
            throw Self.noUserGrant
        }
        return Reply.json(grantJSON(grant, expand: Self.flag(call.query, "expand")))
    }

    /// `PATCH …/access/users/{id}` `{permission}`: changes the permission.
    private func updateUserGrant(_ call: inout Call, _ d: StoredDeposition, _ subject: String) async throws
        -> Response
    {
        let body = try await call.jsonBody()
        let updated: SharedGrant = try await sharing.update(d.conceptrecid) {
            (parent) throws(APIError) -> SharedGrant in
            guard let i = parent.grants.firstIndex(where: { $0.subjectType == "user" && $0.subjectID == subject })
            else { throw Self.noUserGrant }
            if let permission = body["permission"]?.stringValue { parent.grants[i].permission = permission }
            return parent.grants[i]
        }
        return Reply.json(grantJSON(updated, expand: false))
    }

    private func deleteUserGrant(_ call: Call, _ d: StoredDeposition, _ subject: String) async throws -> Response {
        try await sharing.update(d.conceptrecid) { (parent) throws(APIError) in
            guard let i = parent.grants.firstIndex(where: { $0.subjectType == "user" && $0.subjectID == subject })
            else { throw Self.noUserGrant }
            parent.grants.remove(at: i)
        }
        return Response(status: .noContent)
    }

    static let noUserGrant = APIError(status: 404, message: "No grant found by given user id.")

    /// `GrantSchema` dumped; with `expand`, the subject's user record under `expanded.subject`.
    private func grantJSON(_ grant: SharedGrant, expand: Bool) -> JSONValue {
        var entry: JSONValue = [
            "permission": .string(grant.permission),
            "subject": ["type": .string(grant.subjectType), "id": .string(grant.subjectID)],
            "origin": grant.origin.map(JSONValue.string) ?? .null,
        ]
        if expand, grant.subjectType == "user", let user = Int(grant.subjectID).flatMap(users.user) {
            entry["expanded"] = ["subject": userJSON(user, showEmail: false)]
        }
        return entry
    }

    /// invenio-users-resources' user as another authenticated user sees it: the e-mail only when
    /// public.
    func userJSON(_ user: UserDirectory.User, showEmail: Bool) -> JSONValue {
        var entry: JSONValue = [
            "id": .string(String(user.id)), "username": .string(user.username),
            "profile": ["full_name": .string(user.username), "affiliations": ""], "is_current_user": .bool(showEmail),
            "links": ["self": .string(links.api + "/users/" + String(user.id))],
        ]
        if showEmail || user.emailPublic { entry["email"] = .string(user.email) }
        return entry
    }
}
