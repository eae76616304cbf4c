import Foundation
import ZenodoKit

/// `L` in the form, by the row: on a person's name, the names (ORCID); on a person's
/// affiliation, the affiliations (ROR); elsewhere, the awards for Funding. Searched on the server
/// as it is typed.
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

/// The chosen award as a Funding line, `funder :: number` (the vocabulary's award then).
func lookupChosen(_ state: inout AppState, _ use: LookupUse, _ option: ChooserOption) -> [Effect] {
    if case .person(let id, let list, let index, let kind) = use {
        return personChosen(&state, id, list, index, kind, option)
    }
    guard case .funding(let id) = use, var editor = state.editor, editor.depositionID == id else { return [] }
    let parts = option.id.components(separatedBy: "::")
    guard parts.count == 2 else { return [] }
    var metadata = editor.metadata
    var lines = metadata[RDMNativeFields.funding]?.array?.compactMap(\.string) ?? []
    let line = "\(parts[0]) :: \(parts[1])"
    guard !lines.contains(line) else {
        state.status = "Funding already has \(option.label)."
        return []
    }
    lines.append(line)
    metadata[RDMNativeFields.funding] = .array(lines.map(JSONValue.string))
    editor.metadata = metadata
    // The Funding row shown with what was added.
    if let row = editor.rows.firstIndex(where: { $0.id == .nativeList(RDMNativeFields.funding) }) {
        editor.selection = row
    }
    state.editor = editor
    state.status = "Added to Funding: \(option.label) (\(line)); s saves."
    return []
}

func applyLookup(_ state: inout AppState, _ message: LookupMessage) -> [Effect] {
    guard var chooser = state.chooser, case .lookup = chooser.purpose else { return [] }
    switch message {
    case .found(_, let query, let entries):
        guard chooser.filter == query else { return [] }  // an answer to what is no longer typed
        chooser.options = entries.map { ChooserOption(id: $0.id, label: $0.label, detail: $0.detail) }
        chooser.note = entries.isEmpty ? "No grant matches; a custom award is typed in the Funding field." : nil
    case .failed(let query, let words):
        guard chooser.filter == query else { return [] }
        chooser.note = "Cannot search: \(words)"
    }
    state.chooser = chooser
    return []
}

/// A person's name (with their ORCID and first affiliation, where the entry has them) or their
/// affiliation, from the chosen entry.
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
    } else {
        people[index].affiliation = option.label
    }
    if list == .creators { metadata.creators = people } else { metadata.contributors = people }
    editor.metadata = metadata
    state.editor = editor
    state.status = "\(kind == .names ? "Person" : "Affiliation"): \(option.label) (\(option.id)); s saves."
    return []
}
