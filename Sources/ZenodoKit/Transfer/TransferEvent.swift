import FoundationEssentials

/// What a transfer batch (either direction) reports, in order, for a progress display, the agent's
/// wire or `--json` (NDJSON; `TransferEvent+JSON.swift`, `docs/events.md`).
public enum TransferEvent: Sendable, Equatable {
    case queued(key: String, size: Int64)
    case started(key: String, attempt: Int)
    /// Bytes handed to the transport so far; `rate` in bytes per second, smoothed.
    case progress(key: String, sent: Int64, total: Int64, rate: Double)
    /// Everything sent; Zenodo is hashing and storing (it answers after the last byte).
    case verifying(key: String)
    case retrying(key: String, attempt: Int, maxAttempts: Int, delay: Double, reason: String)
    case verified(key: String, md5: String)
    /// Sent and committed, but the server gave no checksum to compare within the wait (an
    /// InvenioRDM that hashes multipart files later): `md5` is the local one. Never "verified".
    case arrived(key: String, md5: String)
    case skipped(key: String, reason: String)
    case failed(key: String, reason: String)
    /// Waiting for the rate-limit window to reset before sending more.
    case paced(seconds: Double)
    case batch(BatchProgress)
    case finished(BatchProgress)
}

/// The batch as a whole: bytes, rate (moving average), ETA and file counts.
public struct BatchProgress: Sendable, Equatable {
    public var totalBytes: Int64 = 0
    public var doneBytes: Int64 = 0
    public var rate: Double = 0
    /// Seconds left at the current rate; `nil` until there is a rate.
    public var eta: Double?
    public var files = 0
    public var verified = 0
    /// Arrived but not verified by the server (`TransferEvent.arrived`).
    public var unverified = 0
    public var skipped = 0
    public var failed = 0
    public var active = 0

    public init() {}

    public var remaining: Int { files - verified - unverified - skipped - failed }
    public var fraction: Double { totalBytes > 0 ? Double(doneBytes) / Double(totalBytes) : 1 }
    public var succeeded: Bool { failed == 0 && remaining == 0 }

    /// Another batch's numbers added to these (a run of several batches); the rate and ETA are
    /// the last batch's, as only one runs at a time.
    public mutating func add(_ other: BatchProgress) {
        totalBytes += other.totalBytes
        doneBytes += other.doneBytes
        files += other.files
        verified += other.verified
        unverified += other.unverified
        skipped += other.skipped
        failed += other.failed
        active = other.active
        rate = other.rate
        eta = other.eta
    }
}
