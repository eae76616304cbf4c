import Foundation
import Synchronization

/// One line of LocalZenodo's access log. Tokens never appear: a query's `access_token` is redacted,
/// and `credential` says how the token travelled so tests can assert it never rode in a URL.
public struct AccessLogEntry: Sendable, Equatable {
    public var method: String
    /// Path and query as received, `access_token` redacted.
    public var target: String
    public var status: Int
    public var credential: String
    public var userAgent: String?
    public var milliseconds: Int
    /// The response's `Content-Length`, when it had one (bytes served).
    public var bytes: Int?

    public init(
        method: String, target: String, status: Int, credential: String, bytes: Int? = nil, userAgent: String?,
        milliseconds: Int
    ) {
        self.method = method
        self.target = target
        self.status = status
        self.credential = credential
        self.bytes = bytes
        self.userAgent = userAgent
        self.milliseconds = milliseconds
    }

    public var line: String {
        "\(method) \(target) \(status) \(milliseconds)ms auth=\(credential) ua=\"\(userAgent ?? "-")\""
    }
}

/// The recent requests, newest last, kept in memory (bounded) and written to the logger.
public final class AccessLog: Sendable {
    private let entries = Mutex<[AccessLogEntry]>([])
    private let capacity: Int

    init(capacity: Int = 10_000) { self.capacity = capacity }

    func append(_ entry: AccessLogEntry) {
        entries.withLock { entries in
            entries.append(entry)
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
    }

    public func all() -> [AccessLogEntry] { entries.withLock { $0 } }
}
