import Foundation
import TransferAgent
import ZenodoKit

/// Uploads through the background agent: hand a batch over, follow its events, and, when the
/// interface starts, re-attach to what the agent runs and show what ended while nobody watched.
extension EffectRunner {
    func handOver(
        _ client: ZenodoClient, agent: AgentClient, deposition: Deposition, bucket: String, journal: UploadJournal, batch: Int
    ) throws {
        let handover = Handover(
            profile: client.profile, credentials: client.credentials, journals: journals, options: budget,
            environment: environment, title: deposition.title,
            batch: UploadBatch(depositionID: deposition.id, bucketURL: bucket, existing: deposition.files, journal: journal))
        let id = try agent.start(handover)
        inbox.send(
            .uploadStarted(
                batch: batch, depositionID: deposition.id, title: deposition.title, files: journal.entries.count,
                journalID: id, background: true))
        follow(agent: agent, id: id, batch: batch)
    }

    /// Passes the agent's events for the batch to the interface until it ends or we quit.
    func follow(agent: AgentClient, id: String, batch: Int) {
        agentBatches.withLock { $0[batch] = id }
        let inbox = self.inbox
        let journals = self.journals
        let task = Task.detached {
            do {
                for try await event in try agent.watch(id) { inbox.send(.uploadEvent(batch: batch, event)) }
            } catch {
                // The agent went away (killed): the journal makes the batch resumable.
                guard !Task.isCancelled else { return }
                inbox.send(.uploadLost(batch: batch, journal: try? journals.load(id), reason: "the transfer agent stopped"))
            }
        }
        tasks.withLock { $0[batch] = task }
    }

    /// The batches for this server the agent runs (followed live) or that ended unwatched (shown
    /// with their results until dismissed).
    func reattach(_ client: ZenodoClient) -> [Message] {
        guard let agent else { return [] }
        var messages: [Message] = []
        let server = client.profile.apiURL
        let running = Set(agent.list().filter { $0.status == .running }.map(\.id))
        for summary in BatchListing.all(journals: journals, agent: agent) where summary.server == server {
            let batch: Int
            switch summary.status {
            case .running where running.contains(summary.id):
                batch = nextBatchNumber()
                messages.append(
                    .uploadAttached(
                        batch: batch, depositionID: summary.depositionID, title: summary.title, journalID: summary.id,
                        running: true))
                follow(agent: agent, id: summary.id, batch: batch)
            case .finished, .failed:
                batch = nextBatchNumber()
                messages.append(
                    .uploadAttached(
                        batch: batch, depositionID: summary.depositionID, title: summary.title, journalID: summary.id,
                        running: false))
                messages += summary.replay.map { .uploadEvent(batch: batch, $0) }
            case .running, .interrupted:
                continue
            }
        }
        return messages
    }
}
