import FoundationEssentials
import TerminalKit
import ZenodoKit

/// The metadata form: one row per field (people and related identifiers as lists), changed
/// fields marked `*`, problems in red under their field, the field being typed with a cursor.
/// Description and notes are edited in a full-area text box.
enum EditorScreen {
    static let labelWidth = 17

    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard let editor = state.editor else { return }
        var top = area.y
        // The deposition as last read: its DOI (reserved or registered) and whether its files are locked.
        let deposition = state.details[editor.depositionID].map(state.knowing)
        var heading = "Metadata of \(editor.depositionID)"
        if let doi = deposition?.doiToRegister(testDOIs: state.testDOIs) {
            heading += " · DOI \(TerminalText.sanitize(doi))" + (deposition?.doi == nil ? " (reserved)" : "")
        }
        let changes = editor.diff.changes.count
        let tail = changes == 0 ? "" : "  \(changes) unsaved"
        buffer.write(
            TerminalText.truncate(heading, to: area.width - 2 - tail.count), x: 1, y: top, style: Palette.heading)
        if !tail.isEmpty { buffer.write(tail, x: area.width - tail.count - 1, y: top, style: Palette.key) }
        top += 1
        if deposition?.filesEditable == false {
            buffer.write(
                "Published record: metadata only; files stay locked unless F unlocks them.", x: 1, y: top,
                style: Palette.dim)
            top += 1
        }
        for general in editor.generalErrors.prefix(2) {
            buffer.write(
                "✗ \(editor.errorSource): " + TerminalText.sanitize(general), x: 1, y: top, style: Palette.error,
                width: area.width - 2)
            top += 1
        }
        let body = Rect(x: area.x, y: top, width: area.width, height: area.bottom - top)
        if let field = editor.editing, field.multiline, let row = editor.selectedRow {
            drawTextBox(field, title: row.label, in: body, into: &buffer)
        } else {
            drawRows(editor, in: body, into: &buffer)
        }
        if let prompt = state.prompt, prompt.purpose == .importPath {
            let y = area.bottom - 1
            buffer.fill(x: 0, y: y, width: area.width, style: .plain)
            let label = prompt.purpose.label
            buffer.write(label, x: 1, y: y, style: Palette.key)
            drawField(prompt.field, x: 1 + label.count, y: y, width: area.width - label.count - 2, into: &buffer)
        }
    }

    /// Display lines: each row, then its problems.
    private static func drawRows(_ editor: EditorState, in area: Rect, into buffer: inout ScreenBuffer) {
        let width = area.width
        let rows = editor.rows
        let problems = editor.problems
        var lines: [(row: Int?, text: String)] = []
        var rowLine: [Int] = []
        for (index, row) in rows.enumerated() {
            rowLine.append(lines.count)
            lines.append((index, ""))
            for message in Self.messages(for: row, in: problems) {
                for part in TextWrap.wrap("✗ " + TerminalText.sanitize(message), width: max(10, width - labelWidth - 3))
                { lines.append((nil, part)) }
            }
        }
        let selectedLine = rowLine.indices.contains(editor.selection) ? rowLine[editor.selection] : 0
        let top = ListScreen.scrollTop(selection: selectedLine, count: lines.count, visible: area.height)
        let before = editor.originalTexts
        let valueX = labelWidth + 2
        let valueWidth = area.width - valueX - 1
        for (offset, line) in lines.dropFirst(top).prefix(area.height).enumerated() {
            let y = area.y + offset
            guard let index = line.row else {
                buffer.write(line.text, x: valueX, y: y, style: Palette.error, width: valueWidth)
                continue
            }
            let row = rows[index]
            let selected = index == editor.selection
            if before[row.id] ?? "" != row.text { buffer.write("*", x: 0, y: y, style: Palette.key) }
            let labelStyle = row.kind == .header ? Palette.heading : (selected ? Palette.selected : Style.plain)
            buffer.write(TerminalText.pad(row.label, to: labelWidth), x: 1, y: y, style: labelStyle)
            if selected, let field = editor.editing, !field.multiline {
                drawField(field, x: valueX, y: y, width: valueWidth, into: &buffer)
                continue
            }
            let value = TerminalText.sanitize(row.value)
            if value.isEmpty {
                let hint =
                    row.kind == .choice || row.kind == .license ? "(Enter chooses)" : (row.hint.map { "(\($0))" } ?? "")
                buffer.write(hint, x: valueX, y: y, style: selected ? Palette.selected : Palette.dim, width: valueWidth)
            } else {
                buffer.write(
                    value, x: valueX, y: y,
                    style: selected ? Palette.selected : (row.kind == .header ? Palette.dim : .plain), width: valueWidth
                )
            }
        }
        if lines.count > area.height {
            let mark = "\(editor.selection + 1)/\(rows.count)"
            buffer.write(mark, x: area.width - mark.count - 1, y: area.bottom - 1, style: Palette.dim)
        }
    }

    /// A one-line field with the cursor, scrolled so the cursor stays visible.
    static func drawField(_ field: TextField, x: Int, y: Int, width: Int, into buffer: inout ScreenBuffer) {
        let chars = field.characters.map { TerminalText.sanitize(String($0)) }
        var start = 0
        var used = chars[..<field.cursor].reduce(0) { $0 + TerminalText.width($1) }
        while used >= width - 1, start < field.cursor {
            used -= TerminalText.width(chars[start])
            start += 1
        }
        buffer.fill(x: x, y: y, width: width, style: Style(underline: true))
        buffer.write(chars[start...].joined(), x: x, y: y, style: Style(underline: true), width: width)
        buffer.cursor = (x + used, y)
    }

    /// Description and notes: a box with the text wrapped and the cursor.
    private static func drawTextBox(_ field: TextField, title: String, in area: Rect, into buffer: inout ScreenBuffer) {
        let height = max(3, area.height)
        Overlays.box(
            x: 0, y: area.y, width: area.width, height: height, title: "\(title) · Esc or Ctrl-D done", into: &buffer)
        let inner = height - 2
        let layout = field.layout(width: area.width - 4)
        let top = max(0, min(layout.cursorRow - inner / 2, layout.rows.count - inner))
        for (offset, row) in layout.rows.dropFirst(top).prefix(inner).enumerated() {
            buffer.write(row, x: 2, y: area.y + 1 + offset, width: area.width - 4)
        }
        buffer.cursor = (2 + layout.cursorColumn, area.y + 1 + layout.cursorRow - top)
    }
}

