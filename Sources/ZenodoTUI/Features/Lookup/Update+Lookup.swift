import Foundation
import ZenodoKit

/// `L` in the form: the awards chooser, searched on the server as it is typed.
func openGrantLookup(_ state: inout AppState) -> [Effect] {
    guard let editor = state.editor else { return [] }
    state.chooser = Chooser(
        title: "Add which grant to Funding? (type its number, acronym or title)",
        purpose: .lookup(.funding(depositionID: editor.depositionID)), options: [], note: "Searching…")
    return [.lookup(.search(.awards, query: ""))]
}

/// Typing in the chooser: a new search (the runner waits for a pause and drops superseded ones).
func lookupTyped(_ query: String) -> [Effect] { [.lookup(.search(.awards, query: query))] }

/// The chosen award as a Funding line, `funder :: number` (the vocabulary's award then).
func lookupChosen(_ state: inout AppState, _ use: LookupUse, _ option: ChooserOption) -> [Effect] {
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
