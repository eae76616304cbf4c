import EssentialsExtras
import FoundationEssentials
import ZenodoKit

/// `L` in the form, by the row: on a person's name, the names (ORCID); on a person's
/// affiliation, the affiliations (ROR); on Subjects, the subjects; elsewhere, the awards for
/// Funding (with a custom award when none fits). Searched on the server as it is typed.
func openGrantLookup(_ state: inout AppState) -> [Effect] {
    guard let editor = state.editor else { return [] }
    let use: LookupUse
    let title: String
    switch editor.selectedRow?.id {
    case .person(let list, let index, .name)?:
        use = .person(depositionID: editor.depositionID, list, index: index, .names)
        title = "Who is it? (type a name or an ORCID)"
    case .person(let list, let index, .affiliation)?, .person(let list, let index, .affiliations)?:
        use = .person(depositionID: editor.depositionID, list, index: index, .affiliations)
        title = "Which institution? (type its name, acronym or ROR id)"
    case .nativeList(RDMNativeFields.subjects)?:
        use = .subjects(depositionID: editor.depositionID)
        title = "Add which subject? (type a word of it or its id)"
    default:
        guard editor.backend.nativeFields else {
            state.status =
                "Find: on a person's name or affiliation here; grants are a field of the native API (--api rdm)."
            return []
        }
        use = .funding(depositionID: editor.depositionID)
        title = "Add which grant to Funding? (type its number, acronym or title)"
    }
    state.chooser = Chooser(title: title, purpose: .lookup(use), options: [], note: "Searching…")
    return [.lookup(.search(use.kind, query: ""))]
}

/// Typing in the chooser: a new search (the runner waits for a pause and drops superseded ones).
func lookupTyped(_ use: LookupUse, _ query: String) -> [Effect] { [.lookup(.search(use.kind, query: query))] }

/// The option that turns what was typed in the grant chooser into a custom award.
let customAwardPrefix = "custom-award:"

/// The chosen entry, into the form where the chooser was opened.
func lookupChosen(_ state: inout AppState, _ use: LookupUse, _ option: ChooserOption) -> [Effect] {
    switch use {
    case .person(let id, let list, let index, let kind):
        return personChosen(&state, id, list, index, kind, option)
    case .subjects(let id):
        appendLine(&state, id, RDMNativeFields.subjects, "\(option.label) [\(option.id)]", what: "Subjects")
    case .funding(let id) where option.id.hasPrefix(customAwardPrefix):
        let typed = String(option.id.dropFirst(customAwardPrefix.count))
        let (number, title) = customAward(typed)
        let use = LookupUse.customAward(depositionID: id, number: number, title: title)
        state.chooser = Chooser(
            title: "Who funds “\(title)”? (type the funder's name, acronym or ROR id)", purpose: .lookup(use),
            options: [], note: "Searching…")
        return [.lookup(.search(use.kind, query: ""))]
    case .funding(let id):
        // The vocabulary's award: `funder :: number`.
        let parts = option.id.components(separatedBy: "::")
        guard parts.count == 2 else { return [] }
        appendLine(&state, id, RDMNativeFields.funding, "\(parts[0]) :: \(parts[1])", what: "Funding", option.label)
    case .customAward(let id, let number, let title):
        let line = number.isEmpty ? "\(option.id) — \(title)" : "\(option.id) :: \(number) — \(title)"
        appendLine(&state, id, RDMNativeFields.funding, line, what: "Funding", "a custom award of \(option.label)")
    }
    return []
}

/// `NUMBER — TITLE` (or `NUMBER -- TITLE`) typed for a custom award; else all of it is the title.
func customAward(_ typed: String) -> (number: String, title: String) {
    let text = typed.trimming(.whitespaces)
    guard let dash = text.firstRange(of: " — ") ?? text.firstRange(of: " -- ") else { return ("", text) }
    return (
        text[..<dash.lowerBound].trimming(.whitespaces),
        text[dash.upperBound...].trimming(.whitespaces)
    )
}

