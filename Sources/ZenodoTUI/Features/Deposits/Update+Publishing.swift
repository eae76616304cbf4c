import EssentialsExtras
import FoundationEssentials
import MetadataFiles
import TerminalKit
import ZenodoKit

/// Results of the publishing actions: create, save, import, publish, edit, discard, delete, new version.
func applyResult(_ state: inout AppState, _ message: Message) -> [Effect] {
    switch message {
    case .depositionCreated(let deposition):
        state.busy = nil
        remember(&state, deposition)
        state.screens = [.list, .deposition(deposition.id)]
        openEditor(&state, deposition)
        let doi = deposition.metadata.prereservedDOI.map { "; DOI \($0) is reserved for it" } ?? ""
        let nearby = state.metadataFileNearby.map { " i fills it from \(PathText.lastComponent($0))." } ?? ""
        state.status = "Created draft \(deposition.id)\(doi). Fill in the form, s saves.\(nearby)"
        return []

    case .metadataSaved(let deposition, let sent, let keptFromOthers):
        state.busy = nil
        remember(&state, deposition)
        guard var editor = state.editor, editor.depositionID == deposition.id else { return [] }
        let rowID = editor.selectedRow?.id
        editor.original = deposition.metadata
        editor.metadata = deposition.metadata
        editor.saving = false
        editor.serverErrors = [:]
        editor.generalErrors = []
        if let rowID { editor.select(rowID) }
        state.editor = editor
        let changed = LegacyReadBack.notes(sent: sent, readBack: deposition.metadata, ignoring: Set(keptFromOthers))
        state.status =
            "Saved and read back from Zenodo"
            + (keptFromOthers.isEmpty
                ? "" : "; kept changes made there meanwhile: \(keptFromOthers.joined(separator: ", "))")
            + (changed.isEmpty ? "." : "; Zenodo shows differently: \(changed.joined(separator: "; ")).")
        return []

    case .saveConflict(let current, let mine, let merge):
        state.busy = nil
        state.editor?.saving = false
        guard let editor = state.editor, editor.depositionID == current.id else { return [] }
        var lines: [(String, Confirmation.Tone)] = [
            ("Someone saved this deposition after you opened the form, changing fields you changed too:", .warning)
        ]
        for field in merge.conflicts {
            lines.append(("\(field), there: \(current.metadata[field].map(MetadataDiff.show) ?? "(none)")", .removed))
            lines.append(("\(field), yours: \(mine[field].map(MetadataDiff.show) ?? "(none)")", .added))
        }
        if !merge.keptFromTheirs.isEmpty {
            lines.append(
                ("Their other changes are kept either way: \(merge.keptFromTheirs.joined(separator: ", ")).", .plain))
        }
        lines.append(("", .plain))
        lines.append(("y saves yours for these fields; any other key saves nothing and keeps your form.", .dim))
        state.overlay = .confirm(
            Confirmation(
                title: "Changed on Zenodo", lines: lines, question: "Save yours anyway? y / N",
                yes: .run(.saveMetadata(current.id, merge.merged, basedOn: nil))))
        state.status = "Not saved: the deposition changed on Zenodo since the form was opened."
        return []

    case .metadataImported(let path, let fields):
        state.busy = nil
        guard var editor = state.editor else { return [] }
        let before = editor.metadata
        editor.metadata = MetadataFile.merge(fields, into: editor.metadata)
        state.editor = editor
        let diff = MetadataDiff(old: before, new: editor.metadata)
        let name = PathText.lastComponent(path)
        state.status =
            diff.isEmpty
            ? "\(name) changes nothing."
            : "Imported \(name): \(diff.changes.count) field(s) changed, not saved yet. s shows the diff and saves."
        return []

    case .licensesLoaded(let licenses):
        setLicenses(&state, licenses.isEmpty ? LegacyLicences.vocabulary : licenses, note: nil)
        return []

    case .licensesFailed(let error):
        setLicenses(
            &state, LegacyLicences.vocabulary,
            note: "Could not load this server's licenses (\(error)); showing Zenodo's list.")
        return []

    case .publishChecked(let deposition, let checklist):
        state.busy = nil
        remember(&state, deposition)
        state.overlay = .confirm(publishConfirmation(state.knowing(deposition), checklist, testDOIs: state.testDOIs))
        return []

    case .published(let deposition):
        state.busy = nil
        remember(&state, deposition)
        if state.screen.identity == .editor(deposition.id) {
            state.screens.removeLast()
        }
        var lines: [(String, Confirmation.Tone)] = [(deposition.title, .strong), ("", .plain)]
        lines.append(("DOI \(deposition.doi ?? "(not given)") is registered.", .ok))
        if let url = deposition.htmlURL { lines.append(("Record: \(url)", .plain)) }
        lines.append(("Files are now permanent; N makes a new version, e edits the metadata.", .dim))
        state.overlay = .confirm(Confirmation(title: "Published", lines: lines, question: "Any key closes.", yes: nil))
        state.status = "Published \(deposition.id): DOI \(deposition.doi ?? "?")"
        return [reloadList(&state)] + (deposition.conceptRecordID.map { [.loadVersions(concept: $0)] } ?? [])

    case .editOpened(let deposition):
        state.busy = nil
        remember(&state, deposition)
        openEditor(&state, deposition)
        state.status =
            "Editing the published record's metadata: files stay locked (F unlocks them in the grace period). s saves, then P publishes the edit."
        return []

    case .filesEnabledSet(let deposition):
        state.busy = nil
        remember(&state, deposition)
        state.status =
            deposition.isMetadataOnly
            ? "Draft \(deposition.id) is metadata-only: it is published without files (M gives it files again)."
            : "Draft \(deposition.id) takes files again."
        return []

    case .discarded(let id):
        state.busy = nil
        state.status = "Edits of \(id) discarded: the published record is as it was."
        return [.loadDeposition(id)]

    case .draftDeleted(let id):
        state.busy = nil
        state.details[id] = nil
        state.list.items.removeAll { $0.id == id }
        for (concept, chain) in state.versions { state.versions[concept] = chain.filter { $0.id != id } }
        state.screens = state.screens.filter {
            ![.deposition(id), .editor(id), .newVersion(id)].contains($0.identity)
        }
        if state.screens.isEmpty { state.screens = [.list] }
        state.status = "Draft \(id) deleted."
        clampSelections(&state)
        return []

    case .fileDeleted(let id, let name):
        state.busy = nil
        state.status = "Deleted \(name) from \(id)."
        state.localCopies[id]?[name] = nil
        return [.loadDeposition(id)]

    case .newVersionReady(let draft, let previous):
        state.busy = nil
        remember(&state, draft)
        state.screens.append(.newVersion(NewVersionState(draft: draft, previousVersion: previous)))
        state.status =
            "New-version draft \(draft.id). Space keeps or drops a file, Enter on Version edits it, c continues."
        return []

    case .newVersionPrepared(let draft, let dropped):
        state.busy = nil
        remember(&state, draft)
        if state.screen.identity == .newVersion(draft.id) { state.screens.removeLast() }
        state.screens.append(.deposition(draft.id))
        state.detailScroll = 0
        // On into the upload: the picker opens for the new files (q skips it).
        state.screens.append(.picker(PickerState(depositionID: draft.id, directory: state.startDirectory)))
        state.status =
            "Draft \(draft.id) (version \(draft.metadata.version ?? "none")), \(dropped) file(s) dropped. Choose new files, or q; then P publishes."
        return [.listDirectory(state.startDirectory)]
            + (draft.conceptRecordID.map { [.loadVersions(concept: $0)] } ?? [])

    case .versionsLoaded(let concept, let chain):
        state.versions[concept] = chain
        return []

    case .actionFailed(let failure):
        return applyFailure(&state, failure)

    default:
        return []
    }
}

