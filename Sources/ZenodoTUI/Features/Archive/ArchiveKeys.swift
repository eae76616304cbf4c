import TerminalKit
import ZenodoKit

/// The keys inside an archive, and the ones that look inside one.
extension KeyBindings {
    static let archive: [KeyBinding] = [
        KeyBinding([.enter], "open", "Open or close the folder; on a file, mark it", .open, footer: true),
        KeyBinding(
            [.character(" ")], "mark", "Mark or unmark the member (a folder: all its files) for d", .markFile,
            footer: true),
        KeyBinding([.character("a")], "mark all", "Mark every member shown, or none if all are marked", .markAll),
        KeyBinding(
            [.character("/")], "filter", "Show only the members whose path holds what is typed", .filter,
            footer: true),
        KeyBinding(
            [.character("d")], "fetch",
            "Fetch the marked members, or the selected one (a folder: its files), each checked against its CRC-32",
            .download, footer: true,
            disabledBecause: { state in
                guard let view = state.archive, view.tree != nil else { return "its directory is still being read" }
                return view.wanted().isEmpty ? "no member is marked or selected" : nil
            }),
    ]

    static let lookInside = KeyBinding(
        [.character("Z")], "inside zip", "Look inside a ZIP file without fetching it (list, mark, fetch members)",
        .lookInside,
        disabledBecause: { state in
            guard let deposition = state.focusedDeposition else { return "no deposition is selected" }
            return deposition.files.contains { ArchiveView.canOpen($0.filename) } ? nil : "it has no ZIP file"
        })
}
