import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// Keys while a field has the focus: a row of the form, or the new version's number. Enter and
/// Tab keep a line (Tab goes on to the next text row, as in a web form), Esc drops it; a text of
/// several lines is kept by Esc or Ctrl-D (the modal binding table, `KeyMode.text` and
/// `.multilineText`); every other key edits it.
func fieldKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    switch state.screen {
    case .editor:
        guard var editor = state.editor, var field = editor.editing, let row = editor.selectedRow else { return [] }
        let command = KeyBindings.command(for: key, in: field.multiline ? .multilineText : .text)
        switch command {
        case .keep?, .keepAndNext?, .finish?:
            Form.set(row.id, to: field.text, in: &editor.metadata)
            editor.editing = nil
            editor.select(row.id)
            if command == .keepAndNext {
                editor.selection = min(editor.selection + 1, editor.rows.count - 1)
                if let next = editor.selectedRow, next.kind == .text {
                    editor.editing = TextField(Form.text(next.id, editor.metadata))
                }
            }
        case .cancel?:
            editor.editing = nil
        default:
            guard field.apply(key) else { return [] }
            editor.editing = field
        }
        state.editor = editor
        return []
    case .newVersion:
        guard var step = state.newVersion, step.editingVersion else { return [] }
        switch KeyBindings.command(for: key, in: .text) {
        case .keep?, .keepAndNext?, .cancel?: step.editingVersion = false
        default: _ = step.version.apply(key)
        }
        state.newVersion = step
        return []
    default:
        return []
    }
}

/// The form's own actions: edit the row, list items, revert, save through the diff, import.
func performEditorAction(_ state: inout AppState, _ action: Action) -> [Effect] {
    guard var editor = state.editor, let row = editor.selectedRow else { return [] }
    defer { state.editor = editor }
    switch action {
    case .editField:
        switch row.kind {
        case .text: editor.editing = TextField(Form.text(row.id, editor.metadata))
        case .multiline: editor.editing = TextField(Form.text(row.id, editor.metadata), multiline: true)
        case .choice:
            state.chooser = Chooser(
                title: row.label.trimming(.whitespaces), purpose: .field(row.id),
                options: Form.options(row.id, editor.metadata),
                current: Form.text(row.id, editor.metadata))
        case .license:
            let licenses = state.licenses ?? LegacyLicences.vocabulary
            // The record may show a legacy id (`mit-license`): the list names it by its RDM id (`mit`).
            let current = editor.metadata.license.map { LegacyLicences.rdmID($0) ?? $0 }
            state.chooser = Chooser(
                title: "License", purpose: .field(.license), options: licenseOptions(licenses), current: current,
                note: state.licenses == nil ? "Loading this server's licenses…" : nil)
            if state.licenses == nil { return [.loadLicenses] }
        case .header:
            _ = startNewItem(&editor, at: row.id)
        }
        return []
    case .addItem:
        if !startNewItem(&editor, at: row.id) {
            state.status = "a adds a person or a related identifier: move to Creators, Contributors or Related ids."
        }
        return []
    case .removeItem:
        guard let removed = Form.removeItem(at: row.id, in: &editor.metadata) else {
            state.status = "x removes the person or related identifier under the cursor."
            return []
        }
        editor.selection = min(editor.selection, editor.rows.count - 1)
        state.status = "Removed \(removed) (not saved yet: q, then y, leaves without saving)."
        return []
    case .moveItemUp, .moveItemDown:
        if let moved = Form.moveItem(at: row.id, by: action == .moveItemUp ? -1 : 1, in: &editor.metadata) {
            editor.select(moved)
        }
        return []
    case .revertField:
        Form.revert(row.id, to: editor.original, in: &editor.metadata)
        editor.select(row.id)
        return []
    case .save:
        let diff = editor.diff
        guard !diff.isEmpty else {
            state.status = "Nothing to save: the form matches Zenodo."
            return []
        }
        guard let losses = editor.legacyLoss else {
            // Asked once per form; the question follows when the answer is in.
            state.status = "Checking what the save keeps…"
            return [.checkLegacyLoss(editor.depositionID)]
        }
        var lines = Confirmation.lines(of: diff)
        if !losses.isEmpty {
            lines.append(("", .plain))
            lines.append(
                (
                    "Zenodo's deposit API cannot carry these; saving loses them (zenodo-tui --api rdm keeps them):",
                    .problem
                ))
            for item in losses { lines.append(("✗ \(item)", .problem)) }
        }
        let problems = editor.problems
        if !problems.isEmpty {
            lines.append(("", .plain))
            lines.append(("Saving is fine; publishing needs these fixed first:", .dim))
            for (key, messages) in problems.sorted(by: { $0.key < $1.key }) {
                lines.append(("✗ \(key): \(messages.joined(separator: "; "))", .problem))
            }
        }
        state.overlay = .confirm(
            Confirmation(
                title: "Save \(diff.changes.count) change(s) to \(editor.depositionID)?", lines: lines,
                question: "Save? y / N",
                yes: .run(.saveMetadata(editor.depositionID, editor.metadata, basedOn: editor.original))))
        return []
    case .importFile:
        let directory = state.startDirectory.hasSuffix("/") ? state.startDirectory : state.startDirectory + "/"
        openPrompt(&state, .importPath, text: state.metadataFileNearby ?? directory)
        return []
    default:
        return []
    }
}

/// Adds a list item at the row and starts typing its first field; `false` if the row is in no list.
private func startNewItem(_ editor: inout EditorState, at id: FieldID) -> Bool {
    guard let next = Form.addItem(at: id, in: &editor.metadata, editor.backend) else { return false }
    editor.select(next)
    editor.editing = TextField("")
    return true
}

/// The new-version step: keep or drop inherited files, edit the version, continue.
func performNewVersionAction(_ state: inout AppState, _ action: Action) -> [Effect] {
    guard var step = state.newVersion else { return [] }
    defer { state.newVersion = step }
    switch action {
    case .toggleKeep:
        if step.selection == 0 {
            step.editingVersion = true
        } else if step.keep.indices.contains(step.selection - 1) {
            step.keep[step.selection - 1].toggle()
        }
        return []
    case .continueNewVersion:
        var metadata = step.metadata
        let version = step.version.text.trimming(.whitespaces)
        metadata.version = version.isEmpty ? nil : version
        let dropped = step.dropped
        var lines: [(String, Confirmation.Tone)] = [(step.title, .strong)]
        lines.append(("Version: \(version.isEmpty ? "(none)" : version)", .plain))
        lines.append(("Keeps \(step.files.count - dropped.count) inherited file(s).", .plain))
        if !dropped.isEmpty {
            lines.append(("Removes from this draft (the published versions keep them):", .warning))
            for file in dropped { lines.append(("− \(file.filename)", .removed)) }
        }
        lines.append(("Then the file picker opens for new files (q skips it); P publishes.", .dim))
        state.overlay = .confirm(
            Confirmation(
                title: "Prepare the new version?", lines: lines, question: "Continue? y / N",
                yes: .run(.prepareNewVersion(draft: step.draft, dropFileIDs: dropped.map(\.id), metadata: metadata))))
        return []
    default:
        return []
    }
}
