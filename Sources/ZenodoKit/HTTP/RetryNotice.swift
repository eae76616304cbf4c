import FoundationEssentials

/// A request about to be tried again: what failed, which attempt comes, and when.
public struct RetryNotice: Sendable, Equatable {
    public var host: String
    public var reason: String
    /// The attempt about to be made (from 2); 0 for pacing under the rate limit.
    public var attempt: Int
    public var maxAttempts: Int
    public var delay: Double

    public init(host: String, reason: String, attempt: Int, maxAttempts: Int, delay: Double) {
        self.host = host
        self.reason = reason
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.delay = delay
    }

    /// `zenodo.org: connection reset, retry 2/5 in 8 s`; pacing under the rate limit (attempt 0):
    /// `zenodo.org: 1 of 133 requests left in this window, waiting 41 s`.
    public var line: String { "\(host): \(reason), \(when)" }

    /// `retry 2/5 in 8 s`, or `waiting 41 s` for pacing.
    public var when: String {
        attempt == 0
            ? "waiting \(Int(delay.rounded(.up))) s" : "retry \(attempt)/\(maxAttempts) in \(Int(delay.rounded())) s"
    }

    /// The NDJSON event the subcommands print with `--json`: `{"event": "retrying", ...}`, the
    /// same event name uploads use; `"waiting"` for pacing under the rate limit.
    public var json: JSONValue {
        .object([
            "v": .int(EventSchema.version), "event": .string(attempt == 0 ? "waiting" : "retrying"),
            "host": .string(host), "reason": .string(reason),
            "attempt": .int(attempt), "max_attempts": .int(maxAttempts),
            "delay": .double((delay * 1000).rounded() / 1000),
        ])
    }
}
