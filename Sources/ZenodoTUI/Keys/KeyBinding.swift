import TerminalKit
import ZenodoKit

/// What a key does.
public enum Action: Sendable, Equatable {
    case up, down, top, bottom, pageUp, pageDown
    case open, back, help, quit
    case refresh, filter, sort, upload, queue
    case cancelUpload, resume
    case toggle, chooseAll, parent, pathPrompt, startUpload
    case menu
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
        KeyBinding([.character("U")], "uploads", "Show the upload queue (progress, cancel, resume)", .queue, footer: true),
        KeyBinding([.character("?")], "help", "Show this help", .help, footer: true),
        KeyBinding([.character("q"), .escape], "back", "Go back; on the list, quit", .back, footer: true),
        KeyBinding([.control("c")], "quit", "Quit (asks first while uploads run)", .quit),
    ]

    static let uploadInto = KeyBinding(
        [.character("u")], "upload", "Upload files into this draft", .upload, footer: true,
        disabledBecause: { state in
            if state.readOnly { return "read-only mode (--read-only or ZENODO_READ_ONLY)" }
            guard let deposition = state.focusedDeposition else { return "no deposition is selected" }
            switch deposition.state {
            case .unsubmitted: return nil
            case .inprogress: return "a published record's files are locked while its metadata is edited"
            default: return "a published record's files are locked; make a new version to change them"
            }
        })

    public static func bindings(for screen: AppState.Screen) -> [KeyBinding] {
        switch screen {
        case .list:
            return [
                KeyBinding([.enter], "open", "Open the deposition", .open, footer: true),
                uploadInto,
                KeyBinding([.character("/")], "filter", "Filter the list as you type (title, id, creator)", .filter, footer: true),
                KeyBinding([.character("s")], "sort", "Sort by modified date, title or state", .sort, footer: true),
                KeyBinding([.character("r")], "refresh", "Load the list again", .refresh, footer: true),
            ] + navigation + global
        case .deposition:
            return [
                uploadInto,
                KeyBinding([.character("r")], "reload", "Read the deposition again", .refresh, footer: true),
            ] + navigation + global
        case .picker:
            return [
                KeyBinding([.character(" ")], "choose", "Choose or unchoose the file", .toggle, footer: true),
                KeyBinding([.enter], "enter dir", "Open the directory", .open, footer: true),
                KeyBinding([.backspace, .character("h")], "parent", "Go to the parent directory", .parent, footer: true),
                KeyBinding([.character("a")], "all", "Choose every file in this directory", .chooseAll),
                KeyBinding([.character("p")], "path", "Type a path (Tab completes)", .pathPrompt, footer: true),
                KeyBinding(
                    [.character("u")], "start", "Check the chosen files and start uploading", .startUpload, footer: true,
                    disabledBecause: { ($0.picker?.chosen.isEmpty ?? true) ? "no file is chosen yet (Space chooses)" : nil }),
            ] + navigation + global
        case .uploads:
            return [
                KeyBinding(
                    [.character("c")], "cancel", "Cancel the selected upload (it stays resumable)", .cancelUpload, footer: true,
                    disabledBecause: { state in
                        state.uploads.indices.contains(state.uploadSelection) && state.uploads[state.uploadSelection].isRunning
                            ? nil : "the selected upload is not running"
                    }),
                KeyBinding(
                    [.character("R")], "resume", "Resume an upload interrupted in an earlier run", .resume, footer: true,
                    disabledBecause: { state in
                        if state.readOnly { return "read-only mode (--read-only or ZENODO_READ_ONLY)" }
                        return state.resumable.isEmpty ? "no interrupted upload to resume" : nil
                    }),
            ] + navigation + global
        }
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
        case .deposition(let id): return details[id] ?? list.items.first { $0.id == id }
        case .list: return list.selected
        case .picker: return picker.flatMap { p in details[p.depositionID] ?? list.items.first { $0.id == p.depositionID } }
        case .uploads: return nil
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
