import Synchronization

/// Where each transfer batch of this interface runs (here, being handed to the agent, or in the
/// agent), under one lock: a stop that comes while the batch is being handed over is kept and
/// carried out once the agent has it, and the interface still follows the batch to its end (so
/// its files are seen to stop).
final class TransferBatches: Sendable {
    private struct Entry {
        var task: Task<Void, Never>
        var agentID: String?
        /// The batch's journal, once it has one (the agent names the batch by it too).
        var journalID: String?
        var handingOver = false
        var stopAsked = false
    }

    private let entries = Mutex<[Int: Entry]>([:])

    /// Runs `work` as the batch's task, registered before this returns (with the agent's id when
    /// the agent runs it already); the entry goes when it ends.
    func run(_ batch: Int, inAgent agentID: String? = nil, _ work: @escaping @Sendable () async -> Void) {
        entries.withLock { entries in
            let task = Task.detached {
                await work()
                _ = self.entries.withLock { $0.removeValue(forKey: batch) }
            }
            entries[batch] = Entry(task: task, agentID: agentID)
        }
    }

    /// The batch's hand-over to the agent begins, unless it was stopped already (false: its task
    /// is cancelled, and it ends here with its files stopped). A stop from now on waits for its
    /// agent id.
    func beginHandover(_ batch: Int) -> Bool {
        entries.withLock { entries in
            guard entries[batch]?.stopAsked == false else { return false }
            entries[batch]?.handingOver = true
            return true
        }
    }

    /// The agent took the batch as `id`; true when a stop was asked meanwhile (the caller stops
    /// it in the agent, then follows it as any other).
    func handedOver(_ batch: Int, id: String) -> Bool {
        entries.withLock { entries in
            entries[batch]?.agentID = id
            entries[batch]?.handingOver = false
            return entries[batch]?.stopAsked ?? false
        }
    }

    /// The hand-over failed and the batch runs here: a stop asked meanwhile cancels it now, so
    /// its files end as stopped.
    func runsHere(_ batch: Int) {
        entries.withLock { entries in
            entries[batch]?.handingOver = false
            if entries[batch]?.stopAsked == true { entries[batch]?.task.cancel() }
        }
    }

    /// A batch followed in the agent (re-attached after the interface restarted).
    /// Registered with its agent id at once: a stop that comes before `work` starts goes to the
    /// agent, and never cancels the follower.
    func follow(_ batch: Int, id: String, _ work: @escaping @Sendable () async -> Void) {
        run(batch, inAgent: id, work)
    }

    /// Stops the batches: returns the agent ids to stop there; those running here are cancelled,
    /// those being handed over are stopped once the agent has them.
    func stop(_ batches: [Int]) -> [String] {
        entries.withLock { entries in
            var inAgent: [String] = []
            for batch in batches {
                guard var entry = entries[batch] else { continue }
                entry.stopAsked = true
                if let id = entry.agentID {
                    inAgent.append(id)
                } else if !entry.handingOver {
                    entry.task.cancel()
                }
                entries[batch] = entry
            }
            return inAgent
        }
    }

    /// Quitting: every task this interface runs is cancelled and waited for (batches run here
    /// write their journals; followers of the agent's batches hang up, the batches go on there).
    func endHere() async {
        let tasks = entries.withLock { $0.values.map(\.task) }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// The batch's journal: from now on, a look at the journals and at the agent (the one at
    /// start, `findTransfers`) knows the batch is this interface's, not one to re-attach or resume.
    func own(_ batch: Int, journalID: String) {
        entries.withLock { $0[batch]?.journalID = journalID }
    }

    /// Whether a batch of this interface, not ended yet, has this journal (or agent id).
    func owns(_ id: String) -> Bool {
        entries.withLock { entries in entries.values.contains { $0.journalID == id || $0.agentID == id } }
    }

    /// Whether the batch is still registered (its task has not ended).
    func isRunning(_ batch: Int) -> Bool {
        entries.withLock { $0[batch] != nil }
    }
}
