import FoundationEssentials
import ZenodoKit

/// Every batch the user has, both directions: the journals on disk, with the agent's live numbers
/// for the ones it runs. An upload journal whose lock some other process holds (a foreground
/// `upload`) is running too; a foreground `download` holds no lock, and shows as interrupted.
public enum BatchListing {
    /// Upload batches only (the interface's look at start, by its own journal store).
    public static func all(journals: JournalStore, agent: AgentClient) -> [BatchSummary] {
        listed(journals.all(), uploads: journals, agent: agent)
    }

    /// Both directions (`zenodo-tui transfers`).
    public static func all(_ stores: TransferJournals, agent: AgentClient) -> [BatchSummary] {
        listed(stores.all(), uploads: stores.uploads, agent: agent)
    }

    private static func listed(_ stored: [any TransferJournal], uploads: JournalStore, agent: AgentClient)
        -> [BatchSummary]
    {
        let live = stored.isEmpty ? [:] : Dictionary(agent.list().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // The agent's word wins for its batches: its lock is released a moment after the batch
        // ends, and the lock alone would still say "running".
        return stored.compactMap { journal in
            if let running = live[journal.id] { return running }
            switch journal {
            case let upload as UploadJournal:
                return BatchSummary(journal: upload, running: JournalLock.isHeld(upload.id, in: uploads))
            case let download as DownloadJournal:
                return BatchSummary(download: download, running: false)
            default:
                return nil
            }
        }
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
