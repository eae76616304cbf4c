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
    case depositionFailed(Int, String)
    case directoryListed(String, [PickerState.Entry])
    case directoryFailed(String, String)
    case completionsFound(prefix: String, [String])
    case preflightFailed([String])
    /// An interrupted upload could not be resumed: it stays offered.
    case resumeFailed(journalID: String, String)
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
}

/// An action that did not happen, said for the screen: Zenodo's field errors are kept by legacy
/// path so the form can show them next to their fields.
public struct ActionFailure: Sendable, Equatable {
    public enum Action: String, Sendable {
        case create, save
        case importFile = "import"
        case publish, edit, discard
        case metadataOnly = "metadata-only"
        case deleteDraft = "delete draft"
        case deleteFile = "delete file"
        case newVersion = "new version"
    }
    public var action: Action
    public var depositionID: Int?
    public var message: String
    public var fieldErrors: [String: [String]]
    /// Zenodo answered (the field errors are its own); `false` when the client refused to send.
    public var fromServer: Bool

    public init(
        _ action: Action, depositionID: Int?, message: String, fieldErrors: [String: [String]] = [:],
        fromServer: Bool = true
    ) {
        self.action = action
        self.depositionID = depositionID
        self.message = message
        self.fieldErrors = fieldErrors
        self.fromServer = fromServer
    }

    /// From any error: a `ZenodoError`'s field errors are kept; other errors become their text.
    public init(_ action: Action, depositionID: Int?, error: any Error) {
        if let error = error as? ZenodoError {
            var fields: [String: [String]] = [:]
            for field in error.fieldErrors { fields[field.field, default: []] += field.messages }
            self.init(
                action, depositionID: depositionID, message: error.message, fieldErrors: fields,
                fromServer: error.status != nil)
        } else {
            self.init(action, depositionID: depositionID, message: String(describing: error))
        }
    }
}

/// What `update` asks the effect runner to do; none of it happens inside `update`.
public enum Effect: Sendable, Equatable {
    /// Loads the list again, page by page, tagged with `generation` (a newer load stops it).
    case loadDepositions(generation: Int)
    case loadDeposition(Int)
    case listDirectory(String)
    /// Makes one new directory (not its parents), then lists it.
    case makeDirectory(String)
    case completePath(String)
    /// Pre-flight the chosen paths against the deposition, then start uploading them.
    case upload(batch: Int, depositionID: Int, paths: [String])
    case resumeUpload(journalID: String, batch: Int)
    /// Looks (off the loop) for what the agent runs and what earlier runs left: `transfersFound`.
    case restoreTransfers
    /// Follows a batch the agent runs, under the number `update` gave it.
    case followUpload(batch: Int, journalID: String)
    case followDownload(batch: Int, journalID: String)
    case cancelUpload(batch: Int)
    /// Forget an ended batch: its journal is removed (its result has been seen).
    case dismissUpload(batch: Int, journalID: String?)
    case createDeposition
    /// PUT the metadata, then read the deposition again. With `basedOn`, the metadata the form
    /// started from: if Zenodo's has changed since (someone else saved), nothing is saved and
    /// `saveConflict` says what changed there.
    case saveMetadata(Int, DepositionMetadata, basedOn: DepositionMetadata?)
    /// Ask what a legacy save of the deposition would lose (answers `legacyLossChecked`).
    case checkLegacyLoss(Int)
    /// Read `.zenodo.json` or `CITATION.cff` into metadata fields.
    case importMetadata(path: String)
    case loadLicenses
    /// Read the deposition again and run the publish checklist on it.
    case checkPublish(Int)
    case publish(Int)
    case startEdit(Int)
    case discard(Int)
    /// Make the draft metadata-only (`false`) or give it files again (`true`).
    case setFilesEnabled(Int, Bool)
    case deleteDraft(Int)
    case deleteFile(depositionID: Int, fileID: String, name: String)
    case newVersion(of: Int)
    /// Delete the dropped inherited files and save the version string.
    case prepareNewVersion(draft: Int, dropFileIDs: [String], metadata: DepositionMetadata)
    case loadVersions(concept: String)
    /// The public records search, after a pause in typing (`generation` says which query).
    case searchRecords(RecordSearch, generation: Int)
    case loadRecord(Int)
    case loadRecordVersions(Int)
    /// Fetches files of a record into `directory`, each verified with its MD5.
    case download(batch: Int, recordID: Int, title: String, files: [Record.File], directory: String)
    case resumeDownload(journalID: String, batch: Int)
    /// Stops these batches of downloads; their partial files stay for the next attempt.
    case cancelDownloads(batches: [Int])
    /// Whether `path` can hold downloads (a directory, or nothing yet, writable, with room for
    /// `bytes`); answers `destinationChecked`.
    case checkDestination(recordID: Int, path: String, bytes: Int64 = 0)
    /// End the waits before retries now: try again at once (`r`), or give up (`Esc`).
    case retryNow
    case stopRetrying
    case quit(code: Int32)
}
