import FoundationEssentials
import TerminalKit
import ZenodoKit

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
    case .fixFiles:
        return askFixFiles(&state, deposition)
    case .deleteRecord:
        return askDeleteRecord(&state, deposition)
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
