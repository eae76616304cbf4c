import EssentialsExtras
import FoundationEssentials

/// LocalZenodo's users: one per token, with a username and an e-mail address. As on Zenodo
/// (`ACCOUNTS_DEFAULT_USER_VISIBILITY = "public"` in zenodo-rdm's `invenio.cfg`, invenio-accounts'
/// e-mail visibility `restricted` by default), a profile is public and an e-mail address is not:
/// users search finds a user by username, and by e-mail only where the user made it public
/// (invenio-users-resources `UserSearchOptions`: "Only public emails").
struct UserDirectory: Sendable {
    struct User: Sendable, Equatable {
        var id: Int
        var username: String
        var email: String
        var emailPublic: Bool
    }

    private(set) var users: [User]

    typealias Seed = UserSeed

    init(tokens: [String], seeds: [Seed]) {
        users = tokens.map { token in
            let id = TokenTable.userID(for: token)
            if let seed = seeds.first(where: { $0.token == token }) {
                return User(id: id, username: seed.username, email: seed.email, emailPublic: seed.emailPublic)
            }
            return User(id: id, username: "user\(id)", email: "user\(id)@localzenodo.test", emailPublic: false)
        }
    }

    func user(_ id: Int) -> User? { users.first { $0.id == id } }

    /// `GET /api/users?q=`: exact username, public e-mail, or the id; words of a username.
    func search(_ query: String) -> [User] {
        let q = query.lowercased().trimming(.whitespaces)
        guard !q.isEmpty else { return users }
        return users.filter { user in
            user.username.lowercased() == q || String(user.id) == q
                || (user.emailPublic && user.email.lowercased() == q)
                || user.username.lowercased().hasPrefix(q)
        }
    }
}

/// A user to serve (`serve --user USERNAME:TOKEN[:email=ADDRESS][:public]`): the token's username,
/// its e-mail address, and whether the address is public (found by users search).
public struct UserSeed: Sendable, Equatable {
    public var token: String
    public var username: String
    public var email: String
    public var emailPublic: Bool

    public init(token: String, username: String, email: String? = nil, emailPublic: Bool = false) {
        self.token = token
        self.username = username
        self.email = email ?? "\(username)@localzenodo.test"
        self.emailPublic = emailPublic
    }

    public static func parse(_ text: String) -> Result<UserSeed, CommunitySeed.SeedError> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty,
            parts[0].allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) })
        else {
            return .failure(CommunitySeed.SeedError("give USERNAME:TOKEN (a username of letters, digits, - _ .)"))
        }
        var seed = UserSeed(token: parts[1], username: parts[0])
        for part in parts.dropFirst(2) {
            if part == "public" {
                seed.emailPublic = true
            } else if part.hasPrefix("email="), part.contains("@") {
                seed.email = String(part.dropFirst(6))
            } else {
                return .failure(CommunitySeed.SeedError("'\(part)' is not email=ADDRESS or public"))
            }
        }
        return .success(seed)
    }
}
