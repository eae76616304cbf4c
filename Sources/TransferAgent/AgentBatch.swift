import Foundation
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
        var status = UploadJournal.Status.running
        var entries: [BatchSummary.File]
        var history: [TransferEvent] = []
        var lastProgress: [String: TransferEvent] = [:]
        var active: [String] = []
        var lastBatch: BatchProgress?
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
        let entries = journal.pending.map { BatchSummary.File(key: $0.label, size: $0.size) }
        state = Mutex(State(entries: entries))
    }

    init(handover: Handover) {
        let journal = handover.batch.journal
        kind = .upload
        id = journal.id
        depositionID = journal.depositionID
        title = handover.title
        server = journal.server
        created = journal.created
        state = Mutex(State(entries: journal.entries.map(BatchSummary.File.init)))
    }

    var isRunning: Bool { state.withLock { $0.status == .running } }
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
                progress: s.lastBatch ?? BatchProgress(), files: s.entries, created: created)
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
            case .batch(let progress):
                s.lastBatch = progress
            default:
                s.history.append(event)
                if s.history.count > Self.historyLimit { s.history.removeFirst(s.history.count - Self.historyLimit) }
            }
            switch event {
            case .started(let key, _):
                if !s.active.contains(key) { s.active.append(key) }
                s.lastProgress[key] = nil
                s.setEntry(key) { $0.state = .uploading }
            case .verified(let key, let md5):
                s.finish(key)
                s.setEntry(key) {
                    $0.state = .verified
                    $0.md5 = md5
                    $0.error = nil
                }
            case .arrived(let key, let md5):
                s.finish(key)
                s.setEntry(key) {
                    $0.state = .arrived
                    $0.md5 = md5
                    $0.error = nil
                }
            case .skipped(let key, _):
                s.finish(key)
                s.setEntry(key) { $0.state = .verified }
            case .failed(let key, let reason):
                s.finish(key)
                s.setEntry(key) {
                    $0.state = .failed
                    $0.error = reason
                }
            case .finished(let progress):
                s.lastBatch = progress
                s.active = []
                for index in s.entries.indices where s.entries[index].state == .uploading {
                    s.entries[index].state = .pending
                }
                s.status = progress.succeeded ? .finished : (progress.remaining > 0 ? .interrupted : .failed)
            default:
                break
            }
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
            for key in s.active {
                if let progress = s.lastProgress[key] { outbox.push(AgentProtocol.event(id, progress)) }
            }
            if let batch = s.lastBatch, s.status == .running { outbox.push(AgentProtocol.event(id, .batch(batch))) }
            if s.status != .running { return true }
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
    fileprivate mutating func finish(_ key: String) {
        active.removeAll { $0 == key }
        lastProgress[key] = nil
    }

    fileprivate mutating func setEntry(_ key: String, _ change: (inout BatchSummary.File) -> Void) {
        if let index = entries.firstIndex(where: { $0.key == key }) { change(&entries[index]) }
    }
}
