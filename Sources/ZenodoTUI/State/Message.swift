import TerminalKit
import ZenodoKit

/// Facts the loop learns: keys, sizes, and results of effects.
public enum Message: Sendable {
    case keyPressed(Key)
    case resized(Size)
    case ticked
    /// `SIGINT` (Ctrl-C), `SIGTERM` or `SIGHUP` (the SSH session dropped).
    case signalled(Int32)
    /// A page of the list load numbered `generation`; one of an older load is dropped.
    case depositionsLoaded([Deposition], first: Bool, done: Bool, generation: Int = 0)
    case depositionsFailed(String, generation: Int = 0)
    case depositionLoaded(Deposition)
    /// A published deposition's views and downloads (its public record's `stats`).
    case statsLoaded(depositionID: Int, RecordAbout.Stats)
    case depositionFailed(Int, String)
    case directoryListed(String, [PickerState.Entry])
    case directoryFailed(String, String)
    case completionsFound(prefix: String, [String])
    case preflightFailed([String])
    /// An interrupted upload could not be resumed: it stays offered.
    case resumeFailed(journalID: String, String)
    /// What a started batch's directories left out (junk, `.zenodoignore`): its log and the status line.
    case uploadLeftOut(batch: Int, String)
    /// What a batch would send, for the user to say yes to (packed directories, a quota increase).
    case uploadPlanned(UploadPlan)
    case uploadStarted(batch: Int, depositionID: Int, title: String, files: Int, journalID: String, background: Bool)
    /// A batch found when the interface starts: running in the transfer agent (its events follow),
    /// or ended while nobody watched (its result follows as events).
    case uploadAttached(batch: Int, depositionID: Int, title: String, journalID: String, running: Bool)
    /// The agent running a batch went away (killed): the batch stopped where its journal says.
    case uploadLost(batch: Int, journal: UploadJournal?, reason: String)
    /// Handing batches to the transfer agent failed; they run inside this process instead.
    case backgroundUnavailable(String)
    case uploadEvent(batch: Int, TransferEvent)
    /// What the agent and the journals held when the interface started (`restoreTransfers`):
    /// `update` numbers each batch, and follows the running ones (`followUpload`, `followDownload`).
    case transfersFound(TransfersFound)
    case resumableFound([UploadJournal])
    /// Download batches an earlier run left unfinished (`zenodo-tui download --resume` continues them).
    case resumableDownloadsFound([DownloadJournal])
    /// A journalled download batch runs again (resumed with `R`, or followed in the agent).
    case downloadResumed(batch: Int, journal: DownloadJournal)
    /// The agent running a download batch went away: its files end, its journal is offered again.
    case downloadBatchLost(batch: Int, journal: DownloadJournal?, reason: String)
    case depositionCreated(Deposition)
    /// The metadata was saved and read again; `sent` is what was saved, to tell what Zenodo changed.
    /// `keptFromOthers`: fields someone else changed meanwhile, merged in.
    case metadataSaved(Deposition, sent: DepositionMetadata, keptFromOthers: [String])
    case metadataImported(path: String, fields: [String: JSONValue])
    /// Fields the form changed were also changed on Zenodo since it was opened; nothing was saved.
    case saveConflict(current: Deposition, mine: DepositionMetadata, merge: MetadataMerge)
    case licensesLoaded([License])
    case licensesFailed(String)
    /// The deposition read again just before publishing, with the checklist run on it.
    case publishChecked(Deposition, PublishChecklist)
    case published(Deposition)
    case editOpened(Deposition)
    case discarded(Int)
    /// A draft made metadata-only, or given files again.
    case filesEnabledSet(Deposition)
    case draftDeleted(Int)
    /// A draft's review as last read: the request, its community, its timeline (oldest first).
    case reviewLoaded(Int, ReviewRequest?, community: Community? = nil, events: [RequestEvent] = [])
    /// The user's community submissions, newest per record: the list's review badges.
    case reviewsFound([Int: ReviewRequest])
    case reviewCommented(Int)
    case reviewCancelled(Int)
    case communitiesFound(query: String, [Community])
    /// A published record's inclusion: in the community, waiting for its curators, or refused.
    case includedInCommunity(Int, slug: String, ZenodoClient.InclusionOutcome)
    case submittedToCommunity(Int, slug: String, ZenodoClient.SubmissionOutcome)
    case archiveListed(recordID: Int, key: String, ZipListing)
    case archiveFailed(recordID: Int, key: String, String)
    /// Members fetched (verified) and those that were not, with why.
    case membersFetched(recordID: Int, key: String, fetched: [FetchedMember], failed: [String])
    /// A published record's files unlocked in its edit draft.
    case filesUnlocked(Deposition)
    /// A published record deleted (or its deletion submitted for the server's staff).
    case recordDeleted(Int, ZenodoClient.DeletionOutcome)
    case fileDeleted(depositionID: Int, name: String)
    case newVersionReady(Deposition, previousVersion: String?)
    case newVersionPrepared(Deposition, dropped: Int)
    case versionsLoaded(concept: String, [Deposition])
    case actionFailed(ActionFailure)
    case legacyLossChecked(Int, [String])
    /// A request is being tried again (`host: reason, retry 2/5 in 8 s`): no retry is silent.
    case retrying(RetryNotice)
    /// No request waits to be tried again any more (it was, or it gave up).
    case retryWaitEnded
    /// The answer to the records search of `generation` (dropped when the query changed since).
    case recordsFound(generation: Int, RecordPage, page: Int = 1)
    case recordsFailed(generation: Int, String)
    /// A record read in full for the record view.
    case recordLoaded(Record)
    case recordFailed(Int, String)
    /// The version chain of the record open (newest first), or why it could not be read.
    case recordVersionsLoaded(recordID: Int, [Record])
    case recordVersionsFailed(recordID: Int, String)
    case destinationChecked(recordID: Int, path: String, exists: Bool, problem: String?, free: Int64? = nil)
    /// A download ended: verified with its MD5, or failed (the partial file stays for a resume).
    case downloadEvent(batch: Int, TransferEvent)
    /// Lookups' answers (`Features/Lookup`).
    case lookup(LookupMessage)
    /// Copying's answers (`Features/Copy`).
    case copy(CopyMessage)
    /// Sharing's answers (`Features/Sharing`).
    case sharing(SharingMessage)
}
