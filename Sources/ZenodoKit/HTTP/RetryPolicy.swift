import EssentialsExtras
import FoundationEssentials
import Glibc

/// When and how long to wait before trying an idempotent request again: 429 (honouring
/// `Retry-After`), 502/503/504 and transport failures, with exponential backoff and full jitter,
/// bounded in attempts and in total waiting.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// Waiting beyond this many seconds in total gives up.
    public var maxTotalWait: Double
    /// Returns a value in 0..<1; injectable so tests are deterministic.
    public var jitter: @Sendable () -> Double
    /// Also retry checksum mismatches (uploads: the next attempt sends the bytes again).
    public var retriesIntegrity = false
    /// Scales how long a commit waits for the server's checksum (`ServerChecksum.patience`).
    public var checksumPatienceScale: Double = 1

    public init(
        maxAttempts: Int = 5, baseDelay: Double = 1, maxDelay: Double = 60, maxTotalWait: Double = 300,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxTotalWait = maxTotalWait
        self.jitter = jitter
    }

    public static let standard = RetryPolicy()

    /// For file transfers: more patience, and checksum mismatches count as transient.
    public static var uploads: RetryPolicy {
        var policy = RetryPolicy(maxAttempts: 6, baseDelay: 2, maxDelay: 120, maxTotalWait: 30 * 60)
        policy.retriesIntegrity = true
        return policy
    }
    public static let never = RetryPolicy(maxAttempts: 1)

    /// Whether an error is worth another attempt of an idempotent request.
    public static func isRetryable(_ error: ZenodoError) -> Bool {
        switch error.kind {
        case .rateLimited: return true
        case .network: return !error.permanent
        case .server: return [502, 503, 504].contains(error.status ?? 0) || error.status == nil
        default: return false
        }
    }

    /// The wait before attempt `attempt + 1` (attempts count from 1), or `nil` to give up.
    /// `waited` is the total already waited.
    public func delay(after error: ZenodoError, attempt: Int, waited: Double) -> Double? {
        let retryable = Self.isRetryable(error) || (retriesIntegrity && error.kind == .integrity && !error.permanent)
        guard attempt < maxAttempts, retryable else { return nil }
        let backoff = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        // Half fixed, half jittered: spreads parallel clients without ever retrying at once.
        var wait = backoff / 2 + backoff / 2 * jitter()
        if let retryAfter = error.retryAfter { wait = max(retryAfter, 0) }
        guard waited + wait <= maxTotalWait else { return nil }
        return wait
    }

    /// The wait an answer asks for. Zenodo sends `retry-after` on every answer (the seconds until its
    /// rate-limit window frees a request: samples 05, 23), so only a 429's is a request to wait;
    /// honouring it on a 500 or 503 would stall a retry for up to a minute.
    public static func retryAfter(status: Int, header: String?, now: Date = Date()) -> Double? {
        status == 429 ? parseRetryAfter(header, now: now) : nil
    }

    /// `Retry-After` as seconds from now: either a number of seconds or an HTTP date.
    public static func parseRetryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimming(.whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        return HTTPDate.parse(value).map { max(0, $0.timeIntervalSince(now)) }
    }
}
