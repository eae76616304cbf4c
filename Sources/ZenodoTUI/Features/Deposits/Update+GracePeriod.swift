import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// A published record within the server's grace period (issue 31): `F` unlocks its files in the
/// edit draft, `X` deletes it behind a reason and its id typed. The server's policy decides (the
/// API does not say the window); a refusal says why and offers a new version.
extension AppState {
    /// A deposition with what this session knows and the API does not say: its files unlocked.
    func knowing(_ deposition: Deposition) -> Deposition {
        guard deposition.state == .inprogress, unlockedFiles.contains(deposition.id) else { return deposition }
        var known = deposition
        known.filesUnlocked = true
        return known
    }
}

/// `F`: what unlocking means, asked first.
func askFixFiles(_ state: inout AppState, _ deposition: Deposition) -> [Effect] {
    let title = deposition.title.isEmpty ? "(untitled)" : deposition.title
    state.overlay = .confirm(
        Confirmation(
            title: "Fix the files of a published record?",
            lines: [
                (title, .strong),
                ("Record \(deposition.id), \(FixWindow.age(deposition.created)).", .plain),
                ("The server decides whether its grace period still allows it (Zenodo: 30 days).", .dim),
                ("Unlocked, u uploads and x deletes files in the edit draft; P publishes them:", .plain),
                ("the files everyone downloads change; the DOI \(deposition.doi ?? "") stays the same.", .warning),
                ("D discards the draft and puts the old files back.", .plain),
            ], question: "Unlock the files? y / N", yes: .run(.unlockFiles(deposition.id))))
    return []
}

/// `X`: why first (the server's removal reasons), then the id typed.
func askDeleteRecord(_ state: inout AppState, _ deposition: Deposition) -> [Effect] {
    let options = RemovalReason.allCases.map { ChooserOption(id: $0.rawValue, label: $0.title) }
    state.chooser = Chooser(
        title: "Why delete record \(deposition.id)? (the tombstone shows it)",
        purpose: .deletionReason(depositionID: deposition.id), options: options)
    return []
}

/// The typed confirmation of a deletion: names the record and its DOI, says what it means.
func deletionConfirmation(_ state: AppState, _ id: Int, _ reason: RemovalReason) -> Confirmation {
    let deposition = state.details[id] ?? state.list.items.first { $0.id == id }
    let doi = deposition?.doi
    var confirmation = Confirmation(
        title: "Delete the published record?",
        lines: [
            (deposition?.title ?? "Record \(id)", .strong),
            (FixWindow.deletionMeaning(id: id, doi: doi, title: deposition?.title ?? ""), .warning),
            ("Reason: \(reason.title).", .plain),
            ("The server decides whether its grace period still allows it (Zenodo: 30 days).", .dim),
        ], question: "Type \(id) to delete it (Esc keeps it): ", yes: .run(.deleteRecord(id, reason)))
    confirmation.typed = TypedAnswer(id: id, doi: doi)
    return confirmation
}

/// Keys of a confirmation that wants its answer typed, as every text is typed: the modal table's
/// keep (Enter) checks it, its cancel (Esc) keeps the record, the shared text field edits the rest.
func typedConfirmationKey(_ state: inout AppState, _ confirmation: Confirmation, _ key: Key) -> [Effect] {
    guard var typed = confirmation.typed else { return [] }
    switch KeyBindings.command(for: key, in: .text) {
    case .cancel?:
        state.overlay = nil
        state.status = "\(confirmation.title.trimming(ScalarSet(charactersIn: "?"))): cancelled; nothing changed."
        return []
    case .keep?:
        guard typed.isAccepted else {
            state.status = "Type the record id exactly (or Esc): nothing is deleted otherwise."
            return []
        }
        state.overlay = nil
        guard let yes = confirmation.yes else { return [] }
        return confirmed(&state, yes)
    default:
        // Pasted control characters are not part of an answer.
        if case .character(let c) = key, c.isASCII, c.asciiValue.map({ $0 < 0x20 || $0 == 0x7f }) ?? false {
            return []
        }
        guard typed.field.apply(key) else { return [] }
    }
    var updated = confirmation
    updated.typed = typed
    state.overlay = .confirm(updated)
    return []
}

/// The results: unlocked (the session remembers it), deleted (gone from the lists).
func applyGracePeriodResult(_ state: inout AppState, _ message: Message) -> [Effect] {
    switch message {
    case .filesUnlocked(let deposition):
        state.busy = nil
        state.unlockedFiles.insert(deposition.id)
        remember(&state, deposition)
        state.status =
            "Files of \(deposition.id) unlocked: u uploads, x deletes, P publishes them under the same DOI; D puts the old ones back."
        return [.loadDeposition(deposition.id)]
    case .recordDeleted(let id, let outcome):
        state.busy = nil
        state.unlockedFiles.remove(id)
        guard outcome == .deleted else {
            state.status = "The deletion of record \(id) was submitted for the server's staff to decide."
            return [.loadDeposition(id)]
        }
        state.details[id] = nil
        state.list.items.removeAll { $0.id == id }
        for (concept, chain) in state.versions { state.versions[concept] = chain.filter { $0.id != id } }
        state.screens = state.screens.filter { ![.deposition(id), .editor(id)].contains($0.identity) }
        if state.screens.isEmpty { state.screens = [.list] }
        state.status = "Record \(id) deleted: its DOI now shows a tombstone."
        clampSelections(&state)
        return []
    default:
        return []
    }
}
