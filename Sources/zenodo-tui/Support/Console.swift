import Foundation
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

    static func out(_ line: String) { write(STDOUT_FILENO, line + "\n") }

    /// Writes without a newline (cursor movement for live progress).
    static func rawOut(_ text: String) { write(STDOUT_FILENO, text) }

    static func error(_ line: String) { write(STDERR_FILENO, line + "\n") }

    /// Writes everything; a reader that went away (`| head`) ends the program as SIGPIPE would.
    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { Foundation.exit(128 + SIGPIPE) }
                return
            }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Server text made safe for the terminal.
    static func safe(_ text: String?) -> String { TerminalText.sanitize(text ?? "") }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36"
    }

    static func styled(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    static func writeJSON(_ value: ZenodoJSONOutput) {
        out(String(decoding: value.data, as: UTF8.self))
    }
}
