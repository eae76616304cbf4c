import Crypto
import EssentialsExtras
import FoundationEssentials
import HTTPTypes

/// The tokens LocalZenodo accepts; each one is its own user.
public struct TokenTable: Sendable {
    private var owners: [String: Int]

    public init(tokens: [String]) {
        owners = Dictionary(tokens.map { ($0, Self.userID(for: $0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// A stable user id for a token, so that ownership survives a restart with the same tokens.
    static func userID(for token: String) -> Int {
        let digest = SHA256.hash(data: Data(token.utf8))
        let value = digest.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        return 10_000 + value % 900_000
    }

    func owner(of token: String) -> Int? { owners[token] }
}

/// Who is asking, and how the token travelled.
struct Caller: Sendable {
    enum Credential: String, Sendable { case none, header, query }
    /// The user id, `nil` for an anonymous request.
    var user: Int?
    /// How the token travelled. A token that is not known gives no user: Zenodo does not answer 401
    /// for it, since invenio-oauth2server's `verify_oauth_token_and_set_current_user` (ext.py at
    /// 897a361) sets no user when the token does not verify, so the request goes on anonymous (403
    /// on deposit routes, 200 on public ones).
    var credential: Credential

    /// Reads `Authorization: Bearer …`, else `?access_token=…`.
    static func identify(headers: HTTPFields, query: String?, tokens: TokenTable) -> Caller {
        var token: String?
        var credential = Credential.none
        if let header = headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            token = String(header.dropFirst(7)).trimming(.whitespaces)
            credential = .header
        } else if let value = QueryString.value(of: "access_token", in: query) {
            token = value
            credential = .query
        }
        guard let token else { return Caller(user: nil, credential: .none) }
        return Caller(user: tokens.owner(of: token), credential: credential)
    }

    /// The user, or Zenodo's answer for anonymous requests, which unknown tokens are (403).
    func requireUser() throws(APIError) -> Int {
        guard let user else { throw APIError.permissionDenied }
        return user
    }

    /// Fails unless the caller owns `deposition` (403, as for another user's deposition).
    func requireOwner(of deposition: StoredDeposition) throws(APIError) {
        guard try requireUser() == deposition.owner else { throw APIError.permissionDenied }
    }
}

/// Query-string helpers that work on the raw, still-encoded query.
enum QueryString {
    static func pairs(_ query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacing("+", with: " ").percentDecoded ?? String(s)
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    static func value(of name: String, in query: String?) -> String? {
        pairs(query).first { $0.0 == name }?.1
    }

    /// Names whose values are secrets: the API token, and a secret link's token.
    static let secretNames: Set<String> = ["access_token", "token"]

    /// The query with every secret's value replaced, for logs. Names are judged decoded
    /// (`access%5Ftoken` and `access_token` are the same name to the parser that reads them).
    static func redacted(_ query: String?) -> String? {
        guard let query, !query.isEmpty else { return nil }
        return query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let decoded =
                String(name).replacing("+", with: " ").percentDecoded
                ?? String(name)
            return secretNames.contains(decoded) ? "\(name)=REDACTED" : String(pair)
        }.joined(separator: "&")
    }
}
