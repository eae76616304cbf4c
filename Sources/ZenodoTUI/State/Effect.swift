import FoundationEssentials
import TerminalKit
import ZenodoKit

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
    /// Pre-flights the chosen paths (a directory's junk and what its `.zenodoignore` leaves out
    /// set aside, unless `includeJunk` for the junk) and starts the batch.
    /// With `raiseQuotaTo`, the record's quota is raised to that many GB first (the user said yes
    /// to it in the plan).
    case upload(
        batch: Int, depositionID: Int, paths: [String], includeJunk: Bool = false, pack: PackRequest? = nil,
        raiseQuotaTo: Int? = nil)
    /// Plans a packed upload (each archive, its size and files, what is left out, the quota it
    /// needs) and answers `uploadPlanned` for the user to say yes to, or `preflightFailed`.
    case planUpload(batch: Int, depositionID: Int, paths: [String], includeJunk: Bool, pack: PackRequest)
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
    /// Read a draft's community review (none: 404).
    case loadReview(Int)
    /// The user's community submissions (`GET /api/user/requests`), for the list's badges.
    case loadReviews
    /// A comment on a draft's review request.
    case commentOnReview(Int, requestID: String, text: String)
    /// Search communities for the chooser.
    case searchCommunities(query: String)
    /// Ask for published record `id` to join community `slug` (`POST …/communities`).
    case includeInCommunity(Int, slug: String)
    case submitToCommunity(Int, slug: String)
    case cancelReview(Int, requestID: String)
    /// List a ZIP on the server (container API or Range) without fetching it.
    case listArchive(recordID: Int, key: String, url: String, size: Int64)
    /// Fetch members of a ZIP on the server, each verified, into `destination`.
    case fetchMembers(recordID: Int, key: String, url: String, size: Int64, entries: [ZipEntry], destination: String)
    /// Unlock a published record's files in its edit draft (the server's grace period decides).
    case unlockFiles(Int)
    /// Delete a published record (the server's grace period decides); its DOI shows a tombstone.
    case deleteRecord(Int, RemovalReason)
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
    /// Lookups' searches (`Features/Lookup`).
    case lookup(LookupEffect)
    /// Copying's fetches (`Features/Copy`).
    case copy(CopyEffect)
    /// Sharing's requests (`Features/Sharing`).
    case sharing(SharingEffect)
    /// Text to the clipboard of the terminal the user sits at (OSC 52): done by the loop, which
    /// owns the terminal.
    case copyToClipboard(String)
    case quit(code: Int32)
}
