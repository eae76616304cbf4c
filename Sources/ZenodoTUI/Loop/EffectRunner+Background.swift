import Foundation
import TransferAgent
import ZenodoKit

/// Uploads through the background agent: hand a batch over, follow its events, and, when the
/// interface starts, re-attach to what the agent runs and show what ended while nobody watched.
extension EffectRunner {
    /// Hands the batch to the agent on a thread of its own (starting the agent may take seconds),
    /// registered so that quitting waits for it; returns the agent's id for it.
    func handOver(_ client: ZenodoClient, agent: AgentClient, title: String, batch: UploadBatch, number: Int)
        async throws -> String
    {
        let handover = Handover(
            profile: client.profile, credentials: client.credentials, journals: journals, options: budget,
            environment: environment, title: title, batch: batch)
        let handing = Task.detached { try await Self.onOwnThread { try agent.start(handover) } }
        handovers.withLock { $0[number] = handing }
        defer { _ = handovers.withLock { $0.removeValue(forKey: number) } }
        return try await handing.value
    }

    /// Follows a batch the agent runs (found when the interface started) under its number.
    func follow(agent: AgentClient, id: String, batch: Int) {
        uploads.follow(batch, id: id) { await self.watchUpload(agent: agent, id: id, batch: batch) }
    }

    /// Passes the agent's events for the batch to the interface until it ends or we quit.
    func watchUpload(agent: AgentClient, id: String, batch: Int) async {
        let inbox = self.inbox
        do {
            for try await event in try agent.watch(id) { inbox.send(.uploadEvent(batch: batch, event)) }
        } catch {
            // The agent went away (killed): the journal makes the batch resumable.
            guard !Task.isCancelled else { return }
            inbox.send(.uploadLost(batch: batch, journal: try? journals.load(id), reason: "the transfer agent stopped"))
        }
    }
}
