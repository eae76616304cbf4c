import CNcurses
import FoundationEssentials
import Glibc
import TerminalKit

/// The ncurses adapter: the only code in zenodo-tui that calls curses. Owns the screen from
/// `start` to `stop`; everything else draws into a `ScreenBuffer`.
///
/// Keep every call on one thread (ncurses is not thread-safe).
public final class CursesTerminal: Terminal, @unchecked Sendable {
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal(String)
        public var description: String {
            switch self {
            case .notATerminal(let why): return why
            }
        }
    }

    /// Read end of the wake pipe: readable when a signal arrived or `wake()` was called.
    public let wakeFD: Int32
    private let wakeWriteFD: Int32
    private let colors: Bool
    private var pairs: [Int: Int16] = [:]
    private var started = false
    private var decoder = UTF8KeyDecoder()

    /// Checks the terminal first (a clear error instead of garbage or an exit inside `initscr`).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw StartError.notATerminal("standard input and output must be a terminal")
        }
        let term = environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb" else {
            throw StartError.notATerminal(
                term.isEmpty ? "TERM is not set" : "TERM=dumb cannot show a full-screen interface")
        }
        var why: UnsafePointer<CChar>? = nil
        guard zt_terminal_usable(&why) == 1 else {
            throw StartError.notATerminal(why.map { String(cString: $0) } ?? "the terminal is not usable")
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw StartError.notATerminal("cannot create the wake pipe") }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeFD = fds[0]
        wakeWriteFD = fds[1]
        colors = environment["NO_COLOR"] == nil
    }

    /// Enters full-screen mode. Signals (INT, TERM, HUP, WINCH) only set a flag and wake the loop.
    public func start() {
        if setlocale(LC_ALL, "") == nil
            || !(String(cString: nl_langinfo(nl_item(CODESET))).uppercased().contains("UTF"))
        {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        zt_install_crash_restore()
        initscr()
        cbreak()
        noecho()
        nonl()
        keypad(zt_stdscr(), true)
        nodelay(zt_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        if colors, has_colors() {
            start_color()
            use_default_colors()
        }
        zt_install_signals(wakeWriteFD)
        started = true
    }

    /// Leaves full-screen mode and restores the terminal (alternate screen off, cursor visible).
    public func stop() {
        guard started else { return }
        started = false
        curs_set(1)
        endwin()
    }

    /// OSC 52 written straight to the terminal between frames: it moves no cursor and draws
    /// nothing, so curses' picture of the screen stays true.
    public func copyToClipboard(_ text: String) {
        let sequence = Clipboard.osc52(text)
        sequence.utf8CString.withUnsafeBufferPointer { bytes in
            _ = write(STDOUT_FILENO, bytes.baseAddress, bytes.count - 1)
        }
    }

    deinit { stop() }

    /// Makes the loop's `poll` return (from any thread).
    public func wake() {
        var byte: UInt8 = 0x77
        _ = write(wakeWriteFD, &byte, 1)
    }

    /// Empties the wake pipe.
    public func drainWake() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(wakeFD, &buffer, buffer.count) > 0 {}
    }

    /// A signal received since the last call (SIGINT, SIGTERM, SIGHUP), or 0.
    public func takeSignal() -> Int32 { zt_take_signal() }

    /// Applies a pending SIGWINCH; `true` if the size changed.
    public func takeResize() -> Bool {
        guard zt_take_resize() == 1 else { return false }
        var rows: Int32 = 0
        var cols: Int32 = 0
        if zt_window_size(&rows, &cols) == 1 { resizeterm(rows, cols) }
        return true
    }

    public var inputFD: Int32 { STDIN_FILENO }

    public var size: Size { Size(width: Int(zt_cols()), height: Int(zt_lines())) }

    public var hasColors: Bool { colors && has_colors() }

    public func present(_ buffer: ScreenBuffer) {
        let width = min(buffer.size.width, Int(zt_cols()))
        let height = min(buffer.size.height, Int(zt_lines()))
        for y in 0..<height {
            var x = 0
            while x < width {
                let cell = buffer[x, y]
                if cell.isContinuation {
                    x += 1
                    continue
                }
                var scalars = Array(String(cell.character).unicodeScalars.map { wchar_t(bitPattern: $0.value) })
                scalars.append(0)
                let columns = max(1, Int(zt_wcwidth(scalars[0])))
                if x + columns > width { break }
                _ = scalars.withUnsafeBufferPointer {
                    zt_put(Int32(y), Int32(x), $0.baseAddress, attributes(cell.style), pair(cell.style))
                }
                x += columns
            }
        }
        if let cursor = buffer.cursor {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
    }

    /// Keys typed since the last call. Bytes are read one at a time (`wgetch`) and decoded by
    /// `UTF8KeyDecoder`, not by `get_wch`, which loses what follows an invalid byte.
    public func pendingKeys() -> [Key] {
        var keys: [Key] = []
        while true {
            let code = wgetch(zt_stdscr())
            if code == ERR { break }
            if code > 0xFF {
                decoder.interrupt()
                if let key = Self.special(code) { keys.append(key) }
            } else if let key = decoder.feed(UInt8(code)) {
                keys.append(key)
            }
        }
        return keys
    }

    private func attributes(_ style: Style) -> attr_t {
        var attrs = zt_a_normal()
        if style.bold { attrs |= zt_a_bold() }
        if style.dim { attrs |= zt_a_dim() }
        if style.reverse { attrs |= zt_a_reverse() }
        if style.underline { attrs |= zt_a_underline() }
        // Monochrome: colour that carries meaning becomes bold.
        if !hasColors, style.foreground != .default, !style.dim { attrs |= zt_a_bold() }
        return attrs
    }

    private func pair(_ style: Style) -> Int16 {
        guard hasColors, style.foreground != .default || style.background != .default else { return 0 }
        let key = (style.foreground.rawValue + 1) * 16 + (style.background.rawValue + 1)
        if let existing = pairs[key] { return existing }
        let number = Int16(pairs.count + 1)
        init_pair(number, Int16(style.foreground.rawValue), Int16(style.background.rawValue))
        pairs[key] = number
        return number
    }

    static func special(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case zt_key_resize(): return nil
        case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

}
