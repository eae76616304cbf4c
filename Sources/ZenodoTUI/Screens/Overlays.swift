import TerminalKit
import ZenodoKit

/// Help, quit confirmation and pre-flight problems, drawn in a box over the screen.
enum Overlays {
    static func draw(_ overlay: AppState.Overlay, _ state: AppState, into buffer: inout ScreenBuffer) {
        var lines: [(String, Style)] = []
        let title: String
        switch overlay {
        case .help:
            title = "Keys"
            for binding in KeyBindings.bindings(for: state.screen) {
                let keys = TerminalText.pad(binding.keyLabel, to: 14)
                if let reason = binding.disabledBecause(state) {
                    lines.append(("\(keys)\(binding.description) — not now: \(reason)", Palette.dim))
                } else {
                    lines.append(("\(keys)\(binding.description)", .plain))
                }
            }
            lines.append(("", .plain))
            lines.append(("Any key closes this help.", Palette.dim))
        case .confirmQuit:
            title = "Quit?"
            lines = [
                ("\(state.runningUploads) upload(s) are running.", Palette.title),
                ("They are journalled: resume later with zenodo-tui upload --resume.", .plain),
                ("", .plain), ("Quit now? y / N", Palette.key),
            ]
        case .problems(let problems):
            title = "Nothing was sent"
            lines = problems.map { ("- " + TerminalText.sanitize($0), Style.plain) }
            lines += [("", .plain), ("Fix these and try again. Any key closes.", Palette.dim)]
        }
        let width = min(state.size.width - 4, max(40, (lines.map { TerminalText.width($0.0) }.max() ?? 0) + 4))
        var wrapped: [(String, Style)] = []
        for (text, style) in lines {
            for part in TextWrap.wrap(text, width: width - 4) { wrapped.append((part, style)) }
        }
        let height = min(state.size.height - 2, wrapped.count + 2)
        let x = (state.size.width - width) / 2
        let y = max(1, (state.size.height - height) / 2)
        buffer.fill(x: x, y: y, width: width, height: height)
        box(x: x, y: y, width: width, height: height, title: title, into: &buffer)
        for (i, line) in wrapped.prefix(height - 2).enumerated() {
            buffer.write(line.0, x: x + 2, y: y + 1 + i, style: line.1, width: width - 4)
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
