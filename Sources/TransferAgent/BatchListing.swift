import Foundation
import ZenodoKit

/// Every batch the user has, both directions: the journals on disk, with the agent's live numbers
/// for the ones it runs. An upload journal whose lock some other process holds (a foreground
/// `upload`) is running too; a foreground `download` holds no lock, and shows as interrupted.
public enum BatchListing {
    public static func all(journals: JournalStore, downloads: DownloadJournalStore? = nil, agent: AgentClient)
        -> [BatchSummary]
    {
        let stored = journals.all()
        let fetched = downloads?.all() ?? []
        let live =
            stored.isEmpty && fetched.isEmpty
            ? [:] : Dictionary(agent.list().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // The agent's word wins for its batches: its lock is released a moment after the batch
        // ends, and the lock alone would still say "running".
        let uploads = stored.map { journal in
            live[journal.id] ?? BatchSummary(journal: journal, running: JournalLock.isHeld(journal.id, in: journals))
        }
        let downloadBatches = fetched.map { journal in
            live[journal.id] ?? BatchSummary(download: journal, running: false)
        }
        return (uploads + downloadBatches).sorted { $0.created > $1.created }
    }

    /// The batch whose id starts with `prefix` (ids are UUIDs; 8 characters are plenty).
    public static func find(_ prefix: String, in batches: [BatchSummary]) throws -> BatchSummary {
        let matches = batches.filter { $0.id.hasPrefix(prefix.lowercased()) }
        guard let first = matches.first else {
            throw ZenodoError(.notFound, "no transfer \(prefix); `zenodo-tui transfers` lists them")
        }
        guard matches.count == 1 else {
            throw ZenodoError(.refused, "\(prefix) names \(matches.count) transfers; give more of the id")
        }
        return first
    }
}
