import Foundation

/// What an upload batch reports, in order, for a progress display or `--json` (NDJSON).
public enum UploadEvent: Sendable, Equatable {
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
    /// Arrived but not verified by the server (`UploadEvent.arrived`).
    public var unverified = 0
    public var skipped = 0
    public var failed = 0
    public var active = 0

    public init() {}

    public var remaining: Int { files - verified - unverified - skipped - failed }
    public var fraction: Double { totalBytes > 0 ? Double(doneBytes) / Double(totalBytes) : 1 }
    public var succeeded: Bool { failed == 0 && remaining == 0 }
}

extension UploadEvent {
    /// One line of `upload --json`.
    public var json: JSONValue {
        switch self {
        case .queued(let key, let size): return ["event": "queued", "key": .string(key), "size": .int(Int(size))]
        case .started(let key, let attempt): return ["event": "started", "key": .string(key), "attempt": .int(attempt)]
        case .progress(let key, let sent, let total, let rate):
            return ["event": "progress", "key": .string(key), "sent": .int(Int(sent)), "total": .int(Int(total)), "rate": .double(rate.rounded())]
        case .verifying(let key): return ["event": "verifying", "key": .string(key)]
        case .retrying(let key, let attempt, let max, let delay, let reason):
            return [
                "event": "retrying", "key": .string(key), "attempt": .int(attempt), "max_attempts": .int(max),
                "delay": .double(delay), "reason": .string(reason),
            ]
        case .verified(let key, let md5): return ["event": "verified", "key": .string(key), "md5": .string(md5)]
        case .arrived(let key, let md5):
            return ["event": "arrived", "key": .string(key), "md5": .string(md5), "verified": false]
        case .skipped(let key, let reason): return ["event": "skipped", "key": .string(key), "reason": .string(reason)]
        case .failed(let key, let reason): return ["event": "failed", "key": .string(key), "reason": .string(reason)]
        case .paced(let seconds): return ["event": "paced", "seconds": .double(seconds)]
        case .batch(let p): return p.json("batch")
        case .finished(let p): return p.json("finished")
        }
    }
}

extension BatchProgress {
    public func json(_ event: String) -> JSONValue {
        [
            "event": .string(event), "total_bytes": .int(Int(totalBytes)), "done_bytes": .int(Int(doneBytes)),
            "rate": .double(rate.rounded()), "eta": eta.map { .double($0.rounded()) } ?? .null, "files": .int(files),
            "verified": .int(verified), "unverified": .int(unverified), "skipped": .int(skipped), "failed": .int(failed), "remaining": .int(remaining),
            "active": .int(active),
        ]
    }
}
