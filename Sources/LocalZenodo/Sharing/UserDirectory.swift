import Foundation

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

    /// A seed names a token's user; tokens without one get `user<ID>`.
    struct Seed: Sendable, Equatable {
        var token: String
        var username: String
        var email: String
        var emailPublic: Bool
    }

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
        let q = query.lowercased().trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty else { return users }
        return users.filter { user in
            user.username.lowercased() == q || String(user.id) == q
                || (user.emailPublic && user.email.lowercased() == q)
                || user.username.lowercased().hasPrefix(q)
        }
    }
}
