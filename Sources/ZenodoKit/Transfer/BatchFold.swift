/// An upload batch as its events fold into it: the numbers, the files under way with their latest
/// progress or retry, a log of what ended, and whether it finished. One fold for every front end:
/// the interface's queue and `zenodo-tui upload`'s progress block.
public struct BatchFold: Sendable, Equatable {
    public enum Phase: String, Sendable { case running, finished, cancelled }

    public struct ActiveFile: Sendable, Equatable {
        public var key: String
        public var sent: Int64 = 0
        public var total: Int64
        public var rate: Double = 0
        public var note: String?

        public init(key: String, sent: Int64 = 0, total: Int64, rate: Double = 0, note: String? = nil) {
            self.key = key
            self.sent = sent
            self.total = total
            self.rate = rate
            self.note = note
        }
    }

    public var phase = Phase.running
    public var progress = BatchProgress()
    /// Active files in start order, with their latest numbers.
    public var active: [ActiveFile] = []
    /// The last 200 things that happened (verified, skipped, failed, retried, paced).
    public var log: [String] = []

    public init() {}

    public var isRunning: Bool { phase == .running }

    /// Applies one event; `true` when the batch finished.
    public mutating func apply(_ event: TransferEvent) -> Bool {
        fold(&self, event)
    }
}

private func fold(_ upload: inout BatchFold, _ event: TransferEvent) -> Bool {
    func setActive(_ key: String, _ change: (inout BatchFold.ActiveFile) -> Void) {
        if let i = upload.active.firstIndex(where: { $0.key == key }) { change(&upload.active[i]) }
    }
    switch event {
    case .queued:
        break
    case .started(let key, _):
        if !upload.active.contains(where: { $0.key == key }) {
            upload.active.append(.init(key: key, total: 0))
        }
        setActive(key) {
            $0.note = nil
            $0.sent = 0
        }
    case .progress(let key, let sent, let total, let rate):
        setActive(key) {
            $0.sent = sent
            $0.total = total
            $0.rate = rate
            $0.note = nil
        }
    case .verifying(let key):
        setActive(key) { $0.note = "verifying checksum" }
    case .retrying(let key, let attempt, let max, let delay, let reason):
        setActive(key) {
            $0.sent = 0
            $0.note = "retry \(attempt)/\(max) in \(Int(delay.rounded())) s: \(reason)"
        }
        upload.log.append("retry \(key) \(attempt)/\(max): \(reason)")
    case .verified(let key, let md5):
        upload.active.removeAll { $0.key == key }
        upload.log.append("verified \(key) md5:\(md5)")
    case .arrived(let key, let md5):
        upload.active.removeAll { $0.key == key }
        upload.log.append("ARRIVED, NOT VERIFIED by the server \(key) md5:\(md5)")
    case .skipped(let key, let reason):
        upload.active.removeAll { $0.key == key }
        upload.log.append("skipped \(key): \(reason)")
    case .failed(let key, let reason):
        upload.active.removeAll { $0.key == key }
        upload.log.append("FAILED \(key): \(reason)")
    case .paced(let seconds):
        upload.log.append("waiting \(Int(seconds.rounded())) s for the rate limit")
    case .batch(let progress):
        upload.progress = progress
    case .finished(let progress):
        upload.progress = progress
        upload.active = []
        if upload.phase == .running { upload.phase = progress.remaining > 0 ? .cancelled : .finished }
        return true
    }
    if upload.log.count > 200 { upload.log.removeFirst(upload.log.count - 200) }
    return false
}
