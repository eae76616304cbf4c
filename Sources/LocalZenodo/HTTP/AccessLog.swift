import EssentialsExtras
import FoundationEssentials
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
    /// The body bytes sent: the announced length until the body has gone, then what went (fewer
    /// when the connection broke off); nil without a length.
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

    /// The printed line, written once the body has gone; `bytes=N` is the body bytes actually sent
    /// (for a range, at most the range's), so scripts outside the test process can count what a
    /// client read.
    public var line: String {
        "\(method) \(target) \(status) \(milliseconds)ms auth=\(credential) ua=\"\(AccessLog.escaped(userAgent ?? "-"))\" bytes=\(bytes.map(String.init) ?? "-")"
    }
}

/// The recent requests, newest last, kept in memory (bounded) and written to the logger.
public final class AccessLog: Sendable {
    private let entries = Mutex<[AccessLogEntry]>([])
    private let capacity: Int

    init(capacity: Int = 10_000) { self.capacity = capacity }

    /// Each entry's number, to settle its bytes once its body has gone.
    private let numbers = Mutex<(next: Int, kept: [Int])>((0, []))

    /// Appends an entry; answers its number.
    @discardableResult
    func append(_ entry: AccessLogEntry) -> Int {
        entries.withLock { entries in
            numbers.withLock { numbers in
                let number = numbers.next
                numbers.next += 1
                entries.append(entry)
                numbers.kept.append(number)
                if entries.count > capacity {
                    entries.removeFirst(entries.count - capacity)
                    numbers.kept.removeFirst(numbers.kept.count - capacity)
                }
                return number
            }
        }
    }

    /// The bytes entry `number` actually sent, once known; answers the entry (nil if it left the log).
    @discardableResult
    func settle(_ number: Int, sent: Int) -> AccessLogEntry? {
        entries.withLock { entries in
            numbers.withLock { numbers in
                guard let index = numbers.kept.firstIndex(of: number) else { return nil }
                entries[index].bytes = sent
                return entries[index]
            }
        }
    }

    public func all() -> [AccessLogEntry] { entries.withLock { $0 } }

    /// A client's text for a quoted log field: quotes, backslashes and control characters escaped,
    /// so no client can end the field or forge a line.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value):
                out += String(cFormat: "\\x%02x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
