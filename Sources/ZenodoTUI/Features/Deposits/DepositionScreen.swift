import DepositionText
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// One deposition, formatted for reading: metadata, description as wrapped text, files with MD5.
enum DepositionScreen {
    static func draw(_ state: AppState, id: Int, in area: Rect, into buffer: inout ScreenBuffer) {
        guard let deposition = (state.details[id] ?? state.list.items.first(where: { $0.id == id })).map(state.knowing)
        else {
            let text =
                state.detailErrors[id].map { "Could not load deposition \(id): \($0)" } ?? "Loading deposition \(id)…"
            ListScreen.message([text], at: area, into: &buffer, style: Palette.dim)
            return
        }
        var lines = DepositionLines.make(
            deposition, width: area.width - 2, loaded: state.details[id] != nil,
            localCopies: state.localCopies[id] ?? [:],
            versions: deposition.conceptRecordID.flatMap { state.versions[$0] } ?? [], stats: state.recordStats[id])
        if let review = state.reviews[id], let line = CommunityReviewLine.text(review, state) {
            let timeline = CommunityReviewLine.events(state.reviewEvents[id] ?? []).map {
                DepositionLines.Line(
                    text: TerminalText.truncate(TerminalText.sanitize($0), to: area.width - 2), role: .dim)
            }
            lines.insert(
                contentsOf: [DepositionLines.Line(text: line, role: review.status == "declined" ? .error : .heading)]
                    + timeline, at: 1)
        }
        let top = min(state.detailScroll, max(0, lines.count - area.height))
        for (offset, line) in lines.dropFirst(top).prefix(area.height).enumerated() {
            buffer.write(line.text, x: 1, y: area.y + offset, style: line.role.style)
        }
        if lines.count > area.height {
            let end = min(lines.count, top + area.height)
            let mark = "\(end)/\(lines.count)"
            buffer.write(mark, x: area.width - mark.count - 1, y: area.bottom - 1, style: Palette.dim)
        }
    }
}

extension DepositionLines.Role {
    /// The interface's colours for each kind of line.
    var style: Style {
        switch self {
        case .title: return Palette.title
        case .heading: return Palette.heading
        case .dim: return Palette.dim
        case .error: return Palette.error
        case .plain: return .plain
        }
    }
}