/// An action that failed: Zenodo's field errors go next to the form's fields (a publish refused
/// over fields opens the form); anything else is shown whole in a box, and in the status line.
func applyFailure(_ state: inout AppState, _ failure: ActionFailure) -> [Effect] {
    state.busy = nil
    state.newVersion?.working = false
    if state.editor == nil, failure.action == .publish, !failure.fieldErrors.isEmpty, let id = failure.depositionID,
        let deposition = state.details[id], !deposition.isSummary
    {
        openEditor(&state, deposition)
    }
    var marked = false
    if var editor = state.editor, failure.depositionID == nil || editor.depositionID == failure.depositionID {
        editor.saving = false
        if !failure.fieldErrors.isEmpty {
            let known = Set(editor.rows.map(\.errorKey))
            editor.errorSource = failure.fromServer ? "Zenodo" : "Not sent"
            editor.serverErrors = failure.fieldErrors.filter { known.contains($0.key) }
            editor.generalErrors = failure.fieldErrors.filter { !known.contains($0.key) }.map {
                "\($0.key): \($0.value.joined(separator: " "))"
            }
            marked = true
        }
        state.editor = editor
    }
    let action = failure.action.rawValue.prefix(1).uppercased() + failure.action.rawValue.dropFirst()
    state.status =
        "\(action) failed: \(failure.message)"
        + (marked ? " (\(failure.fieldErrors.count) field(s) marked ✗ in the form)" : "")
    if !marked {
        // The whole message, not a status line cut at the window's edge: it may say what to do.
        var lines: [(String, Confirmation.Tone)] = [(failure.message, .plain)]
        if [.fixFiles, .deleteRecord].contains(failure.action) {
            // Outside the grace period: what is left is a new version.
            lines.append(("", .plain))
            lines.append(("N (on the record) makes a new version instead.", .strong))
        }
        state.overlay = .confirm(
            Confirmation(title: "\(action) failed", lines: lines, question: "Any key closes.", yes: nil))
    }
    return failure.depositionID.map { [.loadDeposition($0)] } ?? []
}

