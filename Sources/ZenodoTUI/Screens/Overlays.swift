import TerminalKit
import ZenodoKit

/// Help, quit confirmation and pre-flight problems, drawn in a box over the screen.
enum Overlays {
    static func draw(_ overlay: AppState.Overlay, _ state: AppState, into buffer: inout ScreenBuffer) {
        // (key column, text, style): the key column stays aligned while the text wraps.
        var lines: [(String, String, Style)] = []
        let title: String
        var scroll: Int?
        switch overlay {
        case .help:
            title = "Keys"
            // Movement in one line, so that every action fits at 80x24.
            let movement: Set<Action> = [.up, .down, .top, .bottom, .pageUp, .pageDown]
            if state.retryWait != nil {
                lines.append(("r / Esc", "A request waits to be retried: try now / stop trying", Palette.title))
            }
            lines.append(("↑↓ jk", "Move; g/Home first, G/End last, PgUp/PgDn by page", .plain))
            for binding in KeyBindings.bindings(for: state.screen) where !movement.contains(binding.action) {
                if let reason = binding.disabledBecause(state) {
                    lines.append((binding.keyLabel, "\(binding.description) (not now: \(reason))", Palette.dim))
                } else {
                    lines.append((binding.keyLabel, binding.description, .plain))
                }
            }
            lines.append(("", "", .plain))
            lines.append(("", "Any key closes this help.", Palette.dim))
        case .confirmQuit:
            title = "Quit?"
            let background = state.uploads.filter { $0.background && $0.isRunning }.count
            let here = state.runningUploads - background
            lines = [("", "\(state.runningUploads) upload(s) are running.", Palette.title)]
            if background > 0 {
                lines += [
                    (
                        "b",
                        "leave \(background == state.runningUploads ? "them" : "\(background) of them") running in the background",
                        .plain
                    ),
                    ("", "  (zenodo-tui or `zenodo-tui transfers` shows them again)", Palette.dim),
                    ("s", "stop them (they stay resumable)", .plain),
                ]
            }
            if here > 0 {
                lines += [
                    ("", "\(here) run in this process and stop with it (resumable).", .plain),
                    ("y", "quit", .plain),
                ]
            }
            lines += [("", "", .plain), ("", "Any other key stays.", Palette.key)]
        case .menu(let row):
            title = "Actions"
            for (index, binding) in KeyBindings.menuEntries(for: state.screen).enumerated() {
                let marker = index == row ? "▶" : " "
                let reason = binding.disabledBecause(state).map { " (not now: \($0))" } ?? ""
                let style = index == row ? Palette.selected : (reason.isEmpty ? .plain : Palette.dim)
                lines.append((marker + " " + (binding.keys.first?.label ?? ""), binding.description + reason, style))
            }
            lines.append(("", "", .plain))
            lines.append(("", "↑/↓ choose, Enter runs, Esc closes.", Palette.dim))
        case .confirm(let confirmation):
            title = TerminalText.sanitize(confirmation.title)
            scroll = confirmation.scroll
            lines = confirmation.lines.map { ("", $0.text, Palette.tone($0.tone)) }
            let typed = confirmation.typed.map { TerminalText.sanitize($0.field.text) + "▏" } ?? ""
            lines += [("", "", .plain), ("", confirmation.question + typed, Palette.key)]
        case .problems(let problems):
            title = "Nothing was sent"
            lines = problems.map { ("-", $0, Style.plain) }
            lines += [("", "", .plain), ("", "Fix these and try again. Any key closes.", Palette.dim)]
        }
        // Every line is sanitised here, once: confirmations and problems carry text from the server.
        lines = lines.map { ($0.0, TerminalText.sanitize($0.1), $0.2) }
        let keyWidth = (lines.map { TerminalText.width($0.0) }.max() ?? 0).clamped(0, 14)
        let gutter = keyWidth > 0 ? keyWidth + 2 : 0
        let widest = lines.map { gutter + TerminalText.width($0.1) }.max() ?? 0
        let width = min(state.size.width - 4, max(40, widest + 4))
        var wrapped: [(String, String, Style)] = []
        for (key, text, style) in lines {
            for (i, part) in TextWrap.wrap(text, width: max(10, width - 4 - gutter)).enumerated() {
                wrapped.append((i == 0 ? key : "", part, style))
            }
        }
        // Too tall for the window: blank lines go first, then a window of the rest (scrollable in
        // confirmations, counted otherwise); never the last line, the question or how to close.
        let capacity = max(3, state.size.height - 4)
        if wrapped.count > capacity { wrapped.removeAll { $0.1.isEmpty } }
        if wrapped.count > capacity, let last = wrapped.last {
            let body = Array(wrapped.dropLast())
            let kept = capacity - 2
            let start = min(scroll ?? 0, body.count - kept)
            let marker: String
            if scroll != nil {
                marker = "lines \(start + 1)–\(start + kept) of \(body.count): ↑/↓ PgUp/PgDn scroll"
            } else {
                let hidden = body.count - kept
                marker = "… \(hidden) more line\(hidden == 1 ? "" : "s")"
            }
            wrapped = Array(body[start..<(start + kept)]) + [("", marker, Palette.dim), last]
        }
        let height = min(state.size.height - 2, wrapped.count + 2)
        let x = (state.size.width - width) / 2
        let y = max(1, (state.size.height - height) / 2)
        buffer.fill(x: x, y: y, width: width, height: height)
        box(x: x, y: y, width: width, height: height, title: title, into: &buffer)
        for (i, line) in wrapped.prefix(height - 2).enumerated() {
            if !line.0.isEmpty {
                buffer.write(
                    line.0, x: x + 2, y: y + 1 + i, style: line.2 == Palette.dim ? Palette.dim : Palette.key,
                    width: keyWidth)
            }
            buffer.write(line.1, x: x + 2 + gutter, y: y + 1 + i, style: line.2, width: width - 4 - gutter)
        }
    }

