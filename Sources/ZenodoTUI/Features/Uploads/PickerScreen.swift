import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// The local file browser: navigate, choose several files, or type a path with Tab completion.
enum PickerScreen {
    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard let picker = state.picker else { return }
        let target =
            state.focusedDeposition.map { TerminalText.sanitize($0.title.isEmpty ? "(untitled)" : $0.title) } ?? ""
        buffer.write("Upload into \(picker.depositionID) \(target)", x: 1, y: area.y, style: Palette.title)
        buffer.write(TerminalText.sanitize(picker.directory), x: 1, y: area.y + 1, style: Palette.heading)
        let listTop = area.y + 2
        let listHeight = area.height - 4
        if let error = picker.error {
            buffer.write(TerminalText.sanitize(error), x: 2, y: listTop, style: Palette.error)
        } else if picker.entries.isEmpty {
            buffer.write("(empty directory)", x: 2, y: listTop, style: Palette.dim)
        }
        let top = ListScreen.scrollTop(selection: picker.selection, count: picker.entries.count, visible: listHeight)
        for (offset, entry) in picker.entries.dropFirst(top).prefix(listHeight).enumerated() {
            let y = listTop + offset
            let index = top + offset
            let path = PathText.appending(picker.directory, entry.name)
            let mark = entry.isDirectory ? "   " : (picker.chosen.contains(path) ? "[x]" : "[ ]")
            let name = TerminalText.sanitize(entry.name) + (entry.isDirectory ? "/" : "")
            // Junk and what .zenodoignore leaves out are named where they are: chosen inside a
            // directory, they are left out (J takes the junk).
            let junk = picker.leftOutReason(entry) != nil
            let size =
                entry.ignored != nil
                ? "ignored" : junk ? "junk" : entry.isDirectory ? "" : ByteFormat.string(entry.size)
            let line =
                " \(mark) " + TerminalText.pad(name, to: max(10, area.width - 20))
                + TerminalText.pad(size, to: 10, alignRight: true)
            let selected = index == picker.selection
            if selected { buffer.fill(x: 0, y: y, width: area.width, style: Palette.selected) }
            buffer.write(
                line, x: 0, y: y,
                style: selected ? Palette.selected : junk ? Palette.dim : (entry.isDirectory ? Palette.heading : .plain)
            )
        }
        var summary = picker.chosenSummary
        if picker.checking { summary += "  — checking…" }
        summary += " · " + picker.packLabel
        // The selected entry's reason to be left out, said in full.
        if picker.entries.indices.contains(picker.selection),
            let reason = picker.leftOutReason(picker.entries[picker.selection])
        {
            summary = "left out when its directory is chosen: " + reason
        }
        buffer.write(TerminalText.sanitize(summary), x: 1, y: area.bottom - 2, style: Palette.title)
        if let prompt = state.prompt, prompt.purpose == .uploadPath {
            let label = prompt.purpose.label
            buffer.fill(x: 0, y: area.bottom - 1, width: area.width)
            buffer.write(label, x: 1, y: area.bottom - 1, style: .plain)
            EditorScreen.drawField(
                prompt.field, x: 1 + label.count, y: area.bottom - 1, width: max(1, area.width - label.count - 2),
                into: &buffer)
            if !picker.completions.isEmpty {
                let names = picker.completions.prefix(6).map { PathText.lastComponent($0) }.joined(
                    separator: "  ")
                buffer.write(TerminalText.sanitize(names), x: 1, y: area.bottom - 2, style: Palette.dim)
            }
        }
    }
}
