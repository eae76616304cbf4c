import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// Who may see a draft or record: its secret links (permission, until when, note, the address
/// with its token masked), the people given access, the access requests waiting; below, the
/// selected row in full (a revealed link's whole address, a request's message).
enum SharingScreen {
    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard let view = state.sharingView else { return }
        var y = area.y
        func line(_ text: String, style: Style = .plain, x: Int = 1) {
            guard y < area.bottom else { return }
            buffer.write(
                TerminalText.truncate(TerminalText.sanitize(text), to: area.width - x - 1), x: x, y: y, style: style)
            y += 1
        }
        line("Sharing \(view.title.isEmpty ? "deposition" : view.title)  (\(view.recordID))", style: Palette.title)
        if let prompt = state.prompt, prompt.purpose == .sharePerson {
            if y < area.bottom {
                buffer.write("Person", x: 1, y: y, style: .plain)
                EditorScreen.drawField(prompt.field, x: 14, y: y, width: max(1, area.width - 16), into: &buffer)
            }
            y += 1
        }
        guard view.loaded else {
            line(
                view.problem.map { "Cannot read its sharing: \($0)" } ?? "Reading…",
                style: view.problem == nil ? Palette.dim : Palette.error)
            return
        }
        // The rows, under their section's heading; the detail of the selected row below.
        var index = 0
        func section(_ title: String, _ count: Int, none: String) {
            line("\(title) (\(count))", style: Palette.key)
            if count == 0 { line("  \(none)", style: Palette.dim) }
        }
        let detailLines = 4
        func row(_ text: String) {
            guard y < area.bottom - detailLines else { return }
            let selected = index == view.selection
            if selected { buffer.fill(x: 0, y: y, width: area.width, style: Palette.selected) }
            line("  " + text, style: selected ? Palette.selected : .plain)
            index += 1
        }
        section("Secret links", view.links.count, none: "none: n makes one (view, preview the draft, edit)")
        for link in view.links {
            let until = link.expires.map { "until \($0)" } ?? "until revoked"
            let note = link.description.isEmpty ? "" : "  \(link.description)"
            row(
                "\(link.permission.padded(to: 8))\(until)\(note)  \(view.maskedAddress(link))"
            )
        }
        section("People", view.grants.count, none: "nobody: p gives a person access")
        for grant in view.grants {
            row("\(grant.permission.padded(to: 8))\(grant.who)")
        }
        let open = view.requests.filter { $0.status == "submitted" }
        if !open.isEmpty || !view.isDraft {
            section("Access requests", open.count, none: "none waiting")
            for request in open { row("user \(request.creator ?? "?") asks: \(request.message ?? "(no message)")") }
        }
        y = max(y, area.bottom - detailLines)
        if let problem = view.problem {
            // The last refusal, whole: the status line cuts it at the screen's width.
            for text in TextWrap.wrap(problem, width: area.width - 2).prefix(detailLines) {
                line(text, style: Palette.error)
            }
            return
        }
        switch view.selected {
        case .link(let link)?:
            if view.revealed == link.id {
                line("Address (copied with OSC 52; c copies again):", style: Palette.dim)
                // The whole address, wrapped by characters from the left edge, to select by hand.
                let full = view.address(link)
                var rest = Substring(full)
                while !rest.isEmpty, y < area.bottom {
                    buffer.write(String(rest.prefix(area.width)), x: 0, y: y, style: .plain)
                    rest = rest.dropFirst(area.width)
                    y += 1
                }
            } else {
                line(
                    "Whoever has this link may \(SecretLink.Permission(rawValue: link.permission)?.words ?? link.permission).",
                    style: Palette.dim)
                line("c copies its address (OSC 52) and shows it in full; x revokes it.", style: Palette.dim)
            }
        case .grant(let grant)?:
            line(
                "\(grant.who) may \(AccessGrant.Permission(rawValue: grant.permission)?.words ?? grant.permission).",
                style: Palette.dim)
            if let origin = grant.origin, origin.hasPrefix("request:") {
                line("Given by accepting their access request.", style: Palette.dim)
            }
            line("x takes it away.", style: Palette.dim)
        case .request(let request)?:
            line(
                "User \(request.creator ?? "?") asked for access: \(request.message ?? "(no message)")",
                style: Palette.dim)
            line("a accepts (they may then see the files); x declines.", style: Palette.dim)
        case nil:
            break
        }
    }
}
