import TerminalKit

extension KeyBindings {
    /// `docs/keys.md`: every screen's bindings, from the same records as the help overlay.
    public static func markdown() -> String {
        // Every kind of screen, in the order of `Kind`: a new screen cannot be left out.
        let screens = AppState.Screen.Kind.allCases.map { (title(of: $0), $0) }
        var text =
            "# Keys\n\nGenerated from the key bindings (`Sources/ZenodoTUI/Keys/KeyBinding.swift`); `?` shows the same list in the app.\n"
        for (title, screen) in screens {
            text += "\n## \(title)\n\n| keys | action |\n| --- | --- |\n"
            for binding in bindings(for: screen) {
                let keys = binding.keys.map { "`\($0.label)`" }.joined(separator: " ")
                text += "| \(keys) | \(binding.description) |\n"
            }
        }
        text +=
            "\n# Modes\n\nThese take the keys before the screen does (a text field, a list to choose from, a question).\n"
        for mode in KeyMode.allCases {
            text += "\n## \(mode.title)\n\n| keys | action |\n| --- | --- |\n"
            for binding in modal(mode) {
                text += "| \(binding.keys.map { "`\($0.label)`" }.joined(separator: " ")) | \(binding.description) |\n"
            }
            switch mode {
            case .chooser:
                text +=
                    "\nOther characters narrow the list (upload type, role, relation, license, a version, a file to delete).\n"
            case .text, .multilineText:
                text += "\nOther characters are typed; escape sequences and control characters never reach the text.\n"
            case .confirm: text += "\nAny other key answers no.\n"
            case .retryWait:
                text +=
                    "\nThe status line says what failed and when the next attempt comes (`zenodo.org: connection reset, retry 2/5 in 8 s`); other keys keep their meaning.\n"
            case .quitQuestion, .menu: break
            }
        }
        return text
    }

    static func title(of kind: AppState.Screen.Kind) -> String {
        switch kind {
        case .list: "Depositions list"
        case .deposition: "A deposition"
        case .picker: "File picker"
        case .uploads: "Upload queue"
        case .editor: "Metadata form"
        case .newVersion: "New version"
        case .records: "Public records search"
        case .record: "A public record"
        case .folders: "Download destination"
        case .archive: "Inside a ZIP"
        case .sharing: "Sharing a draft or record"
        }
    }
}
