import TerminalKit

/// The modes that take the keys before a screen's bindings do: a chooser, a text field (one line
/// or several), a question (confirm, quit), the `:` menu, and a request waiting to be retried.
/// Their keys are records here like the screens' (`KeyBindings.bindings(for:)`): the handlers
/// look them up, help and docs/keys.md list them, and the clash test covers them.
public enum KeyMode: String, CaseIterable, Sendable {
    case chooser, text, multilineText, confirm, quitQuestion, menu, retryWait

    public var title: String {
        switch self {
        case .chooser: return "Choosing from a list (type to narrow it)"
        case .text: return "Typing a line (a search, a filter, a path, a field)"
        case .multilineText: return "Typing several lines (a description)"
        case .confirm: return "A question before a change"
        case .quitQuestion: return "Quitting while uploads run"
        case .menu: return "The `:` menu of actions"
        case .retryWait: return "A request waiting to be retried"
        }
    }

    /// Printable characters are text in these modes: no binding may take one.
    public var takesText: Bool { self == .chooser || self == .text || self == .multilineText }
}

/// What a key means in a mode.
public enum ModalCommand: Sendable, Equatable {
    case up, down, pageUp, pageDown, choose, cancel, clear, deleteBack
    case keep, keepAndNext, newLine, finish
    case left, right, lineStart, lineEnd, deleteForward, clearToEnd, deleteWord
    case yes, scrollUp, scrollDown
    case quitLeavingUploads, quitStoppingUploads
    case retryNow, stopRetrying
}

public struct ModalBinding: Sendable {
    public var keys: [Key]
    public var description: String
    public var command: ModalCommand

    init(_ keys: [Key], _ description: String, _ command: ModalCommand) {
        self.keys = keys
        self.description = description
        self.command = command
    }

    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

extension KeyBindings {
    /// The line-editing keys every text field shares.
    static let editing: [ModalBinding] = [
        ModalBinding([.left, .control("b")], "Move left", .left),
        ModalBinding([.right, .control("f")], "Move right", .right),
        ModalBinding([.home, .control("a")], "To the start of the line", .lineStart),
        ModalBinding([.end, .control("e")], "To the end of the line", .lineEnd),
        ModalBinding([.backspace], "Delete the character before the cursor", .deleteBack),
        ModalBinding([.control("u")], "Clear to the start of the line", .clear),
        ModalBinding([.control("k")], "Clear to the end of the line", .clearToEnd),
        ModalBinding([.control("w")], "Delete the word before the cursor", .deleteWord),
    ]

    public static func modal(_ mode: KeyMode) -> [ModalBinding] {
        switch mode {
        case .chooser:
            return [
                ModalBinding([.up, .control("p")], "Move up", .up),
                ModalBinding([.down, .control("n")], "Move down", .down),
                ModalBinding([.pageUp], "Up a page", .pageUp),
                ModalBinding([.pageDown], "Down a page", .pageDown),
                ModalBinding([.enter], "Choose", .choose),
                ModalBinding([.escape], "Cancel", .cancel),
                ModalBinding([.backspace], "Delete the last character typed", .deleteBack),
                ModalBinding([.control("u")], "Clear what was typed", .clear),
            ]
        case .text:
            return [
                ModalBinding([.enter], "Keep it (and act on it)", .keep),
                ModalBinding([.tab], "Keep it and go on to the next field (the form)", .keepAndNext),
                ModalBinding([.escape], "Cancel", .cancel),
                ModalBinding([.delete, .control("d")], "Delete the character under the cursor", .deleteForward),
            ] + editing
        case .multilineText:
            return [
                ModalBinding([.enter], "A new line", .newLine),
                ModalBinding([.escape, .control("d")], "Done: keep the text", .finish),
                ModalBinding([.up], "Up a line", .up),
                ModalBinding([.down], "Down a line", .down),
                ModalBinding([.delete], "Delete the character under the cursor", .deleteForward),
            ] + editing
        case .confirm:
            return [
                ModalBinding([.character("y"), .character("Y")], "Yes, do it", .yes),
                ModalBinding([.up, .character("k")], "Scroll up", .scrollUp),
                ModalBinding([.down, .character("j")], "Scroll down", .scrollDown),
                ModalBinding([.pageUp], "Scroll up a page", .pageUp),
                ModalBinding([.pageDown], "Scroll down a page", .pageDown),
            ]
        case .quitQuestion:
            return [
                ModalBinding(
                    [.character("b"), .character("B"), .character("y"), .character("Y")],
                    "Quit; background uploads go on", .quitLeavingUploads),
                ModalBinding(
                    [.character("s"), .character("S")], "Stop the background uploads (resumable) and quit",
                    .quitStoppingUploads),
            ]
        case .menu:
            return [
                ModalBinding([.up, .character("k")], "Move up", .up),
                ModalBinding([.down, .character("j")], "Move down", .down),
                ModalBinding([.enter], "Do the action", .choose),
                ModalBinding([.escape, .character("q"), .character(":")], "Close the menu", .cancel),
            ]
        case .retryWait:
            return [
                ModalBinding([.character("r")], "Try the request now", .retryNow),
                ModalBinding([.escape], "Stop trying it (the screen says why it failed)", .stopRetrying),
            ]
        }
    }

    /// What `key` does in `mode`, or nil (in a text mode: typed as text, or ignored).
    public static func command(for key: Key, in mode: KeyMode) -> ModalCommand? {
        modal(mode).first { $0.keys.contains(key) }?.command
    }
}
