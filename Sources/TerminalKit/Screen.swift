/// A terminal size in cells.
public struct Size: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// The eight basic terminal colours (plus the terminal's default).
public enum Color: Int, Sendable, Equatable, CaseIterable {
    case `default` = -1
    case black = 0
    case red, green, yellow, blue, magenta, cyan, white
}

/// How a cell looks. Colours degrade to attributes on a monochrome terminal.
public struct Style: Sendable, Equatable, Hashable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(
        foreground: Color = .default, background: Color = .default, bold: Bool = false, dim: Bool = false,
        reverse: Bool = false, underline: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let dim = Style(dim: true)
    public static let reverse = Style(reverse: true)
    public static func fg(_ color: Color, bold: Bool = false) -> Style { Style(foreground: color, bold: bold) }
}

/// One screen cell: a character (one grapheme) and its style. The cell to the right of a wide
/// character is a continuation and draws nothing.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var style: Style
    public var isContinuation: Bool

    public init(_ character: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.character = character
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

/// What a frame will show: a grid of cells that screens draw into and the terminal adapter
/// turns into output. Pure, so screens are tested by comparing its text.
public struct ScreenBuffer: Sendable, Equatable {
    public private(set) var size: Size
    public private(set) var cells: [Cell]
    /// Where to put the cursor (for text fields), `nil` to hide it.
    public var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set {
            cursorX = newValue?.x
            cursorY = newValue?.y ?? 0
        }
    }
    private var cursorX: Int?
    private var cursorY = 0

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: .blank, count: max(0, size.width * size.height))
    }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.size == b.size && a.cells == b.cells && a.cursorX == b.cursorX && a.cursorY == b.cursorY
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// Writes `text` at (`x`, `y`), clipped to `width` columns (default: to the right edge),
    /// never splitting a wide character; returns the columns used. Text must be sanitised.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, width: Int? = nil) -> Int {
        guard y >= 0, y < size.height, x < size.width else { return 0 }
        let limit = min(size.width, x + (width ?? size.width))
        var column = max(0, x)
        for character in text {
            let w = TerminalText.width(String(character))
            if w == 0 { continue }
            if column + w > limit { break }
            self[column, y] = Cell(character, style: style)
            if w == 2 { self[column + 1, y] = Cell(" ", style: style, isContinuation: true) }
            column += w
        }
        return column - max(0, x)
    }

    /// Paints a rectangle with spaces in `style` (backgrounds, reverse bars).
    public mutating func fill(x: Int, y: Int, width: Int, height: Int = 1, style: Style = .plain) {
        for row in max(0, y)..<min(size.height, y + height) {
            for column in max(0, x)..<min(size.width, x + width) { self[column, row] = Cell(" ", style: style) }
        }
    }

    /// The text of each row, trailing spaces trimmed: what a snapshot compares.
    public var lines: [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width where !self[x, y].isContinuation { line.append(self[x, y].character) }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    public var text: String { lines.joined(separator: "\n") }
}

/// A key press, decoded by the terminal adapter.
public enum Key: Sendable, Equatable, Hashable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, delete, tab, backTab
    /// Ctrl plus a letter, e.g. `.control("c")`.
    case control(Character)
    case function(Int)

    /// How help screens write it.
    public var label: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .control(let c): return "Ctrl-\(c.uppercased())"
        case .function(let n): return "F\(n)"
        }
    }
}

/// What the app loop needs from a terminal; only `CursesTerminal` implements it for real.
public protocol Terminal: AnyObject {
    var size: Size { get }
    /// Shows the buffer (the adapter sends only what changed).
    func present(_ buffer: ScreenBuffer)
    /// Keys available now, without blocking.
    func pendingKeys() -> [Key]
    /// The descriptor keys arrive on, for the loop's `poll` (a negative one: keys arrive only with
    /// a `wake()`, as an in-process driver delivers them). The loop reads input only through
    /// this protocol.
    var inputFD: Int32 { get }
    /// A descriptor that becomes readable when `wake()` is called or a signal arrives.
    var wakeFD: Int32 { get }
    /// Wakes the loop (callable from any thread).
    func wake()
    func drainWake()
    /// SIGINT, SIGTERM or SIGHUP received since the last call, else 0.
    func takeSignal() -> Int32
    /// Whether the window was resized since the last call.
    func takeResize() -> Bool
    func start()
    func stop()
    /// Puts `text` in the clipboard of the terminal the user sits at (`Clipboard.osc52`).
    func copyToClipboard(_ text: String)
}
