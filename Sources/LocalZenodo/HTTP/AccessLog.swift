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
