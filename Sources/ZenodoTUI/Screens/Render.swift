import FoundationEssentials
import TerminalKit
import ZenodoKit

/// Draws the whole frame from the state: header, the current screen, footer, status line and any
/// overlay. Pure; the loop hands the buffer to the terminal.
public func render(_ state: AppState) -> ScreenBuffer {
    var buffer = ScreenBuffer(size: state.size)
    let size = state.size
    guard size.width >= 20, size.height >= 6 else {
        buffer.write("Window too small", x: 0, y: 0)
        return buffer
    }
    Chrome.header(state, into: &buffer)
    let area = Rect(x: 0, y: 1, width: size.width, height: size.height - 3)
    switch state.screen {
    case .list: ListScreen.draw(state, in: area, into: &buffer)
    case .deposition(let id): DepositionScreen.draw(state, id: id, in: area, into: &buffer)
    case .picker: PickerScreen.draw(state, in: area, into: &buffer)
    case .uploads: UploadsScreen.draw(state, in: area, into: &buffer)
    case .editor: EditorScreen.draw(state, in: area, into: &buffer)
    case .newVersion: NewVersionScreen.draw(state, in: area, into: &buffer)
    case .records: RecordsScreen.draw(state, in: area, into: &buffer)
    case .record: RecordScreen.draw(state, in: area, into: &buffer)
    case .folders: FolderScreen.draw(state, in: area, into: &buffer)
    case .archive: ArchiveScreen.draw(state, in: area, into: &buffer)
    case .sharing: SharingScreen.draw(state, in: area, into: &buffer)
    }
    Chrome.footer(state, into: &buffer)
    if let chooser = state.chooser { Overlays.drawChooser(chooser, state, into: &buffer) }
    if let overlay = state.overlay {
        buffer.cursor = nil
        Overlays.draw(overlay, state, into: &buffer)
    }
    return buffer
}

/// A region of the screen.
public struct Rect: Sendable, Equatable {
    public var x, y, width, height: Int
    public var bottom: Int { y + height }
}

/// Styles with meaning, in one place.
enum Palette {
    static let title = Style(bold: true)
    static let selected = Style(reverse: true)
    static let dim = Style(dim: true)
    static let error = Style(foreground: .red, bold: true)
    static let heading = Style(foreground: .cyan, bold: true)
    static let key = Style(foreground: .yellow, bold: true)
    static let added = Style(foreground: .green)

    static func tone(_ tone: Confirmation.Tone) -> Style {
        switch tone {
        case .plain: return .plain
        case .strong: return title
        case .warning: return Style(foreground: .yellow, bold: true)
        case .added, .ok: return added
        case .removed, .problem: return error
        case .dim: return dim
        }
    }

    static func badge(_ badge: AppState.Badge) -> Style {
        switch badge {
        case .zenodo: return Style(foreground: .white, background: .red, bold: true)
        case .sandbox: return Style(foreground: .black, background: .yellow, bold: true)
        case .local: return Style(foreground: .black, background: .green, bold: true)
        case .custom: return Style(foreground: .white, background: .blue, bold: true)
        }
    }

    static func status(_ status: Deposition.Status) -> Style {
        switch status {
        case .draft: return Style(foreground: .yellow)
        case .newVersion: return Style(foreground: .magenta)
        case .published: return Style(foreground: .green)
        case .editing: return Style(foreground: .cyan)
        }
    }
}

/// Header and footer.
enum Chrome {
    static let spinnerFrames: [Character] = ["-", "\\", "|", "/"]

    static func header(_ state: AppState, into buffer: inout ScreenBuffer) {
        let width = state.size.width
        buffer.fill(x: 0, y: 0, width: width, style: Style(reverse: true))
        var x = buffer.write(" zenodo-tui ", x: 0, y: 0, style: Style(bold: true, reverse: true))
        x += buffer.write(" " + TerminalText.sanitize(state.serverName) + " ", x: x, y: 0, style: Style(reverse: true))
        let running = state.uploads.filter(\.isRunning)
        if !running.isEmpty {
            let done = running.reduce(Int64(0)) { $0 + $1.progress.doneBytes }
            let total = max(1, running.reduce(Int64(0)) { $0 + $1.progress.totalBytes })
            buffer.write(
                " uploading \(running.count): \(Int(Double(done) / Double(total) * 100))% ", x: x, y: 0,
                style: Style(bold: true, reverse: true))
        }
        let badge = " \(state.badge.rawValue) "
        buffer.write(badge, x: width - badge.count, y: 0, style: Palette.badge(state.badge))
    }

