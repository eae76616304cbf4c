import FoundationEssentials
import ZenodoKit

/// The metadata form of one deposition: the server's metadata as last read, the working copy,
/// the row selected, a field being typed into, and the errors to show next to fields.
public struct EditorState: Sendable, Equatable {
    public var depositionID: Int
    /// The metadata as Zenodo last sent it: what a save is diffed against.
    public var original: DepositionMetadata { didSet { originalTexts = Self.texts(Form.rows(original, backend)) } }
    public var metadata: DepositionMetadata {
        didSet {
            rows = Form.rows(metadata, backend)
            localProblems = Form.problems(metadata, today: today)
        }
    }
    /// The form's rows, the rows' texts as Zenodo has them (to mark changed rows) and the problems
    /// the form sees: stored, and recomputed only when the metadata changes, so that a key or a
    /// frame costs the same for 3 authors or 3,000.
    public private(set) var rows: [FormRow]
    private(set) var originalTexts: [FieldID: String]
    private var localProblems: [String: [String]]
    public var selection = 0
    public var editing: TextField?
    /// Zenodo's own field errors from the last refused save or publish, by legacy path.
    public var serverErrors: [String: [String]] = [:]
    /// Errors Zenodo sent for no field the form shows (`metadata`, `files`, …).
    public var generalErrors: [String] = []
    public var saving = false
    /// What a save through Zenodo's deposit API would lose of this record (`nil`: not asked yet).
    public var legacyLoss: [String]?
    /// Who refused `serverErrors`: "Zenodo", or "Not sent" when the client knew Zenodo would.
    public var errorSource = "Zenodo"
    /// The day against which embargo dates are checked (set when the editor opens).
    public let today: Date
    /// What the server's API carries: which rows the form has.
    public let backend: BackendCapabilities

    public init(deposition: Deposition, today: Date, backend: BackendCapabilities) {
        self.backend = backend
        depositionID = deposition.id
        original = deposition.metadata
        metadata = deposition.metadata
        self.today = today
        rows = Form.rows(deposition.metadata, backend)
        originalTexts = Self.texts(rows)
        localProblems = Form.problems(deposition.metadata, today: today)
    }

    static func texts(_ rows: [FormRow]) -> [FieldID: String] {
        Dictionary(rows.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
    }

    public var selectedRow: FormRow? { rows.indices.contains(selection) ? rows[selection] : nil }

    public var diff: MetadataDiff { MetadataDiff(old: original, new: metadata) }
    public var hasChanges: Bool { original != metadata }

    /// Local problems and Zenodo's errors together, by legacy path.
    public var problems: [String: [String]] {
        var all = localProblems
        for (key, messages) in serverErrors { all[key, default: []] += messages.map { "\(errorSource): \($0)" } }
        return all
    }

    /// Selects the row with `id` (after a list changed shape).
    public mutating func select(_ id: FieldID) {
        if let index = rows.firstIndex(where: { $0.id == id }) { selection = index }
    }
}

/// The new-version step between "make a new version" and uploading: which inherited files to
/// keep, and the new version string.
public struct NewVersionState: Sendable, Equatable {
    public var draft: Deposition.ID
    public var title: String
    public var previousVersion: String?
    public var files: [DepositionFile]
    public var keep: [Bool]
    public var version: TextField
    public var editingVersion = false
    /// 0 is the version row; 1… are the files.
    public var selection = 0
    public var working = false
    public var metadata: DepositionMetadata

    public init(draft: Deposition, previousVersion: String?) {
        self.draft = draft.id
        title = draft.title
        self.previousVersion = previousVersion
        files = draft.files
        keep = draft.files.map { _ in true }
        version = TextField(draft.metadata.version ?? VersionSuggestion.next(after: previousVersion))
        metadata = draft.metadata
    }

    public var dropped: [DepositionFile] { files.indices.filter { !keep[$0] }.map { files[$0] } }
}

/// A question before something that cannot be taken back: what will be lost, and what `y` does.
/// Its text may come from the server: the overlay sanitises every line when it draws them.
/// A confirmation's typed answer (deleting a published record: its id or DOI), typed in the
/// shared text field.
public struct TypedAnswer: Sendable, Equatable {
    public var id: Int
    public var doi: String?
    public var field = TextField("")

    public var isAccepted: Bool { FixWindow.confirmsDeletion(field.text, id: id, doi: doi) }
}

public struct Confirmation: Sendable, Equatable {
    public enum Tone: Sendable, Equatable { case plain, strong, warning, added, removed, ok, problem, dim }
    public enum Yes: Sendable, Equatable {
        case run(Effect)
        case leaveEditor
    }
    public struct Line: Sendable, Equatable {
        public var text: String
        public var tone: Tone
    }

    public var title: String
    public var lines: [Line]
    public var question: String
    /// `nil`: nothing to confirm (a checklist that failed): any key closes.
    public var yes: Yes?
    /// First line shown when the lines do not fit (a long diff): ↑/↓ scroll.
    public var scroll = 0
    /// The answer is typed, not `y` (deleting a published record): what was typed and what counts.
    public var typed: TypedAnswer?

    public init(title: String, lines: [(String, Tone)], question: String, yes: Yes?) {
        self.title = title
        self.lines = lines.map { Line(text: $0.0, tone: $0.1) }
        self.question = question
        self.yes = yes
    }

    /// A metadata diff as lines: `+` added, `-` removed.
    static func lines(of diff: MetadataDiff) -> [(String, Tone)] {
        diff.lines.map { ($0, $0.hasPrefix("+") ? .added : .removed) }
    }
}
