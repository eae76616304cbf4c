import TerminalKit
import ZenodoKit

extension KeyBindings {
    static let lookupGrant = KeyBinding(
        [.character("L")], "find grant",
        "Find a grant on the server as you type (number, acronym, title) and add it to Funding", .lookup,
        disabledBecause: { state in
            guard let editor = state.editor else { return "no form is open" }
            return editor.backend.nativeFields ? nil : "Funding is a field of the native API (--api rdm)"
        })
}
