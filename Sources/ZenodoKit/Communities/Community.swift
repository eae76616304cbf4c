import FoundationEssentials

/// A community as invenio-communities answers it: what a submitter needs to know before
/// submitting (who may submit, whether a curator reviews). Server text: sanitise before showing.
public struct Community: Sendable, Equatable {
    public var id: String
    public var slug: String
    public var title: String
    public var description: String
    public var curationPolicy: String
    /// `open`: any signed-in user may submit; `closed`: members only.
    public var submissionPolicy: String
    /// `closed`: every submission is reviewed; `open`: owners, managers and curators include
    /// directly; `members`: any member does.
    public var reviewPolicy: String

    public init(json: JSONValue) throws(DecodingFailure) {
        guard let id = json["id"]?.string, let slug = json["slug"]?.string else {
            throw DecodingFailure(what: "a community without id or slug")
        }
        self.id = id
        self.slug = slug
        title = json["metadata"]?["title"]?.string ?? slug
        description = HTMLText.plain(json["metadata"]?["description"]?.string ?? "")
        curationPolicy = HTMLText.plain(json["metadata"]?["curation_policy"]?.string ?? "")
        submissionPolicy = json["access"]?["record_submission_policy"]?.string ?? "open"
        reviewPolicy = json["access"]?["review_policy"]?.string ?? "closed"
    }

    /// In words: who may submit, and whether a curator reviews what they submit.
    public var policyWords: String {
        let who = submissionPolicy == "closed" ? "only its members may submit" : "anyone signed in may submit"
        let review: String
        switch reviewPolicy {
        case "open": review = "its curators review submissions (its owners, managers and curators add records directly)"
        case "members": review = "its curators review submissions from outside it (members add records directly)"
        default: review = "its curators review every submission"
        }
        return "\(who); \(review)"
    }
}

/// A request about a record (`community-submission`, `community-inclusion`, and the others) as
/// invenio-requests answers it.
public struct ReviewRequest: Sendable, Equatable {
    public var id: String
    public var number: String?
    public var type: String
    public var status: String
    public var title: String
    /// The receiving community's UUID, where a community receives it.
    public var community: String?
    /// The receiving user, where a user receives it (an access request goes to the record's owner).
    public var receiverUser: String?
    /// Who asked.
    public var creator: String?
    /// An access request's message (`payload.message`).
    public var message: String?
    public var record: String?
    public var created: Date?
    /// The actions the caller may run now (`links.actions`): cancel, accept, decline, submit.
    public var actions: [String]

    public init(json: JSONValue) throws(DecodingFailure) {
        guard let id = json["id"]?.string else { throw DecodingFailure(what: "a request without an id") }
        self.id = id
        number = json["number"]?.string
        type = json["type"]?.string ?? "?"
        status = json["status"]?.string ?? "?"
        title = json["title"]?.string ?? ""
        community = json["receiver"]?["community"]?.string
        receiverUser = json["receiver"]?["user"]?.string
        creator = json["created_by"]?["user"]?.string ?? json["created_by"]?["email"]?.string
        message = json["payload"]?["message"]?.string.map(HTMLText.plain).flatMap { $0.isEmpty ? nil : $0 }
        record = json["topic"]?["record"]?.string
        created = json["created"]?.string.flatMap(ZenodoDate.parse)
        actions = (json["links"]?["actions"]?.object ?? [:]).keys.sorted()
    }

    /// Whether it asks for access to a record's files (from a user or a guest).
    public var isAccessRequest: Bool { type == "user-access-request" || type == "guest-access-request" }

    /// What the status means for the record, in words.
    public var meaning: String {
        if isAccessRequest {
            switch status {
            case "submitted": return "waiting for the record's owner"
            case "accepted": return "accepted: the requester may see the files"
            case "declined": return "declined by the record's owner"
            case "cancelled": return "cancelled by the requester"
            case "expired": return "expired before the owner answered"
            default: return status
            }
        }
        return switch status {
        case "created": "attached, not submitted yet"
        case "submitted": "waiting for the community's curators"
        case "accepted": "accepted: the record is published and in the community"
        case "declined": "declined by the community's curators"
        case "cancelled": "cancelled"
        case "expired": "expired before a curator answered"
        default: status
        }
    }
}

/// One entry of a request's timeline: a comment or an action.
public struct RequestEvent: Sendable, Equatable {
    public var type: String
    public var content: String
    public var action: String?
    public var user: String?
    public var created: Date?

    public init(json: JSONValue) {
        type = json["type"]?.string ?? "?"
        content = HTMLText.plain(json["payload"]?["content"]?.string ?? "")
        action = json["payload"]?["event"]?.string
        user = json["created_by"]?["user"]?.string
        created = json["created"]?.string.flatMap(ZenodoDate.parse)
    }
}
