import FoundationEssentials

extension TransferEvent {
    /// Reads back what `json` wrote, so that a process watching another's batch (the transfer agent's
    /// watchers) folds exactly the events the engine emitted. `nil` for an unknown event.
    public init?(json: JSONValue) {
        func text(_ key: String) -> String? { json[key]?.string }
        func number(_ key: String) -> Double? { json[key]?.number }
        func integer(_ key: String) -> Int? { json[key]?.int }
        guard let event = text("event") else { return nil }
        switch event {
        case "queued":
            guard let key = text("key"), let size = integer("size") else { return nil }
            self = .queued(key: key, size: Int64(size))
        case "started":
            guard let key = text("key"), let attempt = integer("attempt") else { return nil }
            self = .started(key: key, attempt: attempt)
        case "progress":
            guard let key = text("key"), let sent = integer("bytes") ?? integer("sent"),
                let total = integer("size") ?? integer("total")
            else { return nil }
            self = .progress(key: key, sent: Int64(sent), total: Int64(total), rate: number("rate") ?? 0)
        case "verifying":
            guard let key = text("key") else { return nil }
            self = .verifying(key: key)
        case "retrying":
            guard let key = text("key"), let attempt = integer("attempt"), let max = integer("max_attempts") else {
                return nil
            }
            self = .retrying(
                key: key, attempt: attempt, maxAttempts: max, delay: number("delay") ?? 0, reason: text("reason") ?? "")
        case "verified":
            guard let key = text("key"), let md5 = text("md5") else { return nil }
            self = .verified(key: key, md5: md5)
        case "arrived":
            guard let key = text("key"), let md5 = text("md5") else { return nil }
            self = .arrived(key: key, md5: md5)
        case "skipped":
            guard let key = text("key") else { return nil }
            self = .skipped(key: key, reason: text("reason") ?? "")
        case "failed":
            guard let key = text("key") else { return nil }
            self = .failed(key: key, reason: text("reason") ?? "")
        case "paced":
            self = .paced(seconds: number("seconds") ?? 0)
        case "batch":
            self = .batch(BatchProgress(json: json))
        case "finished":
            self = .finished(BatchProgress(json: json))
        default:
            return nil
        }
    }
}

extension BatchProgress {
    /// The numbers of a `batch` or `finished` event.
    public init(json: JSONValue) {
        self.init()
        totalBytes = Int64(json["total_bytes"]?.int ?? 0)
        doneBytes = Int64(json["done_bytes"]?.int ?? 0)
        rate = json["rate"]?.number ?? 0
        eta = json["eta"]?.number
        files = json["files"]?.int ?? 0
        verified = json["verified"]?.int ?? 0
        unverified = json["unverified"]?.int ?? 0
        skipped = json["skipped"]?.int ?? 0
        failed = json["failed"]?.int ?? 0
        active = json["active"]?.int ?? 0
    }
}
