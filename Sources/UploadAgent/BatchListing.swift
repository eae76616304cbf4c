import Foundation
import ZenodoKit

/// Every batch the user has: the journals on disk, with the agent's live numbers for the ones it
/// runs. A journal whose lock some other process holds (a foreground `upload`) is running too.
public enum BatchListing {
    public static func all(journals: JournalStore, agent: AgentClient) -> [BatchSummary] {
        let stored = journals.all()
        let live = stored.isEmpty ? [:] : Dictionary(agent.list().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return stored.map { journal in
            if let summary = live[journal.id], summary.status == .running { return summary }
            var summary = BatchSummary(journal: journal, running: JournalLock.isHeld(journal.id, in: journals))
            if let known = live[journal.id] { summary.progress = known.progress }
            return summary
        }
    }

    /// The batch whose id starts with `prefix` (ids are UUIDs; 8 characters are plenty).
    public static func find(_ prefix: String, in batches: [BatchSummary]) throws -> BatchSummary {
        let matches = batches.filter { $0.id.hasPrefix(prefix.lowercased()) }
        guard let first = matches.first else {
            throw ZenodoError(.notFound, "no upload \(prefix); `zenodo-tui uploads` lists them")
        }
        guard matches.count == 1 else {
            throw ZenodoError(.refused, "\(prefix) names \(matches.count) uploads; give more of the id")
        }
        return first
    }
}
