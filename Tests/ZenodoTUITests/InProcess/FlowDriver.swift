import Foundation
import TerminalKit

/// What a flow does to an interface, whichever runs it: the real binary in tmux (`Tmux`), or the
/// loop in this process (`InProcessApp`). Keys are named as tmux names them; waits are conditions
/// on the screen's text with deadlines.
protocol FlowDriver: Sendable {
    func send(keys: [String]) async throws
    func type(_ text: String) async throws
    func waitForScreen(_ what: String, timeout: Double, _ condition: (String) -> Bool) async throws -> String
    /// Whether each screen read is a whole frame (in-process), or may fall between two writes of
    /// one (tmux reads the terminal while the program writes it).
    var readsWholeFrames: Bool { get }
}

/// Waits are generous (90 s): a healthy one takes milliseconds, but with the suite and two CPU
/// hogs on two cores a tmux start and a first page took over 20 s.
extension FlowDriver {
    func keys(_ keys: String...) async throws { try await send(keys: keys) }

    @discardableResult
    func wait(for text: String, timeout: Double = 90) async throws -> String {
        try await waitForScreen("'\(text)'", timeout: timeout) { $0.contains(text) }
    }

    @discardableResult
    func wait(_ what: String, timeout: Double = 90, _ condition: (String) -> Bool) async throws -> String {
        try await waitForScreen(what, timeout: timeout, condition)
    }

    @discardableResult
    func wait(timeout: Double = 90, _ condition: (String) -> Bool) async throws -> String {
        try await waitForScreen("the screen", timeout: timeout, condition)
    }
}

extension Tmux: FlowDriver {
    func send(keys: [String]) async throws { try await run(["send-keys", "-t", "S"] + keys) }

    var readsWholeFrames: Bool { false }
}

extension InProcessApp: FlowDriver {
    /// tmux's key names as keys.
    static func key(named name: String) -> [Key] {
        switch name {
        case "Enter": return [.enter]
        case "Escape": return [.escape]
        case "Tab": return [.tab]
        case "BTab": return [.backTab]
        case "Up": return [.up]
        case "Down": return [.down]
        case "Left": return [.left]
        case "Right": return [.right]
        case "Home": return [.home]
        case "End": return [.end]
        case "PPage": return [.pageUp]
        case "NPage": return [.pageDown]
        case "BSpace": return [.backspace]
        case "DC": return [.delete]
        case "Space": return [.character(" ")]
        default:
            if name.hasPrefix("C-"), name.count == 3, let letter = name.last { return [.control(letter)] }
            // A name tmux does not know is typed as its characters, as tmux does.
            return name.map { .character($0) }
        }
    }

    func send(keys: [String]) async throws { terminal.press(keys.flatMap(Self.key(named:))) }

    func waitForScreen(_ what: String, timeout: Double, _ condition: (String) -> Bool) async throws -> String {
        // In one process nothing waits for a terminal: a flow's waits take ms, or the interface is
        // starved by the load, which the longer deadline covers.
        try await waitFor(what, within: max(timeout, 120), condition)
    }

    var readsWholeFrames: Bool { true }
}
