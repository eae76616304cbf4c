import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// The destination chooser: `o` in a record opens it at the record's destination (or, when the
/// runner cannot list that because it is not made yet, where zenodo-tui started); Enter opens a
/// directory, Backspace goes up, `n` makes a new one (and opens it), `w` chooses the one shown,
/// `p` types a path instead.
func openFolders(_ state: inout AppState) -> [Effect] {
    guard let view = state.recordView else { return [] }
    var folders = FolderPickerState(recordID: view.record.id, directory: view.destination)
    folders.fallback = view.destination == state.startDirectory ? nil : state.startDirectory
    state.screens.append(.folders(folders))
    return [.listDirectory(view.destination)]
}

/// A listing that failed: the first one goes on to the fallback; any other is said.
func foldersListingFailed(_ state: inout AppState, _ directory: String, _ error: String) -> [Effect] {
    if let fallback = state.folders?.fallback {
        state.folders?.fallback = nil
        return [.listDirectory(fallback)]
    }
    state.folders?.error = "\(directory): \(error)"
    return []
}

func performFolderAction(_ state: inout AppState, _ action: Action) -> [Effect] {
    guard var folders = state.folders else { return [] }
    switch action {
    case .open:
        guard folders.folders.indices.contains(folders.selection) else { return [] }
        return [
            .listDirectory(PathText.appending(folders.directory, folders.folders[folders.selection]))
        ]
    case .parent:
        return [.listDirectory(PathText.parent(of: folders.directory))]
    case .newFolder where !folders.listed, .useFolder where !folders.listed:
        state.status = "Still reading \(folders.directory); a moment."
        return []
    case .newFolder:
        openPrompt(&state, .folderName)
        folders.error = nil
    case .useFolder:
        folders.checking = true
        state.folders = folders
        let bytes = state.recordView.map { $0.record.id == folders.recordID ? $0.bytesToFetch : 0 } ?? 0
        return [.checkDestination(recordID: folders.recordID, path: folders.directory, bytes: bytes)]
    case .pathPrompt:
        // The typed path of the record view, starting from the directory shown.
        if state.screen.kind == .folders { state.screens.removeLast() }
        openPrompt(&state, .destination, text: folders.directory)
        return []
    default:
        return []
    }
    state.folders = folders
    return []
}

/// A listing for the chooser: its directories (hidden ones left out), and how many files.
func foldersListed(_ state: inout AppState, _ directory: String, _ entries: [PickerState.Entry]) {
    guard var folders = state.folders else { return }
    folders.directory = directory
    folders.folders = entries.filter(\.isDirectory).map(\.name)
    folders.files = entries.filter { !$0.isDirectory }.count
    folders.selection = 0
    folders.error = nil
    folders.fallback = nil
    folders.listed = true
    state.folders = folders
}
