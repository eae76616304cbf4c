/// A transfer batch, either direction, as its events fold into it: the numbers, every file with
/// where it stands, the files under way with their latest progress or retry, a log of what ended,
/// and whether it finished. The one fold of every front end: `upload`'s and `download`'s progress
/// block, the interface's queue and record view, and the agent's listing and catching-up.
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

    /// Where one file of the batch stands.
    public struct File: Sendable, Equatable {
        public enum State: String, Sendable {
            case pending, running, verified, skipped, failed
            /// Committed, but the server confirmed no checksum (`TransferEvent.arrived`).
            case arrived
        }
        public var key: String
        public var size: Int64
        public var state: State
        public var md5: String?
        public var error: String?

        public init(key: String, size: Int64, state: State = .pending, md5: String? = nil, error: String? = nil) {
            self.key = key
            self.size = size
            self.state = state
            self.md5 = md5
            self.error = error
        }

        public var isRunning: Bool { state == .running }
        /// Ended with its content confirmed (verified, or already there).
        public var isDone: Bool { state == .verified || state == .skipped }
    }

    public var phase = Phase.running
    public var progress = BatchProgress()
    /// Every file, in the order they were queued (or given).
    public private(set) var files: [File] = []
    private var position: [String: Int] = [:]
    /// Active files in start order, with their latest numbers.
    public var active: [ActiveFile] = []
    /// The last 200 things that happened (verified, skipped, failed, retried, paced).
    public var log: [String] = []

    public init() {}

    /// A batch whose files are known before its events (a journal's, a record's).
    public init(files: [File]) {
        for file in files { add(file) }
    }

    public var isRunning: Bool { phase == .running }

    public func file(_ key: String) -> File? { position[key].map { files[$0] } }

    /// Adds a file not there yet; a known one keeps its place and takes the new size.
    mutating func add(_ file: File) {
        if let at = position[file.key] {
            files[at].size = file.size
        } else {
            position[file.key] = files.count
            files.append(file)
        }
    }

    mutating func setFile(_ key: String, _ change: (inout File) -> Void) {
        if let at = position[key] { change(&files[at]) }
    }

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
    case .queued(let key, let size):
        // Counted until the runner's first numbers come (they replace these).
        if upload.file(key) == nil {
            upload.progress.files += 1
            upload.progress.totalBytes += size
        }
        upload.add(.init(key: key, size: size))
        upload.setFile(key) {
            $0.state = .pending
            $0.error = nil
        }
    case .started(let key, _):
        upload.setFile(key) { $0.state = .running }
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
        upload.setFile(key) { $0 = .init(key: key, size: $0.size, state: .verified, md5: md5) }
        upload.active.removeAll { $0.key == key }
        upload.log.append("verified \(key) md5:\(md5)")
    case .arrived(let key, let md5):
        upload.setFile(key) { $0 = .init(key: key, size: $0.size, state: .arrived, md5: md5) }
        upload.active.removeAll { $0.key == key }
        upload.log.append("ARRIVED, NOT VERIFIED by the server \(key) md5:\(md5)")
    case .skipped(let key, let reason):
        upload.setFile(key) {
            $0.state = .skipped
            $0.error = nil
        }
        upload.active.removeAll { $0.key == key }
        upload.log.append("skipped \(key): \(reason)")
    case .failed(let key, let reason):
        upload.add(.init(key: key, size: 0))
        upload.setFile(key) {
            $0.state = .failed
            $0.error = reason
        }
        upload.active.removeAll { $0.key == key }
        upload.log.append("FAILED \(key): \(reason)")
    case .paced(let seconds):
        upload.log.append("waiting \(Int(seconds.rounded())) s for the rate limit")
    case .batch(let progress):
        upload.progress = progress
    case .finished(let progress):
        upload.progress = progress
        upload.active = []
        for file in upload.files where file.state == .running { upload.setFile(file.key) { $0.state = .pending } }
        if upload.phase == .running { upload.phase = progress.remaining > 0 ? .cancelled : .finished }
        return true
    }
    if upload.log.count > 200 { upload.log.removeFirst(upload.log.count - 200) }
    return false
}
