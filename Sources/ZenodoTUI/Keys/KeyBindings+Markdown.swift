extension KeyBindings {
    /// `docs/keys.md`: every screen's bindings, from the same records as the help overlay.
    public static func markdown() -> String {
        let screens: [(String, AppState.Screen)] = [
            ("Depositions list", .list), ("A deposition", .deposition(0)), ("File picker", .picker), ("Upload queue", .uploads),
            ("Metadata form", .editor(0)), ("New version", .newVersion(0)), ("Public records search", .records),
            ("A public record", .record(0)), ("Download destination", .folders),
        ]
        var text = "# Keys\n\nGenerated from the key bindings (`Sources/ZenodoTUI/Keys/KeyBinding.swift`); `?` shows the same list in the app.\n"
        for (title, screen) in screens {
            text += "\n## \(title)\n\n| keys | action |\n| --- | --- |\n"
            for binding in bindings(for: screen) {
                let keys = binding.keys.map { "`\($0.label)`" }.joined(separator: " ")
                text += "| \(keys) | \(binding.description) |\n"
            }
        }
        text += """

            ## Typing in a field

            | keys | action |
            | --- | --- |
            | `Enter` | Keep the text (one-line fields); a new line (description, notes) |
            | `Tab` | Keep the text and go on typing into the next field |
            | `Esc` | Cancel (one-line fields); done, keeping the text (description, notes) |
            | `Ctrl-D` | Done, keeping the text (description, notes) |
            | `←` `→` `Home` `End` `Ctrl-A` `Ctrl-E` | Move the cursor (`↑` `↓` between lines of a description) |
            | `Backspace` `Del` | Delete a character |
            | `Ctrl-U` `Ctrl-K` `Ctrl-W` | Delete to the line's start, to its end, the word before |

            In a list to choose from (upload type, role, relation, license, a file to delete): type to
            search, `↑` `↓` to move, `Enter` chooses, `Esc` cancels.

            In a question (save this diff? publish? delete?): `y` answers yes, `↑` `↓` `PgUp` `PgDn`
            scroll a long one, any other key answers no.

            While a request waits to be tried again (the status line says what failed and when the
            next attempt comes: `zenodo.org: connection reset, retry 2/5 in 8 s`): `r` tries it now,
            `Esc` stops trying (the screen then says why it failed, and `r` starts over).

            """
        return text
    }
}
