import FoundationEssentials
import NIOHTTP1

/// A completed answer: status, headers and the (small) body.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data

    public func header(_ name: String) -> String? { headers.first(name: name) }

    /// The absolute URL a redirect points at, `nil` when this is not a redirect.
    func redirect(from url: String) -> String? {
        guard [301, 302, 303, 307, 308].contains(status), let location = header("Location") else { return nil }
        return URL(string: location, relativeTo: URL(string: url))?.absoluteString ?? location
    }

    /// The body as JSON, or an `unexpected` error naming what was asked.
    func json(_ what: String) throws -> JSONValue {
        do {
            return try JSONValue.decode(body)
        } catch {
            throw ZenodoError(
                .unexpected, "the server's answer to \(what) is not JSON (HTTP \(status))", status: status)
        }
    }

    /// A search answer's `hits.hits`, each decoded (InvenioRDM's list shape).
    func hits<T>(_ what: String, _ decode: (JSONValue) throws -> T) throws -> [T] {
        try (json(what)["hits"]?["hits"]?.array ?? []).map(decode)
    }
}

/// The rate-limit budget the server last announced (`X-RateLimit-*`).
public struct RateLimitSnapshot: Sendable, Equatable {
    public var limit: Int
    public var remaining: Int
    /// When the window resets.
    public var reset: Date

    init?(headers: HTTPHeaders) {
        guard let limit = headers.first(name: "X-RateLimit-Limit").flatMap(Int.init),
            let remaining = headers.first(name: "X-RateLimit-Remaining").flatMap(Int.init),
            let reset = headers.first(name: "X-RateLimit-Reset").flatMap(Double.init)
        else { return nil }
        self.limit = limit
        self.remaining = remaining
        self.reset = Date(timeIntervalSince1970: reset)
    }
}
