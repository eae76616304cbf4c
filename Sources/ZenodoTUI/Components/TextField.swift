import TerminalKit

/// A line (or a few paragraphs) of text being typed, with a cursor: the editing keys of a form
/// field. Pure; the screen draws it and puts the terminal cursor where `cursor` is.
public struct TextField: Sendable, Equatable {
    public private(set) var characters: [Character]
    /// Index in `characters` before which typing inserts.
    public private(set) var cursor: Int
    public let multiline: Bool

    public init(_ text: String, multiline: Bool = false) {
        characters = Array(text)
        cursor = characters.count
        self.multiline = multiline
    }

    public var text: String { String(characters) }

    /// Applies an editing key (`KeyBindings.modal(.text)` or `.multilineText`); `false` when the
    /// key is not an edit (Enter on a single line, Esc, Tab: the caller's to act on).
    public mutating func apply(_ key: Key) -> Bool {
        switch KeyBindings.command(for: key, in: multiline ? .multilineText : .text) {
        case nil:
            guard case .character(let c) = key else { return false }
            characters.insert(c, at: cursor)
            cursor += 1
        case .newLine?:
            characters.insert("\n", at: cursor)
            cursor += 1
        case .deleteBack?:
            guard cursor > 0 else { return true }
            cursor -= 1
            characters.remove(at: cursor)
        case .deleteForward?:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left?: cursor = max(0, cursor - 1)
        case .right?: cursor = min(characters.count, cursor + 1)
        case .lineStart?: cursor = lineStart(cursor)
        case .lineEnd?: cursor = lineEnd(cursor)
        case .clear?:
            let start = lineStart(cursor)
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .clearToEnd?:
            characters.removeSubrange(cursor..<lineEnd(cursor))
        case .deleteWord?:
            var start = cursor
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " ", characters[start - 1] != "\n" { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .up?, .down?:
            let start = lineStart(cursor)
            let column = cursor - start
            if key == .up {
                guard start > 0 else {
                    cursor = 0
                    return true
                }
                let previous = lineStart(start - 1)
                cursor = min(previous + column, start - 1)
            } else {
                let end = lineEnd(cursor)
                guard end < characters.count else {
                    cursor = end
                    return true
                }
                cursor = min(end + 1 + column, lineEnd(end + 1))
            }
        default:
            return false
        }
        return true
    }

    private func lineStart(_ index: Int) -> Int {
        var i = index
        while i > 0, characters[i - 1] != "\n" { i -= 1 }
        return i
    }

    private func lineEnd(_ index: Int) -> Int {
        var i = index
        while i < characters.count, characters[i] != "\n" { i += 1 }
        return i
    }

    /// The text laid out in rows of at most `width` columns (hard newlines and soft wraps), and the
    /// row and column of the cursor, for drawing.
    public func layout(width: Int) -> (rows: [String], cursorRow: Int, cursorColumn: Int) {
        var rows: [String] = [""]
        var widths = [0]
        var cursorAt = (0, 0)
        for (index, character) in characters.enumerated() {
            if index == cursor { cursorAt = (rows.count - 1, widths[widths.count - 1]) }
            if character == "\n" {
                rows.append("")
                widths.append(0)
                continue
            }
            let shown = TerminalText.sanitize(String(character))
            let w = TerminalText.width(shown)
            if widths[widths.count - 1] + w > max(1, width - 1) {
                rows.append("")
                widths.append(0)
                if index == cursor { cursorAt = (rows.count - 1, 0) }
            }
            rows[rows.count - 1] += shown
            widths[widths.count - 1] += w
        }
        if cursor == characters.count { cursorAt = (rows.count - 1, widths[widths.count - 1]) }
        return (rows, cursorAt.0, cursorAt.1)
    }
}
