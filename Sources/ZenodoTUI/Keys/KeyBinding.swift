import TerminalKit
import ZenodoKit

/// What a key does.
public enum Action: Sendable, Hashable {
    case up, down, top, bottom, pageUp, pageDown
    case open, back, help, quit
    case refresh, filter, sort, upload, queue
    case cancelUpload, resume, dismissUpload
    case toggle, chooseAll, parent, pathPrompt, startUpload, toggleJunk, cyclePack
    case menu
    case create, editMetadata, publish, newVersion, discardOrDelete, deleteFile, toggleMetadataOnly
    case fixFiles, deleteRecord, lookInside, community, commentReview, share, copy, lookup
    /// The sharing screen's own actions (`Features/Sharing`).
    case sharing(SharingAction)
    case editField, addItem, removeItem, moveItemUp, moveItemDown, revertField, save, importFile
    case toggleKeep, continueNewVersion
    case newFolder, useFolder
    case searchRecords, editQuery, cycleType, cycleSort, cycleAccess, filterCommunity, filterPublished, download,
        downloadAll, chooseVersion, cancelDownloads, markFile, markAll, chooseDestination, about
}

/// A key binding as data: the help overlay, the footer and `docs/keys.md` are generated from
/// these records, and `disabledBecause` explains why an action is unavailable here.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var label: String
    public var description: String
    public var action: Action
    public var inFooter: Bool
    public var disabledBecause: @Sendable (AppState) -> String?

    public init(
        _ keys: [Key], _ label: String, _ description: String, _ action: Action, footer: Bool = false,
        disabledBecause: @escaping @Sendable (AppState) -> String? = { _ in nil }
    ) {
        self.keys = keys
        self.label = label
        self.description = description
        self.action = action
        inFooter = footer
        self.disabledBecause = disabledBecause
    }

    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

/// The bindings of each screen, most useful first.
public enum KeyBindings {
    static let navigation: [KeyBinding] = [
        KeyBinding([.up, .character("k")], "up", "Move up", .up),
        KeyBinding([.down, .character("j")], "down", "Move down", .down),
        KeyBinding([.character("g"), .home], "top", "Go to the first row", .top),
        KeyBinding([.character("G"), .end], "bottom", "Go to the last row", .bottom),
        KeyBinding([.pageUp], "page up", "One page up", .pageUp),
        KeyBinding([.pageDown], "page down", "One page down", .pageDown),
    ]

    static let global: [KeyBinding] = [
        KeyBinding([.character(":")], "menu", "Open the menu of actions for this screen", .menu),
        KeyBinding(
            [.character("U")], "uploads", "Show the queue: uploads (cancel, resume) and downloads", .queue, footer: true
        ),
        KeyBinding([.character("?")], "help", "Show this help", .help, footer: true),
        KeyBinding([.character("q"), .escape], "back", "Go back; on the list, quit", .back, footer: true),
        KeyBinding([.control("c")], "quit", "Quit (asks first while uploads run)", .quit),
    ]

    static let readOnlyReason = "read-only mode (--read-only or ZENODO_READ_ONLY)"

    /// Why a changing action is unavailable: read-only mode, another action in flight, nothing
    /// selected, or the deposition not read in full yet.
    static func changing(_ state: AppState, needsDetails: Bool = true) -> String? {
        if let reason = readOnlyOrBusy(state) { return reason }
        guard let deposition = state.focusedDeposition else { return "no deposition is selected" }
        if needsDetails, state.details[deposition.id] == nil { return "the deposition is still loading" }
        return nil
    }

    /// Read-only mode, or another action in flight (one at a time).
    static func readOnlyOrBusy(_ state: AppState) -> String? {
        if state.readOnly { return readOnlyReason }
        return state.busy.map { "\($0.prefix(1).lowercased() + $0.dropFirst()) is still running" }
    }

    public static func bindings(for screen: AppState.Screen) -> [KeyBinding] { bindings(for: screen.kind) }

    public static func bindings(for kind: AppState.Screen.Kind) -> [KeyBinding] {
        let own: [KeyBinding]
        switch kind {
        case .list: own = list
        case .deposition: own = deposition
        case .editor: own = editor
        case .newVersion: own = newVersion
        case .picker: own = picker
        case .uploads: own = uploads
        case .records: own = records
        case .record: own = record
        case .folders: own = folders
        case .archive: own = archive
        case .sharing: own = sharing
        }
        return own + navigation + global
    }

    /// The binding for a key on a screen.
    public static func binding(for key: Key, on screen: AppState.Screen) -> KeyBinding? {
        bindings(for: screen).first { $0.keys.contains(key) }
    }
}

extension AppState {
    /// The deposition the current screen is about: the open one, or the list's selection.
    public var focusedDeposition: Deposition? {
        switch screen {
        case .deposition(let id): return (details[id] ?? list.items.first { $0.id == id }).map(knowing)
        case .list: return list.selected.map(knowing)
        case .picker(let picker):
            return (details[picker.depositionID] ?? list.items.first { $0.id == picker.depositionID }).map(knowing)
        case .uploads, .records, .record, .folders, .archive, .sharing: return nil
        case .editor(let editor):
            return (details[editor.depositionID] ?? list.items.first { $0.id == editor.depositionID }).map(knowing)
        case .newVersion(let step): return details[step.draft] ?? list.items.first { $0.id == step.draft }
        }
    }
}

extension KeyBindings {
    /// The `:` menu's entries: the screen's actions, without plain movement and the menu itself.
    public static func menuEntries(for screen: AppState.Screen) -> [KeyBinding] {
        let movement: Set<Action> = [.up, .down, .top, .bottom, .pageUp, .pageDown, .menu]
        return bindings(for: screen).filter { !movement.contains($0.action) }
    }
}
