import FoundationEssentials
import TerminalKit
import ZenodoKit

/// `y` on a confirmation.
func confirmed(_ state: inout AppState, _ yes: Confirmation.Yes) -> [Effect] {
    switch yes {
    case .leaveEditor:
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
        case .unlockFiles(let id): state.busy = "Asking the server to unlock the files of \(id)"
        case .deleteRecord(let id, _): state.busy = "Deleting record \(id)"
        case .submitToCommunity(let id, let slug): state.busy = "Submitting \(id) to \(slug)"
        case .cancelReview(let id, _): state.busy = "Cancelling the review of \(id)"
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
        case .deletionReason(let depositionID):
            guard let reason = RemovalReason(rawValue: option.id) else { return [] }
            state.overlay = .confirm(deletionConfirmation(state, depositionID, reason))
        case .community(let use):
            return communityChosen(&state, use, slug: option.id)
        case .openArchive(let depositionID):
            return openDepositionArchive(&state, depositionID, key: option.id)
        case .openRecord:
            return Int(option.id).map { openVersion(&state, $0) } ?? []
        case .sharing(let choice):
            return sharingChosen(&state, choice, option)
        case .copy(let recordID):
            return copyChosen(&state, recordID: recordID, option)
        case .lookup(let use):
            return lookupChosen(&state, use, option)
        }
        return []
    default: return []
    }
    let typed = chooser.filter != state.chooser?.filter
    state.chooser = chooser
    // The community chooser searches the server as it is typed (its answer lands if still wanted).
    if typed, case .community = chooser.purpose {
        return [.searchCommunities(query: chooser.filter)]
    }
    if typed, case .lookup(let use) = chooser.purpose { return lookupTyped(use, chooser.filter) }
    return []
}
