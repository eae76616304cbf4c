import FoundationEssentials
import TerminalKit
import ZenodoKit

/// The depositions list: badge, title, files, size, modified; empty and error states that say
/// what to do.
enum ListScreen {
    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        let list = state.list
        let width = area.width
        if let problem = state.setupProblem {
            message([problem], at: area, into: &buffer, style: Palette.error)
            return
        }
        let titleWidth = max(10, width - 12 - 6 - 10 - 11 - 2)
        var header = TerminalText.pad("STATE", to: 12) + TerminalText.pad("TITLE", to: titleWidth + 1)
        header +=
            TerminalText.pad("FILES", to: 5, alignRight: true) + " " + TerminalText.pad("SIZE", to: 9, alignRight: true)
        header += "  MODIFIED"
        buffer.write(header, x: 1, y: area.y, style: Palette.heading)
        let rows = list.visible
        if rows.isEmpty {
            if let error = list.error {
                message(
                    ["Could not load your depositions:", TerminalText.sanitize(error), "", "Press r to try again."],
                    at: area, into: &buffer, style: Palette.error)
            } else if list.loading || !list.loaded {
                message(
                    ["Loading depositions \(Chrome.spinnerFrames[state.spinner % 4])"], at: area, into: &buffer,
                    style: Palette.dim)
            } else if !list.filter.isEmpty {
                message(
                    ["No deposition matches \"\(TerminalText.sanitize(list.filter))\".", "Esc clears the filter."],
                    at: area, into: &buffer, style: Palette.dim)
            } else {
                message(
                    ["No depositions on \(state.serverName) yet.", "Create one on the web site, then press r."],
                    at: area, into: &buffer, style: Palette.dim)
            }
            return
        }
        let visibleRows = area.height - 2
        let top = scrollTop(selection: list.selection, count: rows.count, visible: visibleRows)
        for (offset, deposition) in rows[top..<min(rows.count, top + visibleRows)].enumerated() {
            let y = area.y + 1 + offset
            let selected = top + offset == list.selection
            if selected { buffer.fill(x: 0, y: y, width: width, style: Palette.selected) }
            let base: Style = selected ? Palette.selected : .plain
            var badgeStyle = Palette.status(deposition.status)
            // A draft waiting for a community, or turned down by one, says so instead.
            let review = deposition.state == .unsubmitted ? state.reviews[deposition.id]?.status : nil
            let words = ["submitted": "in review", "declined": "declined", "expired": "review expired"]
            let badge = review.flatMap { words[$0] } ?? deposition.status.rawValue
            if review == "declined" || review == "expired" { badgeStyle = Palette.error }
            badgeStyle.reverse = selected
            var x = 1
            x += buffer.write(TerminalText.pad(badge, to: 12), x: x, y: y, style: badgeStyle)
            let title = deposition.title.isEmpty ? "(untitled)" : TerminalText.sanitize(deposition.title)
            x += buffer.write(TerminalText.pad(title, to: titleWidth) + " ", x: x, y: y, style: base)
            x += buffer.write(
                TerminalText.pad(String(deposition.files.count), to: 5, alignRight: true) + " ", x: x, y: y, style: base
            )
            x += buffer.write(
                TerminalText.pad(ByteFormat.string(deposition.totalSize), to: 9, alignRight: true) + "  ", x: x, y: y,
                style: base)
            buffer.write(deposition.modified.map(ZenodoDate.day) ?? "", x: x, y: y, style: base)
        }
        let loading = list.loading ? "  loading more \(Chrome.spinnerFrames[state.spinner % 4])" : ""
        let filter = list.filter.isEmpty ? "" : "  filter: \(TerminalText.sanitize(list.filter))"
        buffer.write(
            "\(list.selection + 1)/\(rows.count)  sorted by \(list.sort.rawValue)\(filter)\(loading)", x: 1,
            y: area.bottom - 1,
            style: Palette.dim)
    }

    static func message(_ lines: [String], at area: Rect, into buffer: inout ScreenBuffer, style: Style) {
        for (i, line) in lines.enumerated() {
            for (j, wrapped) in TextWrap.wrap(line, width: area.width - 4).enumerated()
            where area.y + 2 + i + j < area.bottom {
                buffer.write(wrapped, x: 2, y: area.y + 2 + i + j, style: style)
            }
        }
    }

    /// The first row shown so that the selection stays visible.
    static func scrollTop(selection: Int, count: Int, visible: Int) -> Int {
        guard count > visible, visible > 0 else { return 0 }
        return max(0, min(selection - visible / 2, count - visible))
    }
}
