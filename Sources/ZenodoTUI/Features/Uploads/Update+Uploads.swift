import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// Uploads: the file picker (choose, go up, type a path, start) and the transfer queue (cancel,
/// dismiss, resume).
func performUploadsAction(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .upload:
        guard let deposition = state.focusedDeposition else { return [] }
        state.screens.append(.picker(PickerState(depositionID: deposition.id, directory: state.startDirectory)))
        return [.listDirectory(state.startDirectory), .loadDeposition(deposition.id)]
    case .queue:
        if state.screen != .uploads { state.screens.append(.uploads) }
        return []
    case .cancelUpload:
        guard state.uploads.indices.contains(state.uploadSelection) else { return [] }
        return [.cancelUpload(batch: state.uploads[state.uploadSelection].id)]
    case .dismissUpload:
        guard state.uploads.indices.contains(state.uploadSelection), !state.uploads[state.uploadSelection].isRunning
        else {
            return []
        }
        let upload = state.uploads.remove(at: state.uploadSelection)
        state.uploadSelection = max(0, min(state.uploadSelection, state.uploads.count - 1))
        state.status = "Dismissed the upload into \(upload.depositionID)."
        return [.dismissUpload(batch: upload.id, journalID: upload.journalID)]
    case .resume:
        // The journal stays offered until its batch has started (`uploadStarted`,
        // `downloadResumed`), or says why not. Uploads first, then downloads.
        if let journal = state.resumable.first(where: { !state.resuming.contains($0.id) }) {
            state.resuming.insert(journal.id)
            state.status = "Resuming the upload into \(journal.depositionID)…"
            return [.resumeUpload(journalID: journal.id, batch: state.mintBatch())]
        }
        guard let journal = state.resumableDownloads.first(where: { !state.resuming.contains($0.id) }) else {
            return []
        }
        state.resuming.insert(journal.id)
        state.status = "Resuming the download of \(journal.reference)…"
        let batch = state.mintBatch()
        return [.resumeDownload(journalID: journal.id, batch: batch)]
    case .toggle:
        guard var picker = state.picker, picker.entries.indices.contains(picker.selection) else { return [] }
        let entry = picker.entries[picker.selection]
        let path = PathText.appending(picker.directory, entry.name)
        if let index = picker.chosen.firstIndex(of: path) {
            picker.chosen.remove(at: index)
        } else {
            picker.chosen.append(path)
            // A directory's size is its files', known at pre-flight (not its inode's 4 KiB).
            if entry.isDirectory { picker.chosenDirectories.insert(path) } else { picker.sizes[path] = entry.size }
        }
        picker.selection = min(picker.selection + 1, picker.entries.count - 1)
        state.picker = picker
        return []
    case .chooseAll:
        guard var picker = state.picker else { return [] }
        for entry in picker.entries where !entry.isDirectory {
            let path = PathText.appending(picker.directory, entry.name)
            if !picker.chosen.contains(path) { picker.chosen.append(path) }
            picker.sizes[path] = entry.size
        }
        state.picker = picker
        return []
    case .parent:
        guard let picker = state.picker else { return [] }
        return [.listDirectory(PathText.parent(of: picker.directory))]
    case .pathPrompt:
        guard var picker = state.picker else { return [] }
        openPrompt(
            &state, .uploadPath, text: picker.directory.hasSuffix("/") ? picker.directory : picker.directory + "/")
        picker.completions = []
        state.picker = picker
        return []
    case .startUpload:
        guard var picker = state.picker else { return [] }
        picker.checking = true
        state.picker = picker
        if let pack = picker.pack {
            // Packed: the plan (each archive, its size and files) is shown before anything is sent.
            return [
                .planUpload(
                    batch: state.mintBatch(), depositionID: picker.depositionID, paths: picker.chosen,
                    includeJunk: picker.includeJunk, pack: pack)
            ]
        }
        return [
            .upload(
                batch: state.mintBatch(), depositionID: picker.depositionID, paths: picker.chosen,
                includeJunk: picker.includeJunk)
        ]
    case .cyclePack:
        guard var picker = state.picker else { return [] }
        picker.pack = PickerState.nextPack(after: picker.pack)
        state.picker = picker
        state.status =
            picker.pack == nil
            ? "A chosen directory's files go as they are (folders flattened: raw/a.csv becomes raw__a.csv)."
            : "A chosen directory goes as \(picker.pack!.perDirectory ? "one archive per top-level folder" : "one archive"), made as it is sent; u shows the plan first."
        return []
    case .toggleJunk:
        guard var picker = state.picker else { return [] }
        picker.includeJunk.toggle()
        state.picker = picker
        state.status =
            picker.includeJunk
            ? "The usual junk (.DS_Store, __pycache__/, .git/, swap files, …) of a chosen directory is taken too."
            : "The usual junk of a chosen directory is left out, and named before the upload starts."
        return []
    default:
        return []
    }
}
