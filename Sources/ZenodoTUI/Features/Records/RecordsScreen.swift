import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// The public records search: the search box, then one line per record (date, title, files).
enum RecordsScreen {
    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        let records = state.records
        let type =
            (records.type.map { "  type: \($0)" } ?? "") + (records.access.map { "  access: \($0)" } ?? "")
            + (records.community.map { "  community: \($0)" } ?? "")
            + (records.published.map { "  published: \($0.label)" } ?? "")
        let label = PromptPurpose.searchQuery.label
        buffer.write(label, x: 1, y: area.y, style: Palette.heading)
        let width = max(1, area.width - label.count - type.count - 4)
        if let prompt = state.prompt, prompt.purpose == .searchQuery {
            EditorScreen.drawField(prompt.field, x: 1 + label.count, y: area.y, width: width, into: &buffer)
        } else {
            buffer.write(
                TerminalText.truncate(TerminalText.sanitize(records.query), to: width), x: 1 + label.count, y: area.y,
                style: .plain)
        }
        buffer.write(type, x: area.width - type.count - 1, y: area.y, style: Palette.dim)
        let summary: String
        if let prompt = state.prompt, case .recordsFilter = prompt.purpose {
            let title = prompt.purpose.label
            buffer.write(title, x: 1, y: area.y + 1, style: Palette.heading)
            let start = 1 + TerminalText.width(title)
            EditorScreen.drawField(
                prompt.field, x: start, y: area.y + 1, width: max(1, area.width - start - 2), into: &buffer)
            drawRows(state, from: area.y + 2, in: area, into: &buffer)
            return
        } else if records.loading {
            summary = "searching…"
        } else if let error = records.error {
            summary = "Search failed: \(TerminalText.sanitize(error))"
        } else {
            summary =
                records.results.isEmpty
                ? "no public record matches"
                : "\(records.results.count) of \(records.total) records, \(records.sortLabel)"
                    + (records.hasMore ? "; more as you scroll" : "")
        }
        buffer.write(
            TerminalText.truncate(summary, to: area.width - 2), x: 1, y: area.y + 1,
            style: records.error == nil ? Palette.dim : Palette.error)
        drawRows(state, from: area.y + 2, in: area, into: &buffer)
    }

    /// One line per record: date, title, first creator, version, files and size, access.
    static func drawRows(_ state: AppState, from top: Int, in area: Rect, into buffer: inout ScreenBuffer) {
        let records = state.records
        let visible = area.bottom - top
        guard visible > 0 else { return }
        let first = ListScreen.scrollTop(selection: records.selection, count: records.results.count, visible: visible)
        let shown = first..<min(records.results.count, first + visible)
        // The right-hand column (version, files, size, access) is as wide as its widest row shown,
        // so the columns line up; the title takes what is left.
        let rights = shown.map { right(records.results[$0]) }
        let rightWidth = min(32, rights.map(TerminalText.width).max() ?? 0)
        let creatorWidth = area.width >= 100 ? 22 : area.width >= 60 ? 14 : 0
        let titleWidth = max(4, area.width - 12 - rightWidth - (creatorWidth > 0 ? creatorWidth + 2 : 0) - 4)
        for (row, index) in shown.enumerated() {
            let record = records.results[index]
            let selected = index == records.selection && state.prompt?.purpose != .searchQuery
            let y = top + row
            if selected { buffer.fill(x: 0, y: y, width: area.width, style: Palette.selected) }
            let date = record.metadata["publication_date"]?.string ?? ""
            let title = TerminalText.sanitize(record.title)
            let creator =
                creatorWidth > 0
                ? "  "
                    + TerminalText.pad(TerminalText.truncate(firstCreators(record), to: creatorWidth), to: creatorWidth)
                : ""
            let line =
                "\(TerminalText.pad(date, to: 10))  \(TerminalText.pad(TerminalText.truncate(title, to: titleWidth), to: titleWidth))\(creator)  \(TerminalText.truncate(rights[row], to: rightWidth))"
            buffer.write(
                TerminalText.truncate(line, to: area.width - 2), x: 1, y: y, style: selected ? Palette.selected : .plain
            )
        }
    }
}

