import FoundationEssentials

/// How a batch transfers, in either direction: the one budget `upload`, `sync`, `download`, the
/// interface and the agent give it, built once by `Session` from flags, environment and profile.
public struct TransferBudget: Sendable {
    /// Files sent or fetched at once over the one shared client.
    public var parallel = 3
    /// A transfer's attempts (each from where the last left off).
    public var retry = RetryPolicy.uploads
    /// The other requests' attempts (a deposition, a record, a commit).
    public var requestRetry = RetryPolicy.standard
    /// `--timeout`: to connect and between bytes (`nil`: the defaults).
    public var timeout: Double?
    public var chunkSize = 1 << 20
    /// Compare the MD5 Zenodo answers with the one computed while sending. Off only for
    /// benchmarks against a plain PUT sink that answers no checksum.
    public var verifyServerChecksum = true
    /// Minimum seconds between progress events of one file (the last one is always sent).
    public var progressInterval = 0.1
    /// Requests kept in reserve: below this many left in the rate-limit window, wait for the reset.
    public var rateLimitReserve = 2
    /// Files larger than this go in parts where the server takes multipart transfers (the native
    /// API): a dropped connection then costs the unfinished parts only. `nil`: always whole.
    public var partSize: Int64? = 64 << 20
    /// How many parts of a multipart transfer go at once (`ZENODO_TUI_PARALLEL_PARTS`).
    public var parallelParts = 4

    public init() {}

    /// The budget in words, every field: what a test compares between front ends, and what the
    /// agent's log says a batch runs with.
    public var summary: String {
        func attempts(_ policy: RetryPolicy) -> String {
            "\(policy.maxAttempts) attempts (waits \(policy.baseDelay)...\(policy.maxDelay) s, \(policy.maxTotalWait) s in all"
                + (policy.retriesIntegrity ? ", a corrupted copy again" : "")
                + ", checksum patience ×\(policy.checksumPatienceScale))"
        }
        return "\(parallel) at once; transfers \(attempts(retry)); requests \(attempts(requestRetry)); "
            + "timeout \(timeout.map { "\($0) s" } ?? "default"); parts \(partSize.map(String.init) ?? "never") B, \(parallelParts) at once; "
            + (verifyServerChecksum ? "server checksums compared" : "server checksums not compared")
    }
}
