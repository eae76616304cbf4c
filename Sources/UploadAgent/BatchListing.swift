import Foundation
import ZenodoKit

/// Every batch the user has: the journals on disk, with the agent's live numbers for the ones it
/// runs. A journal whose lock some other process holds (a foreground `upload`) is running too.
public enum BatchListing {
    public static func all(journals: JournalStore, agent: AgentClient) -> [BatchSummary] {
        let stored = journals.all()
        let live = stored.isEmpty ? [:] : Dictionary(agent.list().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // The agent's word wins for its batches: its lock is released a moment after the batch
        // ends, and the lock alone would still say "running".
        return stored.map { journal in
            live[journal.id] ?? BatchSummary(journal: journal, running: JournalLock.isHeld(journal.id, in: journals))
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
