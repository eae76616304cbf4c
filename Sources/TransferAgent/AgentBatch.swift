import FoundationEssentials
import Synchronization
import ZenodoKit

/// One batch the agent runs: the engine's task, what a new watcher needs to catch up (every event
/// but the superseded progress numbers), and the watchers to tell.
final class AgentBatch: Sendable {
    let kind: BatchSummary.Kind
    let id: String
    let depositionID: Int
    let title: String
    let server: String
    let created: Date

    fileprivate struct State {
        /// Its events folded, as every front end folds them: the numbers, every file, those under way.
        var fold: BatchFold
        var history: [TransferEvent] = []
        var lastProgress: [String: TransferEvent] = [:]
        /// Whether a `batch` event has come (a catching-up watcher is given the latest numbers).
        var counted = false
        var watchers: [ObjectIdentifier: Outbox] = [:]
        var task: Task<Void, Never>?
    }

    private let state: Mutex<State>
    /// How many events a catching-up watcher is given at most (oldest dropped first).
    static let historyLimit = 4000

    /// A download batch: its unverified files, under the record's id and title.
    init(download journal: DownloadJournal) {
        kind = .download
        id = journal.id
        depositionID = journal.recordID ?? 0
        title = journal.title ?? journal.reference
        server = journal.server
        created = journal.created
        state = Mutex(State(fold: BatchFold(files: journal.pending.map { .init(key: $0.label, size: $0.size) })))
    }

    init(handover: Handover) {
        let journal = handover.batch.journal
        kind = .upload
        id = journal.id
        depositionID = journal.depositionID
        title = handover.title
        server = journal.server
        created = journal.created
        state = Mutex(State(fold: BatchFold(files: journal.entries.map(BatchFold.File.init))))
    }

    var isRunning: Bool { state.withLock { $0.fold.isRunning } }
    var watcherCount: Int { state.withLock { $0.watchers.count } }

    func attach(task: Task<Void, Never>) { state.withLock { $0.task = task } }

    func cancel() -> Task<Void, Never>? {
        state.withLock { s in
            s.task?.cancel()
            return s.task
        }
    }

    var summary: BatchSummary {
        state.withLock { s in
            var summary = BatchSummary(
                id: id, depositionID: depositionID, title: title, server: server, status: s.status,
                progress: s.fold.progress, files: s.fold.files.map(BatchSummary.File.init), created: created)
            summary.kind = kind
            return summary
        }
    }

    /// An event from the engine: kept for late watchers and passed to the present ones.
    func record(_ event: TransferEvent) {
        let line = AgentProtocol.event(id, event)
        let watchers: [Outbox] = state.withLock { s in
            switch event {
            case .progress(let key, _, _, _):
                s.lastProgress[key] = event
            case .batch:
                s.counted = true
            default:
                s.history.append(event)
                if s.history.count > Self.historyLimit { s.history.removeFirst(s.history.count - Self.historyLimit) }
            }
            switch event {
            case .started(let key, _), .verified(let key, _), .arrived(let key, _), .skipped(let key, _),
                .failed(let key, _):
                s.lastProgress[key] = nil
            default:
                break
            }
            _ = s.fold.apply(event)
            return Array(s.watchers.values)
        }
        let replaceable: Bool
        switch event {
        case .progress, .batch: replaceable = true
        default: replaceable = false
        }
        for watcher in watchers { watcher.push(line, replaceable: replaceable) }
        if case .finished = event {
            let ended = state.withLock { s -> [Outbox] in
                defer { s.watchers = [:] }
                return Array(s.watchers.values)
            }
            for watcher in ended {
                watcher.push(AgentProtocol.answer("end", ["batch": .string(id)]))
                watcher.finish()
            }
        }
    }

    /// Catches the watcher up (the same events, so it renders what it would have seen), then
    /// keeps it informed until the batch ends.
    func watch(_ outbox: Outbox) {
        let ended = state.withLock { s -> Bool in
            for event in s.history { outbox.push(AgentProtocol.event(id, event)) }
            for file in s.fold.active {
                if let progress = s.lastProgress[file.key] { outbox.push(AgentProtocol.event(id, progress)) }
            }
            if s.counted, s.fold.isRunning { outbox.push(AgentProtocol.event(id, .batch(s.fold.progress))) }
            if !s.fold.isRunning { return true }
            s.watchers[ObjectIdentifier(outbox)] = outbox
            return false
        }
        if ended {
            outbox.push(AgentProtocol.answer("end", ["batch": .string(id)]))
            outbox.finish()
        }
    }

    func unwatch(_ outbox: Outbox) {
        _ = state.withLock { $0.watchers.removeValue(forKey: ObjectIdentifier(outbox)) }
    }
}

extension AgentBatch.State {
    /// Where the batch stands, as the listing says it: running until its `finished`, then by its
    /// numbers.
    fileprivate var status: UploadJournal.Status {
        if fold.isRunning { return .running }
        let progress = fold.progress
        return progress.succeeded ? .finished : (progress.remaining > 0 ? .interrupted : .failed)
    }
}

extension BatchFold.File {
    /// A journal's entry as the fold starts from it (one caught part-way is pending again).
    init(_ entry: UploadJournal.Entry) {
        let state: State
        switch entry.state {
        case .pending, .uploading: state = .pending
        case .verified: state = .verified
        case .failed: state = .failed
        case .arrived: state = .arrived
        }
        self.init(key: entry.file.key, size: entry.file.size, state: state, md5: entry.md5, error: entry.error)
    }
}

extension BatchSummary.File {
    /// A file of the fold in the listing's words (`uploading`: under way, either direction).
    init(_ file: BatchFold.File) {
        let state: UploadJournal.FileState
        switch file.state {
        case .pending: state = .pending
        case .running: state = .uploading
        case .verified, .skipped: state = .verified
        case .failed: state = .failed
        case .arrived: state = .arrived
        }
        self.init(key: file.key, size: file.size, state: state, md5: file.md5, error: file.error)
    }
}
