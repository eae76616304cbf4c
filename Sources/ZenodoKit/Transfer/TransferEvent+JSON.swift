import FoundationEssentials

/// The one JSON dialect of transfer events (version `EventSchema.version`): `upload --json`,
/// `download --json`, `uploads attach|wait --json` and the agent's wire print these lines, and
/// `EventSchema` documents and checks them.
extension TransferEvent {
    /// One NDJSON line, as every command and the agent's wire print it.
    public var json: JSONValue {
        var object: [String: JSONValue]
        switch self {
        case .queued(let key, let size): object = ["event": "queued", "key": .string(key), "size": .int(Int(size))]
        case .started(let key, let attempt):
            object = ["event": "started", "key": .string(key), "attempt": .int(attempt)]
        case .progress(let key, let sent, let total, let rate):
            object = [
                "event": "progress", "key": .string(key), "bytes": .int(Int(sent)), "size": .int(Int(total)),
                "rate": .double(rate.rounded()),
                // Version 0's names for the same numbers (upload's), kept for one release.
                "sent": .int(Int(sent)), "total": .int(Int(total)),
            ]
        case .verifying(let key): object = ["event": "verifying", "key": .string(key)]
        case .retrying(let key, let attempt, let max, let delay, let reason):
            object = [
                "event": "retrying", "key": .string(key), "attempt": .int(attempt), "max_attempts": .int(max),
                "delay": .double(delay), "reason": .string(reason),
            ]
        case .verified(let key, let md5): object = ["event": "verified", "key": .string(key), "md5": .string(md5)]
        case .arrived(let key, let md5):
            object = ["event": "arrived", "key": .string(key), "md5": .string(md5), "verified": false]
        case .skipped(let key, let reason):
            object = ["event": "skipped", "key": .string(key), "reason": .string(reason)]
        case .failed(let key, let reason): object = ["event": "failed", "key": .string(key), "reason": .string(reason)]
        case .paced(let seconds): object = ["event": "paced", "seconds": .double(seconds)]
        case .batch(let p): return p.json("batch")
        case .finished(let p): return p.json("finished")
        }
        object["v"] = .int(EventSchema.version)
        return .object(object)
    }
}

extension BatchProgress {
    /// A `batch` (the numbers so far) or `finished` (the last numbers) event.
    public func json(_ event: String) -> JSONValue {
        [
            "v": .int(EventSchema.version), "event": .string(event), "total_bytes": .int(Int(totalBytes)),
            "done_bytes": .int(Int(doneBytes)),
            "rate": .double(rate.rounded()), "eta": eta.map { .double($0.rounded()) } ?? .null, "files": .int(files),
            "verified": .int(verified), "unverified": .int(unverified), "skipped": .int(skipped),
            "failed": .int(failed), "remaining": .int(remaining),
            "active": .int(active),
        ]
    }
}

/// The first line of a batch in either direction: what it is and how big.
public struct BatchAnnouncement: Sendable, Equatable {
    public enum Direction: String, Sendable { case upload, download }

    public var batch: String
    public var direction: Direction
    public var files: Int
    public var bytes: Int64
    public var resumed: Bool
    /// An upload's deposition.
    public var deposition: Int?
    /// A download's record reference and destination directory.
    public var reference: String?
    public var destination: String?

    public init(
        batch: String, direction: Direction, files: Int, bytes: Int64, resumed: Bool, deposition: Int? = nil,
        reference: String? = nil,
        destination: String? = nil
    ) {
        self.batch = batch
        self.direction = direction
        self.files = files
        self.bytes = bytes
        self.resumed = resumed
        self.deposition = deposition
        self.reference = reference
        self.destination = destination
    }

    /// `batch_started`.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "v": .int(EventSchema.version), "event": "batch_started", "batch": .string(batch),
            "direction": .string(direction.rawValue),
            "files": .int(files), "bytes": .int(Int(bytes)), "resumed": .bool(resumed),
        ]
        if let deposition { object["deposition"] = .int(deposition) }
        if let reference { object["reference"] = .string(reference) }
        if let destination { object["destination"] = .string(destination) }
        return .object(object)
    }

    /// Version 0's `download --json` batch line (`started` with the batch's id), printed after
    /// `batch_started` for one release so that scripts reading it go on working.
    public var legacyDownloadJSON: JSONValue {
        [
            "v": .int(EventSchema.version), "event": "started", "batch": .string(batch),
            "reference": .string(reference ?? ""),
            "destination": .string(destination ?? ""), "files": .int(files), "bytes": .int(Int(bytes)),
            "resumed": .bool(resumed),
            "deprecated": "batch_started",
        ]
    }
}
