import FoundationEssentials
import TerminalKit
import ZenodoKit

/// The destination chooser: the directory shown, its directories, and the new directory's name
/// while it is typed.
enum FolderScreen {
    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard let folders = state.folders else { return }
        let title = state.recordView.map { "Download record \($0.record.id) into…" } ?? "Download into…"
        buffer.write(TerminalText.truncate(title, to: area.width - 2), x: 1, y: area.y, style: Palette.title)
        buffer.write(
            TerminalText.truncate(TerminalText.sanitize(folders.directory) + "/", to: area.width - 2), x: 1,
            y: area.y + 1, style: Palette.heading)
        let hint =
            folders.checking
            ? "checking that it can hold the files…" : "w downloads here; Enter opens a directory; n makes a new one"
        let files = folders.files > 0 ? "  (\(folders.files) file\(folders.files == 1 ? "" : "s") here)" : ""
        buffer.write(TerminalText.truncate(hint + files, to: area.width - 2), x: 1, y: area.y + 2, style: Palette.dim)
        let listTop = area.y + 3
        let listHeight = max(0, area.bottom - listTop - 1)
        if let error = folders.error {
            buffer.write(
                TerminalText.truncate(TerminalText.sanitize(error), to: area.width - 3), x: 2, y: listTop,
                style: Palette.error)
        } else if !folders.listed, listHeight > 0 {
            buffer.write("(reading…)", x: 2, y: listTop, style: Palette.dim)
        } else if folders.folders.isEmpty, listHeight > 0 {
            buffer.write("(no directories here)", x: 2, y: listTop, style: Palette.dim)
        }
        let top = ListScreen.scrollTop(selection: folders.selection, count: folders.folders.count, visible: listHeight)
        for (offset, name) in folders.folders.dropFirst(top).prefix(listHeight).enumerated() where folders.error == nil
        {
            let y = listTop + offset
            let selected = top + offset == folders.selection
            if selected { buffer.fill(x: 0, y: y, width: area.width, style: Palette.selected) }
            buffer.write(
                TerminalText.truncate("  " + TerminalText.sanitize(name) + "/", to: area.width - 2), x: 1, y: y,
                style: selected ? Palette.selected : Palette.heading)
        }
        if let prompt = state.prompt, prompt.purpose == .folderName, area.bottom - 1 > area.y {
            let label = prompt.purpose.label
            buffer.fill(x: 0, y: area.bottom - 1, width: area.width)
            buffer.write(label, x: 1, y: area.bottom - 1, style: Palette.heading)
            EditorScreen.drawField(
                prompt.field, x: 1 + label.count, y: area.bottom - 1, width: max(1, area.width - label.count - 3),
                into: &buffer)
        }
    }
}
