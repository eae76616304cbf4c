import TerminalKit

/// What a prompt is for: where its text goes when it is kept, what typing into it does on the
/// way, and which screen it belongs to.
public enum PromptPurpose: Sendable, Equatable {
    /// `/` on the list: filters the list as it is typed.
    case listFilter
    /// `/` in the file picker: a path to go to or to choose; Tab completes it.
    case uploadPath
    /// The records search box: searches as it is typed.
    case searchQuery
    /// `C` (community) or `P` (publication dates) on the records screen.
    case recordsFilter(RecordsPrompt.Kind)
    /// `/` in the record view: the directory its files go into.
    case destination
    /// `n` in the folder chooser: a new directory's name.
    case folderName
    /// `i` in the form: a metadata file to import.
    case importPath
    /// `/` inside an archive: the members shown are those whose path holds it, as it is typed.
    case archiveFilter
    /// `p` on the sharing screen: the person to give access to.
    case sharePerson
    /// `m` on a draft in review: a comment for the community's curators.
    case reviewComment(depositionID: Int)

    /// The screen the prompt belongs to: it has the keys only there.
    func belongs(to screen: AppState.Screen) -> Bool {
        switch (self, screen) {
        case (.listFilter, .list), (.uploadPath, .picker), (.searchQuery, .records), (.recordsFilter, .records),
            (.destination, .record), (.folderName, .folders), (.importPath, .editor), (.archiveFilter, .archive),
            (.sharePerson, .sharing), (.reviewComment, .deposition):
            return true
        default:
            return false
        }
    }

    /// The words before the text.
    public var label: String {
        switch self {
        case .listFilter: return "/"
        case .uploadPath: return "Path: "
        case .searchQuery: return "Search: "
        case .recordsFilter(let kind): return RecordsPrompt(kind: kind, text: "").title
        case .destination: return "Into: "
        case .folderName: return "New directory: "
        case .importPath: return "Import from: "
        case .archiveFilter: return "Members: "
        case .sharePerson: return "Person (username, id, public e-mail): "
        case .reviewComment: return "Comment: "
        }
    }
}

/// The one prompt component: a line of text with a cursor and the shared editing keys
/// (`TextField`), and a purpose. Its Enter, Esc and Tab come from the modal binding table
/// (`KeyMode.text`), as every other key of a text: rebinding one changes what it does, not only
/// the help.
public struct Prompt: Sendable, Equatable {
    public var purpose: PromptPurpose
    public var field: TextField

    public init(_ purpose: PromptPurpose, text: String = "") {
        self.purpose = purpose
        field = TextField(text)
    }

    public var text: String { field.text }
}

/// Who has the keys: one value, asked once per key (`handleKey`), in this order: a box over the
/// screen, a chooser, a prompt of the screen shown, a field being typed into, a request waiting
/// to be retried, else the screen's bindings.
public enum Focus: Sendable, Equatable {
    case overlay
    case chooser
    case prompt(PromptPurpose)
    /// A field of the form, or the new version's number.
    case field
    case retryWait
    case screen
}

extension AppState {
    public var focus: Focus {
        if overlay != nil { return .overlay }
        if chooser != nil { return .chooser }
        if let prompt, prompt.purpose.belongs(to: screen) { return .prompt(prompt.purpose) }
        if case .editor = screen, editor?.editing != nil { return .field }
        if case .newVersion = screen, newVersion?.editingVersion == true { return .field }
        if retryWait != nil { return .retryWait }
        return .screen
    }

    /// The prompt's text when it is the one open for `purpose`.
    public func promptText(_ purpose: PromptPurpose) -> String? {
        prompt?.purpose == purpose ? prompt?.text : nil
    }
}
