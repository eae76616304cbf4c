import FoundationEssentials

/// A secret link (invenio-rdm-records `secret_links/models.py`): an id, a token that gives its
/// permission to whoever presents it (`?token=`, `utils.verify_token`), an optional expiry after
/// which the token gives nothing, and what the owner wrote about it.
struct SharedLink: Codable, Sendable, Equatable {
    var id: String
    var token: String
    /// `view`, `preview` or `edit` (`SecretLink.create` refuses others).
    var permission: String
    var description: String
    var origin: String?
    var created: Date
    var expires: Date?

    static let permissions: Set<String> = ["view", "preview", "edit"]

    func isExpired(at now: Date) -> Bool { expires.map { now > $0 } ?? false }

    /// A token as hard to guess as Zenodo's signed ones: 32 random bytes, URL-safe.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacing("+", with: "-").replacing("/", with: "_")
            .replacing("=", with: "")
    }
}

/// An access grant (`records/systemfields/access/grants.py`): a subject (`user`, `role`,
/// `system_role` and its id) and the permission it is given.
struct SharedGrant: Codable, Sendable, Equatable {
    var subjectType: String
    var subjectID: String
    var permission: String
    var origin: String?
}

/// A record's sharing, kept on its parent (every version shares it, as `parent.access` does).
struct ParentSharing: Codable, Sendable, Equatable {
    var links: [SharedLink] = []
    var grants: [SharedGrant] = []

    /// What `user` (nil: anonymous) presenting `token` (nil: none) may do through this sharing.
    func level(user: Int?, token: String?, now: Date) -> AccessLevel {
        var level = AccessLevel.none
        if let user {
            for grant in grants where grant.subjectType == "user" && grant.subjectID == String(user) {
                level = max(level, AccessLevel(permission: grant.permission))
            }
        }
        if let token, let link = links.first(where: { $0.token == token }), !link.isExpired(at: now) {
            level = max(level, AccessLevel(permission: link.permission))
        }
        return level
    }
}
