import FoundationEssentials

/// A community as LocalZenodo keeps it (invenio-communities' record, the parts a client meets):
/// its slug and UUID, its title and curation policy, who may submit and how submissions are
/// reviewed, and its members by role.
public struct StoredCommunity: Sendable, Equatable {
    public enum Role: String, Sendable { case owner, manager, curator, reader }

    public var id: String
    public var slug: String
    public var title: String
    public var description: String
    public var curationPolicy: String
    /// `access.record_submission_policy`: `open` (any authenticated user) or `closed` (members).
    public var submissionPolicy: String
    /// `access.review_policy`: who may include a record without review: `closed` nobody, `open`
    /// owners, managers and curators, `members` any member.
    public var reviewPolicy: String
    public var members: [Int: Role]
    public var created: Date

    /// `can_submit_record` (invenio-communities `permissions.py`).
    func maySubmit(_ user: Int) -> Bool { submissionPolicy != "closed" || members[user] != nil }

    /// `can_include_directly`, by `review_policy`.
    func includesDirectly(_ user: Int) -> Bool {
        guard let role = members[user] else { return false }
        switch reviewPolicy {
        case "open": return role != .reader
        case "members": return true
        default: return false
        }
    }

    /// Who may accept or decline its requests (`can_curate`): owners, managers, curators.
    func curates(_ user: Int) -> Bool { members[user].map { $0 != .reader } ?? false }
}

/// `serve --community slug[:review=open|members|closed][:submission=open|closed][:curator=TOKEN][:owner=TOKEN][:member=TOKEN]`.
public struct CommunitySeed: Sendable, Equatable {
    public var slug: String
    public var title: String?
    public var reviewPolicy = "closed"
    public var submissionPolicy = "open"
    /// Tokens and their roles.
    public var members: [(token: String, role: StoredCommunity.Role)] = []

    public init(slug: String) { self.slug = slug }

    public static func == (a: CommunitySeed, b: CommunitySeed) -> Bool {
        a.slug == b.slug && a.title == b.title && a.reviewPolicy == b.reviewPolicy
            && a.submissionPolicy == b.submissionPolicy && a.members.map(\.token) == b.members.map(\.token)
            && a.members.map(\.role) == b.members.map(\.role)
    }

    /// Parses the option's text; nil with what is wrong.
    public static func parse(_ text: String) -> Result<CommunitySeed, SeedError> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let slug = parts[0].lowercased()
        guard !slug.isEmpty, slug.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            return .failure(SeedError("'\(parts[0])' is not a community slug (letters, digits, - and _)"))
        }
        var seed = CommunitySeed(slug: slug)
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return .failure(SeedError("'\(part)' is not name=value")) }
            switch (pair[0], pair[1]) {
            case ("review", let value) where ["open", "members", "closed"].contains(value): seed.reviewPolicy = value
            case ("submission", let value) where ["open", "closed"].contains(value): seed.submissionPolicy = value
            case ("title", let value): seed.title = value
            case ("curator", let token): seed.members.append((token, .curator))
            case ("owner", let token): seed.members.append((token, .owner))
            case ("manager", let token): seed.members.append((token, .manager))
            case ("member", let token): seed.members.append((token, .reader))
            default:
                return .failure(
                    SeedError(
                        "'\(part)' is not one of review=, submission=, title=, owner=, manager=, curator=, member="))
            }
        }
        return .success(seed)
    }

    public struct SeedError: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
