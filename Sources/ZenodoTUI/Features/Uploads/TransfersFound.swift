import TransferAgent
import ZenodoKit

/// What the agent and the journals held when the interface started, found off the loop: `update`
/// numbers each batch and follows the running ones.
public struct TransfersFound: Sendable {
    /// Upload batches of this server the agent runs (followed) or that ended while nobody watched
    /// (their results shown until dismissed).
    public var uploads: [BatchSummary] = []
    /// Download batches of this server the agent runs.
    public var downloads: [DownloadJournal] = []
    /// Interrupted batches to offer (`R`).
    public var resumableUploads: [UploadJournal] = []
    public var resumableDownloads: [DownloadJournal] = []

    public init() {}
}

/// Every batch found gets its number here, as every batch started from a key does.
func transfersFound(_ state: inout AppState, _ found: TransfersFound) -> [Effect] {
    var effects: [Effect] = []
    // The look is made off the loop and may answer after a key started a batch: a batch this
    // interface already shows is not taken again (it would be followed twice, under two numbers).
    for summary in found.uploads where !state.uploads.contains(where: { $0.journalID == summary.id }) {
        let batch = state.mintBatch()
        let running = summary.status == .running
        effects += update(
            &state,
            .uploadAttached(
                batch: batch, depositionID: summary.depositionID, title: summary.title, journalID: summary.id,
                running: running))
        if running {
            effects.append(.followUpload(batch: batch, journalID: summary.id))
        } else {
            for event in summary.replay { effects += update(&state, .uploadEvent(batch: batch, event)) }
        }
    }
    for journal in found.downloads
    where !journal.pending.allSatisfy({ entry in
        state.isDownloading(recordID: journal.recordID ?? 0, key: entry.label)
    }) {
        let batch = state.mintBatch()
        downloadResumed(&state, batch: batch, journal: journal)
        effects.append(.followDownload(batch: batch, journalID: journal.id))
    }
    effects += update(&state, .resumableFound(found.resumableUploads))
    effects += update(&state, .resumableDownloadsFound(found.resumableDownloads))
    return effects
}
