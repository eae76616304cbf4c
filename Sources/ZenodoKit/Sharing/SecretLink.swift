import FoundationEssentials

/// A secret link as invenio-rdm-records answers it (`/api/records/{id}/access/links`): its token
/// opens the record (or draft) to whoever holds the link, at its permission, until it is revoked
/// or expires. The token is a secret: shown to its owner to copy, never logged.
public struct SecretLink: Sendable, Equatable {
    /// A link's permission: `view` reads the record and its restricted files; `preview` also the
    /// draft; `edit` also edits the draft (invenio-rdm-records `services/permissions.py`).
    public enum Permission: String, Sendable, CaseIterable {
        case view, preview, edit

        public var words: String {
            switch self {
            case .view: "see the record and its restricted files"
            case .preview: "also see the unpublished draft and its files"
            case .edit: "also edit the draft"
            }
        }
    }

    public var id: String
    public var token: String
    public var permission: String
    public var description: String
    public var created: Date?
    /// The day it stops working (`YYYY-MM-DD`), nil: never.
    public var expires: String?

    public init(json: JSONValue) throws(DecodingFailure) {
        guard let id = json["id"]?.string, let token = json["token"]?.string else {
            throw DecodingFailure(what: "a secret link without id or token")
        }
        self.id = id
        self.token = token
        permission = json["permission"]?.string ?? "?"
        description = json["description"]?.string ?? ""
        created = json["created_at"]?.string.flatMap(ZenodoDate.parse)
        expires = json["expires_at"]?.string.map { String($0.prefix(10)) }
    }

    /// The address to give someone, as InvenioRDM's share dialog builds it (invenio-app-rdm
    /// `LinksSearchItem.js`): `view` the record page, `preview` the page with `preview=1` (which
    /// shows the draft), `edit` the draft's upload form (or the record's page once published).
    public func address(origin: String, record id: Int, isDraft: Bool) -> String {
        switch permission {
        case "preview": "\(origin)/records/\(id)?preview=1&token=\(token)"
        case "edit" where isDraft: "\(origin)/uploads/\(id)?token=\(token)"
        default: "\(origin)/records/\(id)?token=\(token)"
        }
    }
}

/// A grant of access to a person (`/api/records/{id}/access/users`): who, and what they may do.
public struct AccessGrant: Sendable, Equatable {
    /// A grant's permission: a link's three, and `manage` (share it on, change its access).
    public enum Permission: String, Sendable, CaseIterable {
        case view, preview, edit, manage

        public var words: String {
            switch self {
            case .view: "see the record and its restricted files"
            case .preview: "also see the unpublished draft and its files"
            case .edit: "also edit the draft"
            case .manage: "also share it with others and change its access"
            }
        }
    }

    public var userID: String
    public var username: String?
    public var permission: String
    /// Where the grant came from: `api:{user}`, `request:{id}` (an accepted access request).
    public var origin: String?

    public init(json: JSONValue) throws(DecodingFailure) {
        guard let id = json["subject"]?["id"]?.string else { throw DecodingFailure(what: "a grant without a subject") }
        userID = id
        username = json["expanded"]?["subject"]?["username"]?.string
        permission = json["permission"]?.string ?? "?"
        origin = json["origin"]?.string
    }

    /// The person as the owner would name them.
    public var who: String { username.map { "\($0) (user \(userID))" } ?? "user \(userID)" }
}

/// A user of the server, as users search shows them to another signed-in user.
public struct ServerUser: Sendable, Equatable {
    public var id: String
    public var username: String
    /// Only when its owner made it public (Zenodo hides e-mail addresses by default).
    public var email: String?

    public init(json: JSONValue) throws(DecodingFailure) {
        guard let id = json["id"]?.string else { throw DecodingFailure(what: "a user without an id") }
        self.id = id
        username = json["username"]?.string ?? ""
        email = json["email"]?.string
    }
}