    /// A chooser: the search line, the matching options, the selection.
    static func drawChooser(_ chooser: Chooser, _ state: AppState, into buffer: inout ScreenBuffer) {
        let width = min(state.size.width - 4, 72)
        let height = min(state.size.height - 2, max(8, chooser.visible.count + 5))
        let x = (state.size.width - width) / 2
        let y = max(1, (state.size.height - height) / 2)
        buffer.fill(x: x, y: y, width: width, height: height)
        box(x: x, y: y, width: width, height: height, title: chooser.title, into: &buffer)
        let search = "Search: " + TerminalText.sanitize(chooser.filter)
        buffer.write(search, x: x + 2, y: y + 1, style: Palette.key, width: width - 4)
        buffer.cursor = (min(x + width - 3, x + 2 + TerminalText.width(search)), y + 1)
        let listHeight = height - 4
        if let note = chooser.note {
            buffer.write(TerminalText.sanitize(note), x: x + 2, y: y + height - 2, style: Palette.dim, width: width - 4)
        }
        if chooser.visible.isEmpty {
            buffer.write("Nothing matches.", x: x + 2, y: y + 2, style: Palette.dim)
            return
        }
        let top = ListScreen.scrollTop(selection: chooser.selection, count: chooser.visible.count, visible: listHeight)
        // The labels' column: as wide as the longest shown, at least 18, at most half the box.
        let shown = chooser.visible.dropFirst(top).prefix(listHeight)
        let longest = shown.filter { $0.detail != nil }.map { TerminalText.width($0.label) }.max() ?? 0
        let column = max(18, min(longest, (width - 4) / 2))
        for (offset, option) in shown.enumerated() {
            let selected = top + offset == chooser.selection
            let text = option.detail.map { "\(TerminalText.pad(option.label, to: column)) \($0)" } ?? option.label
            if selected { buffer.fill(x: x + 1, y: y + 2 + offset, width: width - 2, style: Palette.selected) }
            buffer.write(
                TerminalText.sanitize(text), x: x + 2, y: y + 2 + offset, style: selected ? Palette.selected : .plain,
                width: width - 4)
        }
    }

    static func box(x: Int, y: Int, width: Int, height: Int, title: String, into buffer: inout ScreenBuffer) {
        let style = Palette.heading
        buffer.write("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y, style: style)
        for row in 1..<(height - 1) {
            buffer.write("│", x: x, y: y + row, style: style)
            buffer.write("│", x: x + width - 1, y: y + row, style: style)
        }
        buffer.write("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1, style: style)
        buffer.write(" \(title) ", x: x + 2, y: y, style: style)
    }
}

extension Int {
    func clamped(_ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(self, low), high) }
}
