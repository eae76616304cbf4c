import FoundationEssentials
import TerminalKit

#if canImport(Glibc)
    import Glibc
#endif

/// Where output goes and how it may look: colours and live progress only on a terminal, never
/// with `NO_COLOR`; every string from the server sanitised before it is printed.
enum Console {
    static let stdoutIsTTY = isatty(STDOUT_FILENO) == 1
    static let stdinIsTTY = isatty(STDIN_FILENO) == 1

    static var useColor: Bool {
        let environment = ProcessInfo.processInfo.environment
        return stdoutIsTTY && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// Terminal width, or 120 when not a terminal.
    static var columns: Int {
        var size = winsize()
        if stdoutIsTTY, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 120
    }

    /// Prints a line. Every line goes through the sanitiser here, whatever it holds (server text,
    /// an agent's words, a file name): no escape sequence, C0/C1 or bidirectional control reaches
    /// the terminal but the colours `styled` asked for.
    static func out(_ line: String) { write(STDOUT_FILENO, shown(line) + "\n") }

    /// Writes our own control text without a newline (cursor movement for live progress); only
    /// for text this program composed, never for anything a server or a file named.
    static func rawOut(_ text: String) { write(STDOUT_FILENO, text) }

    /// Writes a question without a newline, sanitised like `out`.
    static func prompt(_ text: String) { write(STDOUT_FILENO, shown(text)) }

    static func error(_ line: String) { write(STDERR_FILENO, shown(line) + "\n") }

    /// The text as the terminal gets it: sanitised (newlines kept), then the style markers turned
    /// into SGR sequences when colour is on, dropped when not.
    static func shown(_ text: String) -> String {
        let clean = TerminalText.sanitize(text, keepNewlines: true)
        guard clean.unicodeScalars.contains(where: { StyleMarker.isMarker($0) }) else { return clean }
        var out = String.UnicodeScalarView()
        let color = useColor
        for scalar in clean.unicodeScalars {
            guard StyleMarker.isMarker(scalar) else {
                out.append(scalar)
                continue
            }
            if color { out.append(contentsOf: StyleMarker.sequence(scalar).unicodeScalars) }
        }
        return String(out)
    }

    /// Writes everything; a reader that went away (`| head`) ends the program as SIGPIPE would.
    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { Glibc.exit(128 + SIGPIPE) }
                return
            }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Server text made safe for the terminal.
    static func safe(_ text: String?) -> String { TerminalText.sanitize(text ?? "") }

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case blue = "34"
        case magenta = "35"
        case cyan = "36"
    }

    /// Text in a style: marked with private-use characters that `out` turns into SGR after
    /// sanitising (so the sanitiser, which drops every escape, can still let our colours through).
    static func styled(_ text: String, _ style: Style) -> String {
        useColor ? "\(StyleMarker.start(style))\(text)\(StyleMarker.reset)" : text
    }

    /// The markers: U+10FFF0 resets, U+10FFF1… start a style (the last code points of plane 16's
    /// private use area). A server's text carrying one could at most colour a line.
    enum StyleMarker {
        static let base: UInt32 = 0x10FFF0
        static let styles: [Style] = [.bold, .dim, .red, .green, .yellow, .blue, .magenta, .cyan]
        static let reset = Character(Unicode.Scalar(base)!)

        static func start(_ style: Style) -> Character {
            Character(Unicode.Scalar(base + 1 + UInt32(styles.firstIndex(of: style)!))!)
        }

        static func isMarker(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value >= base && scalar.value <= base + UInt32(styles.count)
        }

        static func sequence(_ scalar: Unicode.Scalar) -> String {
            let index = Int(scalar.value - base)
            return index == 0 ? "\u{1B}[0m" : "\u{1B}[\(styles[index - 1].rawValue)m"
        }
    }

    static func writeJSON(_ value: ZenodoJSONOutput) {
        out(String(decoding: value.data, as: UTF8.self))
    }
}