/// Opens the form for a deposition read in full.
func openEditor(_ state: inout AppState, _ deposition: Deposition) {
    let editor = EditorState(deposition: deposition, today: state.today, backend: state.backend)
    if state.screen.identity == .editor(deposition.id) {
        state.screens[state.screens.count - 1] = .editor(editor)
    } else {
        state.screens.append(.editor(editor))
    }
}

/// Keeps the license list and shows it in the license chooser if that is open.
private func setLicenses(_ state: inout AppState, _ licenses: [License], note: String?) {
    state.licenses = licenses
    if var chooser = state.chooser, case .field(.license) = chooser.purpose {
        chooser.options = licenseOptions(licenses)
        chooser.note = note
        state.chooser = chooser
    }
}

func licenseOptions(_ licenses: [License]) -> [ChooserOption] {
    licenses.map { ChooserOption(id: $0.id, label: $0.id, detail: $0.title) }
}

/// The publish question: the checklist, what is irreversible, the DOI to be registered. Without
/// `y` when a check failed.
func publishConfirmation(_ deposition: Deposition, _ checklist: PublishChecklist, testDOIs: Bool = false)
    -> Confirmation
{
    var lines: [(String, Confirmation.Tone)] = [(deposition.title.isEmpty ? "(untitled)" : deposition.title, .strong)]
    let doi = deposition.doiToRegister(testDOIs: testDOIs)
    let editing = deposition.state == .inprogress
    lines.append(("", .plain))
    for item in checklist.items where item.field != "state" {
        lines.append(((item.ok ? "✓ " : "✗ ") + item.message, item.ok ? .ok : .problem))
    }
    lines.append(("", .plain))
    guard checklist.passed else {
        lines.append(("Not published: fix the ✗ items (e opens the form; u uploads files).", .warning))
        return Confirmation(title: "Cannot publish yet", lines: lines, question: "Any key closes.", yes: nil)
    }
    if editing, deposition.filesUnlocked {
        lines.append(
            (
                "Publishing the edit replaces the record's metadata and its files for everyone: they become these \(deposition.files.count) file(s):",
                .warning
            ))
        for file in deposition.files.prefix(5) { lines.append(("  \(file.filename)", .plain)) }
        if deposition.files.count > 5 { lines.append(("  … and \(deposition.files.count - 5) more", .dim)) }
        if let doi { lines.append(("DOI \(doi) stays the same; no new version is made.", .plain)) }
    } else if editing {
        lines.append(
            ("Publishing the edit replaces the record's metadata for everyone; the files stay as they are.", .warning))
        if let doi { lines.append(("DOI \(doi) stays the same.", .plain)) }
    } else {
        lines.append(
            ("This cannot be undone: the record and its \(deposition.files.count) file(s) become permanent.", .warning))
        if let doi { lines.append(("DOI \(doi) will be registered.", .strong)) }
    }
    return Confirmation(
        title: editing ? "Publish the edit?" : "Publish?", lines: lines, question: "Publish now? y / N",
        yes: .run(.publish(deposition.id)))
}
