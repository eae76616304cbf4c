import FoundationEssentials
import TerminalKit
import ZenodoKit

/// Everything the UI shows, owned by the loop and changed only by `update`.
public struct AppState: Sendable {
    public enum Badge: String, Sendable {
        case zenodo = "ZENODO"
        case sandbox = "SANDBOX"
        case local = "LOCAL"
        case custom = "CUSTOM"
    }

    /// A screen on the stack, holding its own state: leaving the screen leaves its state with it,
    /// and a screen of a kind cannot be shown without the state it draws.
    public enum Screen: Sendable, Equatable {
        case list
        case deposition(Int)
        /// Choosing local files to upload into a deposition.
        case picker(PickerState)
        case uploads
        /// The metadata form of a deposition.
        case editor(EditorState)
        /// Keep or drop inherited files and set the version of a new-version draft.
        case newVersion(NewVersionState)
        /// The public records search.
        case records
        /// A public record: its files, to download.
        case record(RecordView)
        /// Choosing the directory a record's files go into.
        case folders(FolderPickerState)
        /// Inside a ZIP on the server: its members, to fetch some.
        case archive(ArchiveView)
        /// Who may see a draft or record: secret links, people, access requests.
        case sharing(SharingView)

        /// The kind of screen, whatever it shows.
        public var kind: Kind {
            switch self {
            case .list: .list
            case .deposition: .deposition
            case .picker: .picker
            case .uploads: .uploads
            case .editor: .editor
            case .newVersion: .newVersion
            case .records: .records
            case .record: .record
            case .folders: .folders
            case .archive: .archive
            case .sharing: .sharing
            }
        }

        public enum Kind: Sendable, CaseIterable {
            case list, deposition, picker, uploads, editor, newVersion, records, record, folders, archive, sharing
        }

        /// Which screen it is, apart from what it holds: the kind and the deposition or record it
        /// is about. Two screens are equal when their identities are.
        public enum Identity: Sendable, Equatable {
            case list, uploads, records
            case deposition(Int)
            case picker(Int)
            case editor(Int)
            case newVersion(Int)
            case record(Int)
            case folders(Int)
            case archive(Int, String)
            case sharing(Int)
        }

        public var identity: Identity {
            switch self {
            case .list: .list
            case .uploads: .uploads
            case .records: .records
            case .deposition(let id): .deposition(id)
            case .picker(let picker): .picker(picker.depositionID)
            case .editor(let editor): .editor(editor.depositionID)
            case .newVersion(let step): .newVersion(step.draft)
            case .record(let view): .record(view.record.id)
            case .folders(let folders): .folders(folders.recordID)
            case .archive(let view): .archive(view.recordID, view.key)
            case .sharing(let view): .sharing(view.recordID)
            }
        }

        public static func == (a: Screen, b: Screen) -> Bool { a.identity == b.identity }
    }

    public enum Overlay: Sendable, Equatable {
        case help
        case confirmQuit
        case problems([String])
        /// The `:` action menu, with the highlighted row.
        case menu(Int)
        /// A question before an irreversible step, a diff to save, or a checklist that failed.
        case confirm(Confirmation)
    }

    public var size: Size
    public var serverName: String
    /// The site's address (`https://zenodo.org`), for the addresses of secret links.
    public var siteOrigin = ""
    public var badge: Badge
    /// The server registers test DOIs (`10.5072`) whatever `prereserve_doi` says (sandbox).
    public var testDOIs = false
    /// Why nothing can load (no token), shown instead of the list.
    public var setupProblem: String?
    public var screens: [Screen] = [.list] {
        didSet { screensChanged() }
    }
    public var overlay: Overlay?
    public var list = ListState()
    public var details: [Int: Deposition] = [:]
    /// Published depositions' use (views, downloads), read from their public records.
    public var recordStats: [Int: RecordAbout.Stats] = [:]
    /// Published records whose edit draft's files this session unlocked (`F`): the API does not say.
    public var unlockedFiles: Set<Int> = []
    /// Drafts' community reviews as last read (`C`; none: absent).
    public var reviews: [Int: ReviewRequest] = [:]
    /// Drafts whose review was read or changed one by one this session: what the list's one
    /// request for all of them says (it may have left before the change) does not overwrite them.
    public var reviewsKnown: Set<Int> = []
    /// Review requests cancelled here: a read of one that left before the cancel is stale.
    public var cancelledReviews: Set<String> = []
    /// Their timelines (comments and actions, oldest first), as last read with the review.
    public var reviewEvents: [Int: [RequestEvent]] = [:]
    /// Communities the community chooser found, by slug (for the question after choosing).
    public var communitiesFound: [String: Community] = [:]
    public var detailErrors: [Int: String] = [:]
    public var detailScroll = 0
    public var uploads: [UploadState] = []
    public var uploadSelection = 0
    /// Interrupted batches from an earlier run, offered for resume.
    public var resumable: [UploadJournal] = []
    /// Journals asked to resume whose batch has not started yet: they stay offered until it has.
    public var resuming: Set<String> = []
    /// Download batches an earlier run left unfinished.
    /// Download batches an earlier run left unfinished (their journals), offered to `R` in the queue.
    public var resumableDownloads: [DownloadJournal] = []
    public var status: String?
    /// A request waiting to be tried again (`zenodo.org: connection reset, retry 2/5 in 8 s`):
    /// shown in the status line until it is tried, with `r` to try now and `Esc` to stop.
    public var retryWait: RetryNotice?
    /// MD5s of local files uploaded in this session, by deposition and key: the deposition view
    /// marks which files match a local copy.
    public var localCopies: [Int: [String: String]] = [:]
    public var spinner = 0
    public var quitting = false
    /// `--read-only`: every action that changes something is disabled, with that reason.
    public var readOnly = false
    /// Where the file picker opens: the directory the program was started in.
    public var startDirectory = "."
    /// A `.zenodo.json` or `CITATION.cff` in the start directory, found at launch: the form's
    /// import offers it, and a new draft says so.
    public var metadataFileNearby: String?
    /// The day the form checks embargo dates against: when the program started (set by whoever
    /// creates the state, so that `update` reads no clock).
    public var today = Date(timeIntervalSince1970: 0)
    /// A list to choose from, drawn over the screen (field values, licenses, a file to delete).
    public var chooser: Chooser?
    /// The prompt open, whichever its purpose (`Focus.prompt`); it goes when its screen does.
    public var prompt: Prompt?
    /// Every deposition of a concept, oldest first: the version chain the deposition view shows.
    public var versions: [String: [Deposition]] = [:]
    /// The instance's licenses, loaded when the license picker first opens.
    public var licenses: [License]?
    /// An action in flight ("Publishing 1234"), shown with a spinner; one at a time.
    public var busy: String?
    public var records = RecordsState()
    public var downloads: [DownloadBatch] = []
    /// The number the next batch of downloads gets.
    /// The next batch's number: every batch, of either direction, is numbered here (in `update`),
    /// and every result about it carries the number.
    public var nextBatch = 1
    /// The directory the choosers asked to list last (answers about others are stale).
    public var listingAsked: String?

