import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// Keys: overlays and text fields first, then the screen's bindings.
func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    if let overlay = state.overlay {
        switch overlay {
        case .confirmQuit:
            state.overlay = nil
            return answerQuit(&state, key)
        case .help, .problems:
            state.overlay = nil
            return []
        case .confirm(let typed) where typed.typed != nil:
            return typedConfirmationKey(&state, typed, key)
        case .confirm(var confirmation):
            let command = KeyBindings.command(for: key, in: .confirm)
            let step: Int? = [ModalCommand.scrollUp: -1, .scrollDown: 1, .pageUp: -10, .pageDown: 10][command ?? .yes]
            if let step {
                // Scrolling a long diff or checklist, not an answer.
                confirmation.scroll = max(0, min(confirmation.scroll + step, confirmation.lines.count - 1))
                state.overlay = .confirm(confirmation)
                return []
            }
            state.overlay = nil
            guard command == .yes, let yes = confirmation.yes else {
                if confirmation.yes != nil {
                    state.status = "\(confirmation.title.trimming(ScalarSet(charactersIn: "?"))): cancelled."
                }
                return []
            }
            return confirmed(&state, yes)
        case .menu(let row):
            let entries = KeyBindings.menuEntries(for: state.screen)
            switch KeyBindings.command(for: key, in: .menu) {
            case .up?: state.overlay = .menu(max(0, row - 1))
            case .down?: state.overlay = .menu(min(entries.count - 1, row + 1))
            case .choose?:
                state.overlay = nil
                guard entries.indices.contains(row) else { return [] }
                if let reason = entries[row].disabledBecause(state) {
                    state.status = "\(entries[row].description): not here, \(reason)."
                    return []
                }
                return perform(&state, entries[row].action)
            case .cancel?: state.overlay = nil
            default: break
            }
            return []
        }
    }
    switch state.focus {
    case .overlay: return []  // answered above
    case .chooser: return chooserKey(&state, key)
    case .prompt: return promptKey(&state, key)
    case .field: return fieldKey(&state, key)
    case .retryWait: if let effects = retryKey(&state, key) { return effects }
    case .screen: break
    }
    guard let binding = KeyBindings.binding(for: key, on: state.screen) else { return [] }
    if let reason = binding.disabledBecause(state) {
        state.status = "\(binding.label.prefix(1).uppercased() + binding.label.dropFirst()): not here, \(reason)."
        return []
    }
    state.status = nil
    return perform(&state, binding.action)
}

private func perform(_ state: inout AppState, _ action: Action) -> [Effect] {
    let page = max(1, state.size.height - 6)
    switch action {
    case .up: return move(&state, by: -1)
    case .down: return move(&state, by: 1)
    case .pageUp: return move(&state, by: -page)
    case .pageDown: return move(&state, by: page)
    case .top: return move(&state, by: -1_000_000)
    case .bottom: return move(&state, by: 1_000_000)
    case .help:
        state.overlay = .help
        return []
    case .menu:
        state.overlay = .menu(0)
        return []
    case .quit:
        if state.runningUploads > 0 {
            state.overlay = .confirmQuit
            return []
        }
        state.quitting = true
        return [.quit(code: 0)]
    case .back:
        if case .editor = state.screen, let editor = state.editor, editor.hasChanges {
            state.overlay = .confirm(
                Confirmation(
                    title: "Leave the form?", lines: Confirmation.lines(of: editor.diff),
                    question: "These \(editor.diff.changes.count) unsaved change(s) are lost. Leave? y / N",
                    yes: .leaveEditor))
            return []
        }
        if state.screen == .list, !state.list.filter.isEmpty {
            // What the list says: "Esc clears the filter" (quitting is one more key away).
            state.list.filter = ""
            state.list.selection = 0
            return []
        }
        if state.screens.count > 1 {
            // The screen's own state goes with it (`AppState.screensChanged`).
            state.screens.removeLast()
            return []
        }
        return perform(&state, .quit)
    case .open:
        switch state.screen {
        case .list:
            guard let selected = state.list.selected else { return [] }
            state.screens.append(.deposition(selected.id))
            state.detailScroll = 0
            // A first-version draft may have a community review: read it with the deposition.
            let draft = selected.state == .unsubmitted && selected.status != .newVersion
            return [.loadDeposition(selected.id)] + (draft ? [.loadReview(selected.id)] : [])
        case .picker:
            guard let picker = state.picker, picker.entries.indices.contains(picker.selection) else { return [] }
            let entry = picker.entries[picker.selection]
            guard entry.isDirectory else { return performUploadsAction(&state, .toggle) }
            return [.listDirectory(PathText.appending(picker.directory, entry.name))]
        case .records:
            return openRecord(&state)
        case .folders:
            return performFolderAction(&state, .open)
        case .archive:
            return performArchiveAction(&state, .open)
        case .record:
            return lookInsideSelected(&state)
        default:
            return []
        }
    case .refresh:
        if case .deposition(let id) = state.screen { return [.loadDeposition(id)] }
        if let sharing = state.sharingView, state.screen.kind == .sharing {
            return [.sharing(.load(recordID: sharing.recordID))]
        }
        if state.screen == .records { return newSearch(&state) }
        if case .record(let view) = state.screen { return [.loadRecord(view.record.id)] }
        return [reloadList(&state)]
    case .filter where state.screen.kind == .archive:
        openPrompt(&state, .archiveFilter, text: state.archive?.filter ?? "")
        return []
    case .filter:
        openPrompt(&state, .listFilter, text: state.list.filter)
        return []
    case .sort:
        let all = ListState.Sort.allCases
        state.list.sort = all[(all.firstIndex(of: state.list.sort)! + 1) % all.count]
        state.status = "Sorted by \(state.list.sort.rawValue)"
        return []
    case .upload, .queue, .cancelUpload, .dismissUpload, .resume, .toggle, .chooseAll, .startUpload, .toggleJunk,
        .cyclePack:
        return performUploadsAction(&state, action)
    case .parent where state.screen.kind == .folders, .newFolder, .useFolder,
        .pathPrompt where state.screen.kind == .folders:
        return performFolderAction(&state, action)
    case .parent, .pathPrompt:
        return performUploadsAction(&state, action)
    case .create, .editMetadata, .publish, .newVersion, .discardOrDelete, .deleteFile, .toggleMetadataOnly, .fixFiles,
        .deleteRecord:
        return performDepositionAction(&state, action)
    case .editField, .addItem, .removeItem, .moveItemUp, .moveItemDown, .revertField, .save, .importFile:
        return performEditorAction(&state, action)
    case .toggleKeep, .continueNewVersion:
        return performNewVersionAction(&state, action)
    case .searchRecords, .editQuery, .cycleType, .cycleSort, .cycleAccess, .filterCommunity, .filterPublished,
        .download, .downloadAll, .chooseVersion, .cancelDownloads, .markFile, .markAll,
        .chooseDestination, .about:
        if state.screen.kind == .archive { return performArchiveAction(&state, action) }
        return performRecordsAction(&state, action)
    case .lookInside:
        return lookInsideDeposition(&state)
    case .community:
        return communityKey(&state)
    case .commentReview:
        guard let id = state.focusedDeposition?.id else { return [] }
        openPrompt(&state, .reviewComment(depositionID: id))
        return []
    case .share:
        return openSharing(&state)
    case .copy:
        return openCopy(&state)
    case .lookup:
        return openGrantLookup(&state)
    case .sharing(let action):
        return performSharingAction(&state, action)
    }
}

