import FoundationEssentials
import TerminalKit
import ZenodoKit

/// The text of a deposition, line by line (sanitised, wrapped to a width), each with the kind of
/// line it is: the interface draws them in its colours, `zenodo-tui show` prints them with ANSI
/// attributes. Neither front end owns it, so `show` needs nothing of the interface.
public enum DepositionLines {
    /// What a line is; each front end styles it its own way.
    public enum Role: Sendable, Equatable {
        case title, heading, dim, error, plain
    }

    public struct Line: Sendable, Equatable {
        public var text: String
        public var role: Role
        public init(text: String, role: Role) {
            self.text = text
            self.role = role
        }
    }

    /// `localCopies` (key → MD5 of a local file uploaded in this session) marks files that match.
    /// `versions` is the concept's chain, oldest first; shown when there is more than one.
    public static func make(
        _ d: Deposition, width: Int, loaded: Bool = true, localCopies: [String: String] = [:],
        versions: [Deposition] = [], stats: RecordAbout.Stats? = nil
    ) -> [Line] {
        let m = d.metadata
        var lines: [Line] = []
        let clean = { (text: String) in TerminalText.sanitize(text) }
        for part in TextWrap.wrap(clean(d.title.isEmpty ? "(untitled)" : d.title), width: width) {
            lines.append(Line(text: part, role: .title))
        }
        // At the top, where it is seen whatever the length: actions wait for the full deposition.
        if !loaded { lines.append(Line(text: "Loading the full deposition…", role: .dim)) }
        func field(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            let label = TerminalText.pad(name, to: 13)
            for (i, part) in TextWrap.wrap(clean(value), width: max(10, width - 13)).enumerated() {
                lines.append(Line(text: (i == 0 ? label : String(repeating: " ", count: 13)) + part, role: .plain))
            }
        }
        field("State", "\(d.status.rawValue) · id \(d.id)" + (d.conceptRecordID.map { " · concept \($0)" } ?? ""))
        if let doi = d.doi {
            field("DOI", doi)
        } else if let reserved = m.prereservedDOI {
            field("DOI", "\(reserved) (reserved; registered when published)")
        }
        // The concept DOI names every version, a draft of a new version's too: cite it for "the data".
        field("Concept DOI", d.conceptDOI.map { "\($0) (every version)" })
        if versions.count > 1 {
            let chain = versions.map { v -> String in
                let name = v.state == .unsubmitted ? "draft" : (v.metadata.version ?? "published")
                return "\(name) (\(v.id)\(v.id == d.id ? ", this" : ""))"
            }
            field("Versions", chain.joined(separator: " → "))
        }
        // The public record's use: all versions, and this one's where they differ.
        field("Use", stats.map(RecordAbout.words))
        field("Type", [m.uploadType, m.uploadSubtype].compactMap { $0 }.joined(separator: " / "))
        field("Published", m.publicationDate)
        field("Version", m.version)
        field("Access", [m.accessRight, m.embargoDate.map { "until \($0)" }].compactMap { $0 }.joined(separator: " "))
        field("Conditions", m.accessConditions)
        field("License", m.license)
        for (i, person) in m.creators.enumerated() {
            let extra = [person.affiliation, person.orcid.map { "ORCID \($0)" }].compactMap { $0 }.joined(
                separator: ", ")
            field(i == 0 ? "Creators" : "", person.name + (extra.isEmpty ? "" : " (\(extra))"))
        }
        for (i, person) in m.contributors.enumerated() {
            field(i == 0 ? "Contributors" : "", person.name + (person.type.map { " — \($0)" } ?? ""))
        }
        field("Keywords", m.keywords?.joined(separator: ", "))
        field("Communities", m.communities?.joined(separator: ", "))
        field("Language", m.language)
        for (i, related) in (m.relatedIdentifiers ?? []).enumerated() {
            field(i == 0 ? "Related" : "", "\(related.relation) \(related.identifier)")
        }
        field("Notes", m.notes)
        field("Web page", d.htmlURL)
        if let description = m.description, !description.isEmpty {
            lines.append(Line(text: "", role: .plain))
            for part in TextWrap.wrap(
                TerminalText.sanitize(HTMLText.plain(description), keepNewlines: true), width: width)
            {
                lines.append(Line(text: part, role: .plain))
            }
        }
        lines.append(Line(text: "", role: .plain))
        lines.append(Line(text: "Files (\(d.files.count), \(ByteFormat.string(d.totalSize)))", role: .heading))
        if d.files.isEmpty {
            let none =
                d.isMetadataOnly
                ? "  Metadata-only: published without files (M gives it files again)."
                : d.filesEditable ? "  No files yet: press u to upload." : "  No files."
            lines.append(Line(text: none, role: .dim))
        }
        let nameWidth = max(12, width - 12 - 38 - (localCopies.isEmpty ? 0 : 8))
        for file in d.files {
            let name = TerminalText.pad(clean(file.filename), to: nameWidth)
            let size = TerminalText.pad(ByteFormat.string(file.size), to: 10, alignRight: true)
            var match = ""
            if let local = localCopies[file.filename] { match = local == file.md5 ? "  = local" : "  ≠ local" }
            lines.append(
                Line(
                    text: "  \(name)\(size)  md5:\(file.md5 ?? "?")\(match)",
                    role: match.hasSuffix("≠ local") ? .error : .plain))
        }
        if d.filesUnlocked {
            lines.append(Line(text: "", role: .plain))
            lines.append(
                Line(
                    text: "Files unlocked: u uploads, x deletes, P publishes (same DOI); D undoes.",
                    role: .heading))
        } else if !d.filesEditable {
            lines.append(Line(text: "", role: .plain))
            lines.append(
                Line(
                    text: "Files locked: F unlocks them in the grace period; N makes a new version.",
                    role: .dim))
        }
        return lines
    }
}