    /// A new batch's number.
    public mutating func mintBatch() -> Int {
        defer { nextBatch += 1 }
        return nextBatch
    }

    /// What the server's API can do, as the client's backend says (`ZenodoClient.backend`): the
    /// editor's rows and the actions offered follow it.
    public var backend: BackendCapabilities

    public init(
        size: Size, serverName: String, badge: Badge, backend: BackendCapabilities = .legacy,
        setupProblem: String? = nil
    ) {
        self.size = size
        self.backend = backend
        self.serverName = serverName
        self.badge = badge
        self.setupProblem = setupProblem
    }

    public var screen: Screen { screens.last ?? .list }

    /// Something moves on screen: the loop wakes for it at most 10 times a second.
    public var isAnimating: Bool {
        list.loading || busy != nil || records.loading || uploads.contains { $0.isRunning }
            || downloads.contains { $0.isRunning }
    }

    public var runningUploads: Int { uploads.filter(\.isRunning).count }

    /// Whether a running batch is still to fetch this file of the record.
    public func isDownloading(recordID: Int, key: String) -> Bool {
        downloads.contains { $0.recordID == recordID && $0.isFetching(key) }
    }

    /// Files the running download batches have still to fetch.
    public var downloadsLeft: Int { downloads.filter(\.isRunning).reduce(0) { $0 + $1.left } }
}

extension AppState {
    /// A prompt belongs to its screen: it goes when its screen is not the one shown. (A screen's
    /// own state is in the screen, and goes with it.)
    mutating func screensChanged() {
        if let prompt, !prompt.purpose.belongs(to: screen) { self.prompt = nil }
    }
}

/// Each screen's state, read from and written into the topmost screen of its kind on the stack.
/// Writing a screen's state where no screen of its kind is shown changes nothing (push the screen
/// with its state to show it); writing `nil` changes nothing (pop the screen to leave it).
extension AppState {
    public var picker: PickerState? {
        get { topmost { if case .picker(let s) = $0 { s } else { nil } } }
        set { replace(.picker, newValue.map(Screen.picker)) }
    }

    /// The metadata form, while its screen is on the stack.
    public var editor: EditorState? {
        get { topmost { if case .editor(let s) = $0 { s } else { nil } } }
        set { replace(.editor, newValue.map(Screen.editor)) }
    }

    public var newVersion: NewVersionState? {
        get { topmost { if case .newVersion(let s) = $0 { s } else { nil } } }
        set { replace(.newVersion, newValue.map(Screen.newVersion)) }
    }

    public var recordView: RecordView? {
        get { topmost { if case .record(let s) = $0 { s } else { nil } } }
        set { replace(.record, newValue.map(Screen.record)) }
    }

    public var sharingView: SharingView? {
        get { topmost { if case .sharing(let s) = $0 { s } else { nil } } }
        set { replace(.sharing, newValue.map(Screen.sharing)) }
    }

    public var archive: ArchiveView? {
        get { topmost { if case .archive(let s) = $0 { s } else { nil } } }
        set { replace(.archive, newValue.map(Screen.archive)) }
    }

    public var folders: FolderPickerState? {
        get { topmost { if case .folders(let s) = $0 { s } else { nil } } }
        set { replace(.folders, newValue.map(Screen.folders)) }
    }

    private func topmost<T>(_ state: (Screen) -> T?) -> T? {
        for screen in screens.reversed() { if let found = state(screen) { return found } }
        return nil
    }

    private mutating func replace(_ kind: Screen.Kind, _ screen: Screen?) {
        guard let screen, let at = screens.lastIndex(where: { $0.kind == kind }) else { return }
        screens[at] = screen
    }
}