/// The new-version step: the version string and the inherited files to keep or drop.
enum NewVersionScreen {
    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard let step = state.newVersion else { return }
        var y = area.y
        buffer.write(
            TerminalText.truncate("New version of " + TerminalText.sanitize(step.title), to: area.width - 2), x: 1,
            y: y, style: Palette.title)
        y += 1
        buffer.write(
            "Draft \(step.draft); previous version: \(TerminalText.sanitize(step.previousVersion ?? "(none)"))", x: 1,
            y: y, style: Palette.dim)
        y += 2
        let versionSelected = step.selection == 0
        buffer.write(
            TerminalText.pad("Version", to: 12), x: 1, y: y, style: versionSelected ? Palette.selected : .plain)
        if step.editingVersion {
            EditorScreen.drawField(step.version, x: 14, y: y, width: min(40, area.width - 16), into: &buffer)
        } else {
            let text = step.version.text.isEmpty ? "(none; Enter edits)" : TerminalText.sanitize(step.version.text)
            buffer.write(text, x: 14, y: y, style: versionSelected ? Palette.selected : .plain)
        }
        y += 2
        buffer.write("Files from the previous version (Space keeps or drops):", x: 1, y: y, style: Palette.heading)
        y += 1
        buffer.write(
            "An upload with the same name replaces a kept file; no need to drop it.", x: 1, y: y, style: Palette.dim,
            width: area.width - 2)
        y += 1
        if step.files.isEmpty { buffer.write("  none", x: 1, y: y, style: Palette.dim) }
        let visible = area.bottom - y - 2
        let top = ListScreen.scrollTop(selection: max(0, step.selection - 1), count: step.files.count, visible: visible)
        for (offset, index) in step.files.indices.dropFirst(top).prefix(max(0, visible)).enumerated() {
            let file = step.files[index]
            let selected = step.selection == index + 1
            let mark = step.keep[index] ? "[keep]" : "[drop]"
            let line =
                "\(mark) \(TerminalText.pad(TerminalText.sanitize(file.filename), to: max(10, area.width - 32))) \(TerminalText.pad(ByteFormat.string(file.size), to: 10, alignRight: true))"
            let style = selected ? Palette.selected : (step.keep[index] ? .plain : Palette.error)
            buffer.write(line, x: 2, y: y + offset, style: style, width: area.width - 3)
        }
        let dropped = step.dropped.count
        buffer.write(
            "\(step.files.count - dropped) kept, \(dropped) dropped. c continues, then choose new files to upload.",
            x: 1,
            y: area.bottom - 1, style: Palette.dim, width: area.width - 2)
    }

}

extension EditorScreen {
    /// A row's problems; a list edited as lines (dates, the native lists) also collects its
    /// entries' (`dates[1]`), so each shows under the row that holds it.
    static func messages(for row: FormRow, in problems: [String: [String]]) -> [String] {
        var messages = problems[row.errorKey] ?? []
        switch row.id {
        case .dates, .nativeList:
            let prefix = row.errorKey + "["
            for key in problems.keys.filter({ $0.hasPrefix(prefix) }).sorted() {
                let line = Int(key.dropFirst(prefix.count).prefix { $0.isNumber }).map { $0 + 1 }
                messages += (problems[key] ?? []).map { message in line.map { "line \($0): \(message)" } ?? message }
            }
        default: break
        }
        return messages
    }
}
