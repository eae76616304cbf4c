import TerminalKit
import ZenodoKit

/// The keys of the deposition list and of one deposition, and the actions on a deposition.
extension KeyBindings {
    static let list: [KeyBinding] = [
        KeyBinding([.enter], "open", "Open the deposition", .open, footer: true),
        create,
        uploadInto,
        KeyBinding(
            [.character("/")], "filter", "Filter the list as you type (title, id, creator)", .filter,
            footer: true),
        KeyBinding([.character("s")], "sort", "Sort by modified date, title or state", .sort),
        KeyBinding([.character("r")], "refresh", "Load the list again", .refresh),
        KeyBinding(
            [.character("S")], "search", "Search public records to download (find and fetch)", .searchRecords,
            footer: true),
    ]

    static let deposition: [KeyBinding] =
        [uploadInto] + depositionActions + [lookInside, community, commentReview, share, copy] + [
            KeyBinding([.character("r")], "reload", "Read the deposition again", .refresh)
        ]

    static let create = KeyBinding(
        [.character("n")], "new", "Create a new draft (its DOI is reserved at once) and open its form", .create,
        footer: true,
        disabledBecause: { readOnlyOrBusy($0) })

    static let depositionActions: [KeyBinding] = [
        KeyBinding(
            [.character("e")], "edit",
            "Edit the metadata (a published record: opens an edit; its files stay locked unless F unlocks them)",
            .editMetadata,
            footer: true, disabledBecause: { changing($0) }),
        KeyBinding(
            [.character("P")], "publish", "Check and publish (asks first; shows the DOI)", .publish, footer: true,
            disabledBecause: { publishBlocked($0) }),
        KeyBinding(
            [.character("N")], "new version", "Make a new version (from any published version; keeps or drops files)",
            .newVersion,
            footer: true,
            disabledBecause: { state in
                if let reason = changing(state, needsDetails: false) { return reason }
                return state.focusedDeposition!.submitted ? nil : "it was never published; publish it first"
            }),
        KeyBinding(
            [.character("x")], "delete file", "Delete a file from this draft (asks first)", .deleteFile,
            disabledBecause: { state in
                if let reason = changing(state) { return reason }
                let deposition = state.focusedDeposition!
                if !deposition.filesEditable { return lockedBecause(deposition) }
                return deposition.files.isEmpty ? "it has no files" : nil
            }),
        KeyBinding(
            [.character("M")], "metadata-only",
            "Make this new draft metadata-only (published without files), or give it files again, where the server allows it",
            .toggleMetadataOnly,
            disabledBecause: { state in
                if let reason = changing(state) { return reason }
                let deposition = state.details[state.focusedDeposition!.id] ?? state.focusedDeposition!
                if deposition.state != .unsubmitted { return "only a draft never published can be made metadata-only" }
                if !state.backend.metadataOnlyRecords, !deposition.isMetadataOnly {
                    return "the deposit API has no metadata-only records (InvenioRDM's native API has, where allowed)"
                }
                return deposition.files.isEmpty ? nil : "it has files: delete them first"
            }),
        KeyBinding(
            [.character("D")], "discard/delete",
            "Discard the edits of a published record, or delete a draft (asks first)",
            .discardOrDelete,
            disabledBecause: { state in
                if let reason = changing(state) { return reason }
                if state.reviews[state.focusedDeposition!.id]?.status == "submitted" {
                    return "it waits for a community's curators: C cancels the review request first"
                }
                return state.focusedDeposition!.state == .done
                    ? "it is published: X deletes it within the server's grace period" : nil
            }),
        KeyBinding(
            [.character("F")], "fix files",
            "Unlock a published record's files within the server's grace period (Zenodo: 30 days); the DOI stays",
            .fixFiles,
            disabledBecause: { state in
                if let reason = changing(state) { return reason }
                let deposition = state.focusedDeposition!
                if deposition.state == .unsubmitted { return "it was never published: its files are open" }
                return deposition.filesUnlocked ? "its files are unlocked already: u uploads, x deletes" : nil
            }),
        KeyBinding(
            [.character("X")], "delete record",
            "Delete a published record within the server's grace period (asks why, then its id typed; the DOI shows a tombstone)",
            .deleteRecord,
            disabledBecause: { state in
                if let reason = changing(state) { return reason }
                return state.focusedDeposition!.submitted ? nil : "it was never published: D deletes a draft"
            }),
    ]

    /// Why a deposition's files cannot change now, and what would change them.
    static func lockedBecause(_ deposition: Deposition) -> String {
        deposition.state == .inprogress
            ? "a published record's files are locked while its metadata is edited; F unlocks them within the server's grace period"
            : "a published record's files are locked; F unlocks them within the server's grace period, N makes a new version"
    }

    static let community = KeyBinding(
        [.character("C")], "community",
        "Submit the draft to a community (searched as you type; published at once or reviewed), or cancel its open review; on a published record, ask for it to join one",
        .community,
        disabledBecause: { state in
            if let reason = changing(state) { return reason }
            let deposition = state.focusedDeposition!
            if deposition.submitted { return nil }
            return deposition.status == .newVersion ? "a new version keeps the communities of its record" : nil
        })

    static let commentReview = KeyBinding(
        [.character("m")], "comment", "Comment on the draft's review request (its community's curators read it)",
        .commentReview,
        disabledBecause: { state in
            if let reason = readOnlyOrBusy(state) { return reason }
            guard let deposition = state.focusedDeposition, state.reviews[deposition.id] != nil else {
                return "the draft has no review request"
            }
            return nil
        })

    /// Why publishing is not possible now, or `nil`.
    static func publishBlocked(_ state: AppState) -> String? {
        if let reason = changing(state) { return reason }
        let deposition = state.focusedDeposition!
        if state.reviews[deposition.id]?.status == "submitted" {
            return "it waits for a community's curators: C cancels the review request first"
        }
        if deposition.state == .done { return "it is published; e edits its metadata, N makes a new version" }
        if state.uploads.contains(where: { $0.isRunning && $0.depositionID == deposition.id }) {
            return "an upload into it is running; publish once its files are verified"
        }
        return nil
    }
}
