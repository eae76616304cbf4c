import Foundation
import TerminalKit
import ZenodoKit

/// `y` on a confirmation.
func confirmed(_ state: inout AppState, _ yes: Confirmation.Yes) -> [Effect] {
    switch yes {
    case .leaveEditor:
        state.editor = nil
        if case .editor = state.screen { state.screens.removeLast() }
        state.status = "Changes not saved."
        return []
    case .run(let effect):
        switch effect {
        case .saveMetadata(let id, _, _):
            state.editor?.saving = true
            state.busy = "Saving \(id)"
        case .publish(let id): state.busy = "Publishing \(id)"
        case .discard(let id): state.busy = "Discarding the edits of \(id)"
        case .deleteDraft(let id): state.busy = "Deleting draft \(id)"
        case .deleteFile(_, _, let name): state.busy = "Deleting \(name)"
        case .prepareNewVersion(let id, _, _):
            state.newVersion?.working = true
            state.busy = "Preparing version draft \(id)"
        default: break
        }
        return [effect]
    }
}

/// Keys while a chooser is open: type to filter, arrows move, Enter picks, Esc cancels.
func chooserKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard var chooser = state.chooser else { return [] }
    switch KeyBindings.command(for: key, in: .chooser) {
    case .cancel?:
        state.chooser = nil
        return []
    case .up?: chooser.selection = max(0, chooser.selection - 1)
    case .down?: chooser.selection = min(chooser.visible.count - 1, chooser.selection + 1)
    case .pageUp?: chooser.selection = max(0, chooser.selection - 10)
    case .pageDown?: chooser.selection = max(0, min(chooser.visible.count - 1, chooser.selection + 10))
    case .deleteBack?: if !chooser.filter.isEmpty { chooser.filter.removeLast() }
    case .clear?: chooser.filter = ""
    case nil:
        if case .character(let c) = key { chooser.filter.append(c) }
    case .choose?:
        state.chooser = nil
        guard let option = chooser.selected else { return [] }
        switch chooser.purpose {
        case .field(let id):
            guard var editor = state.editor else { return [] }
            Form.set(id, to: option.id, in: &editor.metadata)
            editor.select(id)
            state.editor = editor
        case .deleteFile(let depositionID):
            let name = state.details[depositionID]?.files.first { $0.id == option.id }?.filename ?? option.label
            state.overlay = .confirm(
                Confirmation(
                    title: "Delete a file?",
                    lines: [
                        (option.label, .strong),
                        ("is deleted from draft \(depositionID) on the server.", .plain),
                        ("Uploading it again is the only way back.", .warning),
                    ], question: "Delete it? y / N",
                    yes: .run(.deleteFile(depositionID: depositionID, fileID: option.id, name: name))))
        case .openRecord:
            return Int(option.id).map { openVersion(&state, $0) } ?? []
        }
        return []
    default: return []
    }
    state.chooser = chooser
    return []
}

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

/// Create, edit, publish, new version, discard or delete, delete a file: from the list or a deposition.
func performDepositionAction(_ state: inout AppState, _ action: Action) -> [Effect] {
    if action == .create {
        state.busy = "Creating a draft"
        return [.createDeposition]
    }
    guard let deposition = state.focusedDeposition else { return [] }
    let id = deposition.id
    switch action {
    case .editMetadata:
        if deposition.state == .done {
            state.busy = "Opening an edit of \(id)"
            return [.startEdit(id)]
        }
        openEditor(&state, deposition)
        return []
    case .publish:
        state.busy = "Checking \(id) before publishing"
        return [.checkPublish(id)]
    case .newVersion:
        state.busy = "Making a new version of \(id)"
        return [.newVersion(of: id)]
    case .toggleMetadataOnly:
        let metadataOnly = (state.details[id] ?? deposition).isMetadataOnly
        state.busy = metadataOnly ? "Giving draft \(id) files again" : "Making draft \(id) metadata-only"
        return [.setFilesEnabled(id, metadataOnly)]
    case .discardOrDelete:
        let title = deposition.title.isEmpty ? "(untitled)" : deposition.title
        if deposition.state == .inprogress {
            state.overlay = .confirm(
                Confirmation(
                    title: "Discard the edits?",
                    lines: [
                        (title, .strong),
                        ("The metadata changes made since the last publish are lost;", .warning),
                        ("the published record stays exactly as it was.", .plain),
                    ], question: "Discard? y / N", yes: .run(.discard(id))))
        } else {
            let files = deposition.files
            var lines: [(String, Confirmation.Tone)] = [(title, .strong)]
            lines.append(
                (
                    "Draft \(id) is deleted with its metadata and \(files.count) file(s) (\(ByteFormat.string(deposition.totalSize))):",
                    .warning
                ))
            for file in files.prefix(5) { lines.append(("− \(file.filename)", .removed)) }
            if files.count > 5 { lines.append(("… and \(files.count - 5) more", .plain)) }
            if let doi = deposition.metadata.prereservedDOI {
                lines.append(("The reserved DOI \(doi) is released.", .plain))
            }
            if deposition.status == .newVersion { lines.append(("The published versions are not touched.", .dim)) }
            state.overlay = .confirm(
                Confirmation(
                    title: "Delete the draft?", lines: lines, question: "Delete it? y / N", yes: .run(.deleteDraft(id)))
            )
        }
        return []
    case .deleteFile:
        let options = deposition.files.map {
            ChooserOption(id: $0.id, label: "\($0.filename)  \(ByteFormat.string($0.size))")
        }
        state.chooser = Chooser(title: "Delete which file?", purpose: .deleteFile(depositionID: id), options: options)
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
                title: row.label.trimmingCharacters(in: .whitespaces), purpose: .field(row.id),
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
        let version = step.version.text.trimmingCharacters(in: .whitespaces)
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