    /// What the footer says while text is typed or a chooser is open, instead of the bindings.
    static func entryHints(_ state: AppState) -> String? {
        if state.chooser != nil { return "type to search  ↑/↓ move  Enter chooses  Esc cancels" }
        if let field = state.editor?.editing, state.overlay == nil {
            return field.multiline
                ? "Enter new line  Esc/Ctrl-D done  ←/→/↑/↓ move  Ctrl-U clears line"
                : "Enter keeps  Tab keeps and goes on  Esc cancels  Ctrl-U clears"
        }
        if case .prompt(let purpose) = state.focus {
            switch purpose {
            case .destination:
                return "Enter keeps the directory (created if it is not there)  Esc cancels  Ctrl-U clears"
            case .folderName: return "Enter makes the directory  Esc cancels  Ctrl-U clears"
            case .importPath: return "Enter reads the file (.zenodo.json or CITATION.cff)  Esc cancels"
            case .uploadPath: return "Enter goes there (a file: chooses it)  Tab completes  Esc cancels"
            case .recordsFilter: return "Enter applies (empty: none)  Esc cancels  Ctrl-U clears"
            case .archiveFilter: return "Shown as typed  Enter keeps  Esc clears  Ctrl-U clears"
            case .sharePerson: return "Enter looks them up, then asks what they may do  Esc cancels"
            case .reviewComment: return "Enter sends it to the community's curators  Esc cancels"
            case .listFilter, .searchQuery: return nil
            }
        }
        if state.newVersion?.editingVersion == true { return "Enter keeps  Ctrl-U clears" }
        return nil
    }

    static func footer(_ state: AppState, into buffer: inout ScreenBuffer) {
        let y = state.size.height - 2
        var x = 0
        if let hints = entryHints(state) {
            buffer.write(hints, x: 0, y: y, style: Palette.key)
            x = state.size.width
        }
        for binding in KeyBindings.bindings(for: state.screen) where binding.inFooter && x < state.size.width {
            let disabled = binding.disabledBecause(state) != nil
            let keyText = binding.keys.first?.label ?? ""
            let needed = TerminalText.width(keyText) + TerminalText.width(binding.label) + 3
            if x + needed > state.size.width { break }
            x += buffer.write(keyText, x: x, y: y, style: disabled ? Palette.dim : Palette.key)
            x += buffer.write(" " + binding.label + "  ", x: x, y: y, style: disabled ? Palette.dim : .plain)
        }
        let status: String
        var style = Palette.dim
        if let prompt = state.prompt, state.focus == .prompt(.listFilter) {
            status = "/" + TerminalText.sanitize(prompt.text) + "▏  (Enter keeps, Esc clears)"
            style = .plain
        } else if let retry = state.retryWait {
            status = retryLine(retry, width: state.size.width)
            style = Palette.key
        } else if let busy = state.busy {
            status = TerminalText.sanitize(busy) + "… \(spinnerFrames[state.spinner % 4])"
            style = Palette.key
        } else if let message = state.status {
            status = TerminalText.sanitize(message)
            style = message.contains("not here") || message.contains("failed") ? Palette.error : .plain
        } else {
            status = ""
        }
        buffer.write(status, x: 0, y: state.size.height - 1, style: style)
    }

    /// `zenodo.org: connection reset, retry 2/5 in 8 s; r retries now, Esc stops`: the reason is
    /// shortened, never the attempt, the wait or the keys.
    static func retryLine(_ notice: RetryNotice, width: Int) -> String {
        let host = TerminalText.sanitize(notice.host) + ": "
        let tail = ", " + notice.when + "; r retries now, Esc stops"
        let room = max(1, width - TerminalText.width(host) - TerminalText.width(tail) - 1)
        return host + TerminalText.truncate(TerminalText.sanitize(notice.reason), to: room) + tail
    }
}