/// Adds `line` to one of the form's `rdm:` lists (once), selects that row and says so.
private func appendLine(
    _ state: inout AppState, _ id: Int, _ key: String, _ line: String, what: String, _ label: String? = nil
) {
    guard var editor = state.editor, editor.depositionID == id else { return }
    var metadata = editor.metadata
    var lines = metadata[key]?.array?.compactMap(\.string) ?? []
    guard !lines.contains(line) else {
        state.status = "\(what) already has \(label ?? line)."
        return
    }
    lines.append(line)
    metadata[key] = .array(lines.map(JSONValue.string))
    editor.metadata = metadata
    if let row = editor.rows.firstIndex(where: { $0.id == .nativeList(key) }) { editor.selection = row }
    state.editor = editor
    state.status = "Added to \(what): \(label.map { "\($0) (\(line))" } ?? line); s saves."
}

func applyLookup(_ state: inout AppState, _ message: LookupMessage) -> [Effect] {
    guard var chooser = state.chooser, case .lookup(let use) = chooser.purpose else { return [] }
    switch message {
    case .found(_, let query, let entries):
        guard chooser.filter == query else { return [] }  // an answer to what is no longer typed
        var options = entries.map { ChooserOption(id: $0.id, label: $0.label, detail: $0.detail) }
        let typed = query.trimming(.whitespaces)
        if case .funding = use, !typed.isEmpty {
            options.append(
                ChooserOption(
                    id: customAwardPrefix + typed, label: "+ \(typed)",
                    detail: "a custom award (NUMBER — TITLE): its funder next"))
        }
        chooser.options = options
        chooser.note = entries.isEmpty ? noMatch(use) : nil
    case .failed(let query, let words):
        guard chooser.filter == query else { return [] }
        chooser.note = "Cannot search: \(words)"
    }
    state.chooser = chooser
    return []
}

private func noMatch(_ use: LookupUse) -> String {
    switch use {
    case .funding: "No grant matches: Enter on “+ …” adds a custom award."
    case .subjects: "No subject matches (the server's subjects vocabulary; free words go in Keywords)."
    case .customAward: "No funder matches."
    case .person(_, _, _, .names): "No person matches."
    case .person: "No institution matches."
    }
}

/// A person's name (with their ORCID and first affiliation, where the entry has them) or their
/// affiliation, from the chosen entry. On the native API an affiliation is kept with its ROR id
/// (`Name [id]` in the person's affiliations), so the record links the institution.
private func personChosen(
    _ state: inout AppState, _ id: Int, _ list: PeopleList, _ index: Int, _ kind: VocabularyEntry.Kind,
    _ option: ChooserOption
) -> [Effect] {
    guard var editor = state.editor, editor.depositionID == id else { return [] }
    var metadata = editor.metadata
    var people = list == .creators ? metadata.creators : metadata.contributors
    guard people.indices.contains(index) else { return [] }
    if kind == .names {
        people[index].name = option.label
        let parts = (option.detail ?? "").components(separatedBy: " · ")
        if let orcid = parts.first(where: { $0.hasPrefix("ORCID ") }) {
            people[index].orcid = String(orcid.dropFirst(6))
        }
        if let affiliation = parts.first(where: { !$0.hasPrefix("ORCID ") }), people[index].affiliation == nil {
            people[index].affiliation = affiliation
        }
    } else if let text = people[index].extra[RDMNativeFields.affiliations]?.string {
        // The native form's list (`Name [id]; Name`): the entry replaces a line of the same name
        // typed without its id, else is added; the legacy single affiliation follows the first.
        let entry = "\(option.label) [\(option.id)]"
        var lines = text.split(separator: ";").map { $0.trimming(.whitespaces) }.filter { !$0.isEmpty }
        if let same = lines.firstIndex(where: { $0.lowercased() == option.label.lowercased() || $0 == entry }) {
            lines[same] = entry
        } else {
            lines.append(entry)
        }
        people[index].extra[RDMNativeFields.affiliations] = .string(lines.joined(separator: "; "))
        people[index].affiliation = lines.first
    } else {
        people[index].affiliation = option.label
    }
    if list == .creators { metadata.creators = people } else { metadata.contributors = people }
    editor.metadata = metadata
    state.editor = editor
    state.status = "\(kind == .names ? "Person" : "Affiliation"): \(option.label) (\(option.id)); s saves."
    return []
}