private func move(_ state: inout AppState, by delta: Int) -> [Effect] {
    switch state.screen {
    case .list:
        state.list.selection = max(0, min(state.list.selection + delta, state.list.visible.count - 1))
    case .deposition:
        state.detailScroll = max(0, state.detailScroll + delta)
    case .picker:
        guard var picker = state.picker else { return [] }
        picker.selection = max(0, min(picker.selection + delta, picker.entries.count - 1))
        state.picker = picker
    case .folders:
        guard var folders = state.folders else { return [] }
        folders.selection = max(0, min(folders.selection + delta, folders.folders.count - 1))
        state.folders = folders
    case .archive:
        guard var archive = state.archive else { return [] }
        archive.selection = max(0, min(archive.selection + delta, archive.rows.count - 1))
        state.archive = archive
    case .sharing:
        guard var view = state.sharingView else { return [] }
        view.selection = max(0, min(view.selection + delta, view.rows.count - 1))
        state.sharingView = view
    case .uploads:
        state.uploadSelection = max(0, min(state.uploadSelection + delta, state.uploads.count - 1))
    case .editor:
        guard var editor = state.editor else { return [] }
        editor.selection = max(0, min(editor.selection + delta, editor.rows.count - 1))
        state.editor = editor
    case .newVersion:
        guard var step = state.newVersion else { return [] }
        step.selection = max(0, min(step.selection + delta, step.files.count))
        state.newVersion = step
    case .records:
        state.records.selection = max(0, min(state.records.selection + delta, state.records.results.count - 1))
        return moreRecordsIfNeeded(&state)
    case .record:
        guard var view = state.recordView else { return [] }
        if view.showingAbout {
            view.aboutScroll = max(0, view.aboutScroll + delta)
        } else {
            view.selection = max(0, min(view.selection + delta, view.record.files.count - 1))
        }
        state.recordView = view
    }
    return []
}

/// The answer to "Quit?" while uploads run. Background uploads: `b` (or `y`) leaves them running in
/// the agent, `s` stops them (resumable). Uploads in this process stop with it either way.
func answerQuit(_ state: inout AppState, _ key: Key) -> [Effect] {
    let background = state.uploads.filter { $0.background && $0.isRunning }
    switch KeyBindings.command(for: key, in: .quitQuestion) {
    case .quitLeavingUploads?:
        state.quitting = true
        return [.quit(code: 0)]
    case .quitStoppingUploads? where !background.isEmpty:
        state.quitting = true
        return background.map { Effect.cancelUpload(batch: $0.id) } + [.quit(code: 0)]
    default:
        return []
    }
}

/// While a request waits to be tried again, `r` tries it now and `Esc` gives up on it (the
/// screen then says why it failed); other keys keep their meaning.
private func retryKey(_ state: inout AppState, _ key: Key) -> [Effect]? {
    switch KeyBindings.command(for: key, in: .retryWait) {
    case .retryNow?:
        state.retryWait = nil
        state.status = nil
        return [.retryNow]
    case .stopRetrying?:
        state.retryWait = nil
        state.status = "Stopped retrying: press r to try again."
        return [.stopRetrying]
    default:
        return nil
    }
}