extension RecordsScreen {
    /// `v3.0  2 files 19.1 KiB  embargoed`.
    static func right(_ record: Record) -> String {
        let size = ByteFormat.string(record.files.reduce(0) { $0 + $1.size })
        let access = record.accessRight.flatMap { $0 == "open" ? nil : "  " + TerminalText.sanitize($0) } ?? ""
        let version =
            VersionLabel.shown(record.metadata["version"]?.string).map { "\(TerminalText.sanitize($0))  " } ?? ""
        return "\(version)\(record.files.count) file\(record.files.count == 1 ? "" : "s") \(size)\(access)"
    }

    /// `Müller`, `Müller & Ødegård`, `Müller et al.`: family names (the part before the comma).
    static func firstCreators(_ record: Record) -> String {
        let names = (record.metadata["creators"]?.array ?? []).compactMap { creator -> String? in
            guard let name = creator["name"]?.string ?? creator["person_or_org"]?["name"]?.string else { return nil }
            return TerminalText.sanitize(
                String(name.split(separator: ",").first ?? Substring(name)).trimming(.whitespaces))
        }
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        case 2: return "\(names[0]) & \(names[1])"
        default: return "\(names[0]) et al."
        }
    }
}

/// One public record: what it is, and its files with what has been downloaded of each.
enum RecordScreen {
    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard let view = state.recordView else { return }
        let record = view.record
        var y = area.y
        func line(_ text: String, style: Style = .plain) {
            guard y < area.bottom else { return }
            buffer.write(TerminalText.truncate(text, to: area.width - 2), x: 1, y: y, style: style)
            y += 1
        }
        line(TerminalText.sanitize(record.title), style: Palette.title)
        let creators = (record.metadata["creators"]?.array ?? []).compactMap { $0["name"]?.string }
        line(
            "Record       \(record.id)\(record.doi.map { " · DOI \($0)" } ?? "")"
                + (record.conceptDOI.map { " · concept \($0)" } ?? ""), style: .plain)
        line(
            "Published    \(record.metadata["publication_date"]?.string ?? "?")  \(record.resourceType ?? "")  \(record.license ?? "")"
        )
        if !creators.isEmpty {
            let shown =
                creators.prefix(3).joined(separator: "; ")
                + (creators.count > 3 ? " and \(creators.count - 3) more" : "")
            line("Creators     \(TerminalText.sanitize(shown))")
        }
        line("Versions     " + versionsLine(view), style: .plain)
        let about = RecordAbout(record)
        if view.showingAbout {
            drawAbout(about, view, from: y, in: area, into: &buffer)
            return
        }
        if !about.keywords.isEmpty {
            line("Keywords     " + TerminalText.sanitize(about.keywords.joined(separator: ", ")))
        }
        if let grant = about.grants.first {
            let more = about.grants.count > 1 ? " and \(about.grants.count - 1) more" : ""
            line("Funding      " + TerminalText.sanitize(grant.words) + more)
        }
        if let use = about.statsWords { line("Use          " + use, style: Palette.dim) }
        if !about.description.isEmpty {
            let paragraphs = about.description.split(whereSeparator: \.isNewline)
            let first = TextWrap.wrap(
                TerminalText.sanitize(String(paragraphs.first ?? "")), width: max(10, area.width - 29))
            let more = first.count > 1 || paragraphs.count > 1
            line("About        " + (first.first ?? "") + (more ? " … (i reads on)" : ""), style: Palette.dim)
        }
        if let prompt = state.prompt, prompt.purpose == .destination {
            if y < area.bottom {
                buffer.write("Into", x: 1, y: y, style: .plain)
                EditorScreen.drawField(prompt.field, x: 14, y: y, width: max(1, area.width - 16), into: &buffer)
            }
            y += 1
        } else {
            line("Into         \(TerminalText.sanitize(view.destination))  (o changes it)", style: Palette.dim)
        }
        y += 1
        if let why = Self.whyNotFetchable(record) { line(why, style: Palette.error) }
        line(
            "Files (\(record.files.count), \(ByteFormat.string(record.files.reduce(0) { $0 + $1.size })))",
            style: Palette.heading)
        let visible = area.bottom - y
        guard visible > 0 else { return }
        let first = ListScreen.scrollTop(selection: view.selection, count: record.files.count, visible: visible)
        for index in first..<min(record.files.count, first + visible) {
            let file = record.files[index]
            let selected = index == view.selection
            if selected { buffer.fill(x: 0, y: y, width: area.width, style: Palette.selected) }
            let batch = state.downloads.last { $0.recordID == record.id && $0.fold.file(file.key) != nil }
            let state: String
            var style = selected ? Palette.selected : Style.plain
            switch batch?.fold.file(file.key) {
            case let fetching? where batch?.isFetching(fetching.key) == true:
                let sent = batch?.fold.active.first { $0.key == file.key }?.sent ?? 0
                let fraction = file.size > 0 ? min(1, Double(sent) / Double(file.size)) : 0
                state = "\(ProgressText.bar(fraction, width: 12)) \(Int(fraction * 100))%"
            case let ended? where ended.isDone || ended.state == .arrived: state = "✓ verified"
            case let ended? where ended.state == .failed:
                state = "✗ \(TerminalText.sanitize(ended.error ?? "failed"))"
                if !selected { style = Palette.error }
            default: state = ""
            }
            let mark = view.marked.contains(file.key) ? "[x] " : view.marked.isEmpty ? "" : "[ ] "
            let width = max(8, area.width / 2 - 4 - mark.count)
            let name =
                mark + TerminalText.pad(TerminalText.truncate(TerminalText.sanitize(file.key), to: width), to: width)
            buffer.write(
                TerminalText.truncate(
                    "\(name) \(TerminalText.pad(ByteFormat.string(file.size), to: 10, alignRight: true))  \(state)",
                    to: area.width - 2),
                x: 1, y: y, style: style)
            y += 1
        }
    }

    /// `i`: everything a reader needs before fetching, scrolled with the arrows.
    static func drawAbout(
        _ about: RecordAbout, _ view: RecordView, from top: Int, in area: Rect, into buffer: inout ScreenBuffer
    ) {
        let width = max(10, area.width - 2)
        var lines: [(String, Style)] = []
        func field(_ name: String, _ value: String) {
            for (i, part) in TextWrap.wrap(TerminalText.sanitize(value), width: max(10, width - 13)).enumerated() {
                lines.append(
                    ((i == 0 ? TerminalText.pad(name, to: 13) : String(repeating: " ", count: 13)) + part, .plain))
            }
        }
        if !about.keywords.isEmpty { field("Keywords", about.keywords.joined(separator: ", ")) }
        if let license = about.license { field("License", license) }
        for (i, grant) in about.grants.enumerated() { field(i == 0 ? "Funding" : "", grant.words) }
        for (i, related) in about.related.enumerated() {
            field(i == 0 ? "Related" : "", "\(related.relation) \(related.identifier)")
        }
        if let use = about.statsWords { field("Use", use) }
        lines.append(("", .plain))
        let text = about.description.isEmpty ? "(no description)" : about.description
        for part in TextWrap.wrap(TerminalText.sanitize(text, keepNewlines: true), width: width) {
            lines.append((part, .plain))
        }
        let room = area.bottom - top - 1
        guard room > 0 else { return }
        let first = min(view.aboutScroll, max(0, lines.count - room))
        buffer.write("About (i shows the files again)", x: 1, y: top, style: Palette.heading)
        for (offset, line) in lines.dropFirst(first).prefix(room).enumerated() {
            buffer.write(TerminalText.truncate(line.0, to: width), x: 1, y: top + 1 + offset, style: line.1)
        }
        if lines.count > room {
            let mark = "\(min(lines.count, first + room))/\(lines.count)"
            buffer.write(mark, x: area.width - mark.count - 1, y: area.bottom - 1, style: Palette.dim)
        }
    }

    /// `3; this is v1.1, the latest is v2.0 (record 1042): v chooses`.
    static func versionsLine(_ view: RecordView) -> String {
        guard let versions = view.versions else { return "loading…" }
        func name(_ record: Record) -> String {
            TerminalText.sanitize(VersionLabel.shown(record.metadata["version"]?.string) ?? "record \(record.id)")
        }
        guard versions.count > 1 else { return "this is the only version" }
        let latest = view.latestVersion
        let this = versions.first { $0.id == view.record.id }.map(name) ?? "record \(view.record.id)"
        if let latest, latest.id == view.record.id {
            return "\(versions.count); this is the latest, \(this): v chooses another"
        }
        return
            "\(versions.count); this is \(this), the latest is \(latest.map { "\(name($0)) (record \($0.id))" } ?? "?"): v chooses"
    }

    /// Why the files of a record that is not open cannot be fetched, in words; nil when open or
    /// when its files are listed (the owner's).
    static func whyNotFetchable(_ record: Record) -> String? {
        if let withheld = record.withheldFiles {
            let text = withheld.message(signedIn: true)
            return TerminalText.sanitize(text.prefix(1).uppercased() + text.dropFirst() + ".")
        }
        return nil
    }
}
