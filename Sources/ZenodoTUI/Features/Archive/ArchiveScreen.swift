import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// Inside a ZIP: how it was listed and what that cost, then its members as a tree (folders with
/// their totals, files with size, method and date), marks, and the filter when one is typed.
enum ArchiveScreen {
    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard let view = state.archive else { return }
        var y = area.y
        func line(_ text: String, style: Style = .plain) {
            guard y < area.bottom else { return }
            buffer.write(TerminalText.truncate(text, to: area.width - 2), x: 1, y: y, style: style)
            y += 1
        }
        line(
            TerminalText.sanitize(view.key) + "  (record \(view.recordID), \(ByteFormat.string(view.size)))",
            style: Palette.title)
        guard let tree = view.tree else {
            line(
                view.error.map { "Cannot look inside: \($0)" } ?? "Reading its directory…",
                style: view.error == nil ? Palette.dim : Palette.error)
            return
        }
        let how =
            view.listedBy == .container
            ? "listed by the server (its container API)"
            : "its directory read with \(view.requests) range request\(view.requests == 1 ? "" : "s"), \(ByteFormat.string(view.bytesRead))"
        let marks = view.marked.isEmpty ? "" : "\(view.marked.count) marked; "
        let fetching = view.fetching > 0 ? "fetching \(view.fetching)…; " : ""
        line(
            "\(tree.fileEntries.count) files, \(ByteFormat.string(tree.totalSize)) inside; \(marks)\(fetching)\(how)",
            style: view.marked.isEmpty ? Palette.dim : Palette.key)
        line("Into         \(TerminalText.sanitize(view.destination))", style: Palette.dim)
        if let prompt = state.prompt, prompt.purpose == .archiveFilter {
            if y < area.bottom {
                buffer.write("Members", x: 1, y: y, style: .plain)
                EditorScreen.drawField(prompt.field, x: 14, y: y, width: max(1, area.width - 16), into: &buffer)
            }
            y += 1
        } else if !view.filter.isEmpty {
            line("Members      holding \"\(TerminalText.sanitize(view.filter))\" (/ changes it)", style: Palette.dim)
        }
        let rows = view.rows
        if rows.isEmpty {
            line(view.filter.isEmpty ? "It holds no files." : "No member's path holds that.", style: Palette.dim)
            return
        }
        let visible = area.bottom - y
        guard visible > 0 else { return }
        let first = ListScreen.scrollTop(selection: view.selection, count: rows.count, visible: visible)
        let sizeWidth = 10
        // The time of day only where there is room for it.
        let wide = area.width >= 100
        let tail = 1 + sizeWidth + 2 + 7 + 2 + (wide ? 16 : 10)
        for index in first..<min(rows.count, first + visible) {
            let node = rows[index]
            let selected = index == view.selection
            if selected { buffer.fill(x: 0, y: y, width: area.width, style: Palette.selected) }
            let marked =
                node.isFolder
                ? (node.files > 0 && tree.files(under: node.path).allSatisfy { view.marked.contains($0.name) })
                : view.marked.contains(node.path)
            let opener = node.isFolder ? (view.open.contains(node.path) ? "▾ " : "▸ ") : view.filter.isEmpty ? "  " : ""
            let name = String(repeating: "  ", count: max(0, node.depth)) + opener + TerminalText.sanitize(node.name)
            let nameWidth = max(8, area.width - 4 - tail)
            var text =
                (marked ? "● " : "  ") + TerminalText.pad(TerminalText.truncate(name, to: nameWidth), to: nameWidth)
            text += TerminalText.pad(ByteFormat.string(node.size), to: sizeWidth, alignRight: true) + "  "
            if node.isFolder {
                text += "\(node.files) file\(node.files == 1 ? "" : "s")"
            } else if let entry = node.entry {
                text +=
                    TerminalText.pad(entry.methodName, to: 7) + "  "
                    + String(Self.stamp(entry.modified).prefix(wide ? 16 : 10))
            }
            let style: Style =
                selected
                ? Palette.selected
                : node.entry?.unsafeName != nil ? Palette.error : node.isFolder ? Palette.heading : .plain
            buffer.write(TerminalText.truncate(text, to: area.width - 1), x: 1, y: y, style: style)
            y += 1
        }
    }

    /// `2024-03-01 12:00` from a member's DOS time.
    static func stamp(_ parts: DateComponents?) -> String {
        guard let parts, let year = parts.year, let month = parts.month, let day = parts.day else { return "" }
        return String(cFormat: "%04d-%02d-%02d %02d:%02d", year, month, day, parts.hour ?? 0, parts.minute ?? 0)
    }
}
