import FoundationEssentials
import TerminalKit
import ZenodoKit

/// The one place state changes: a message in, effects out. Pure: no I/O, no waiting.
public func update(_ state: inout AppState, _ message: Message) -> [Effect] {
    let effects = reduce(&state, message)
    // The directory asked for last, by either chooser: an answer about another one (an older
    // listing that took longer) is dropped instead of replacing the newer.
    for effect in effects {
        switch effect {
        case .listDirectory(let path), .makeDirectory(let path): state.listingAsked = path
        default: continue
        }
    }
    return effects
}

private func reduce(_ state: inout AppState, _ message: Message) -> [Effect] {
    switch message {
    case .keyPressed(let key):
        return handleKey(&state, key)
    case .resized(let size):
        state.size = size
        clampSelections(&state)
        return []
    case .ticked:
        state.spinner += 1
        return []
    case .signalled(let signal):
        // Ctrl-C asks while uploads run; TERM and HUP (SSH gone) quit at once: background uploads go
        // on in the agent, the others are journalled.
        if signal == 2, state.runningUploads > 0, state.overlay != .confirmQuit {
            state.overlay = .confirmQuit
            return []
        }
        state.quitting = true
        return [.quit(code: 128 + signal)]
    case .depositionsLoaded(let page, let first, let done, let generation):
        guard generation == state.list.generation else { return [] }  // a page of an older load
        if first { state.list.items = [] }
        state.list.append(page)
        state.list.loading = !done
        state.list.loaded = true
        state.list.error = nil
        clampSelections(&state)
        // Which drafts wait for a community: one request for the whole list, once it is in.
        return done ? [.loadReviews] : []
    case .depositionsFailed(let error, let generation):
        guard generation == state.list.generation else { return [] }
        state.list.loading = false
        state.list.error = error
        // The list on screen stays (it is what was loaded before); the status line says why the
        // reload failed.
        if !state.list.items.isEmpty { state.status = "Reload failed, r tries again: \(error)" }
        return []
    case .depositionLoaded(let deposition):
        remember(&state, deposition)
        if let concept = deposition.conceptRecordID, state.versions[concept] == nil,
            case .deposition(deposition.id) = state.screen
        {
            return [.loadVersions(concept: concept)]
        }
        return []
    case .statsLoaded(let id, let stats):
        state.recordStats[id] = stats
        return []
    case .depositionFailed(let id, let error):
        state.detailErrors[id] = error
        return []
    case .directoryListed(let directory, _) where state.listingAsked.map({ $0 != directory }) ?? false,
        .directoryFailed(let directory, _) where state.listingAsked.map({ $0 != directory }) ?? false:
        return []
    case .directoryListed(let directory, let entries):
        if state.screen.kind == .folders {
            foldersListed(&state, directory, entries)
            return []
        }
        guard state.picker != nil else { return [] }
        state.picker?.directory = directory
        state.picker?.entries = entries
        state.picker?.selection = 0
        state.picker?.error = nil
        return []
    case .directoryFailed(let directory, let error):
        if state.screen.kind == .folders { return foldersListingFailed(&state, directory, error) }
        state.picker?.error = "\(directory): \(error)"
        return []
    case .completionsFound(let prefix, let matches):
        // A late answer for a prompt the user has changed since is dropped.
        guard state.promptText(.uploadPath) == prefix else { return [] }
        state.picker?.completions = matches
        if let common = commonPrefix(matches), common.count > prefix.count {
            openPrompt(&state, .uploadPath, text: common)
        }
        return []
    case .preflightFailed(let problems):
        state.picker?.checking = false
        state.overlay = .problems(problems)
        return []
    case .uploadPlanned(let plan):
        state.picker?.checking = false
        state.overlay = .confirm(plan.confirmation)
        return []
    case .resumeFailed(let journalID, let reason):
        state.resuming.remove(journalID)
        if let download = state.resumableDownloads.first(where: { $0.id == journalID }) {
            state.status = "Could not resume the download of \(download.reference): \(reason). R tries again."
            return []
        }
        let into = state.resumable.first { $0.id == journalID }.map { " into \($0.depositionID)" } ?? ""
        state.status = "Could not resume the upload\(into): \(reason). R tries again."
        return []
    case .uploadLeftOut(let batch, let summary):
        if let index = state.uploads.firstIndex(where: { $0.id == batch }) { state.uploads[index].log.append(summary) }
        state.status = summary
        return []
    case .uploadStarted(let batch, let depositionID, let title, let files, let journalID, let background):
        state.resuming.remove(journalID)
        state.resumable.removeAll { $0.id == journalID }
        var upload = UploadState(id: batch, depositionID: depositionID, title: title)
        upload.progress.files = files
        upload.journalID = journalID
        upload.background = background
        state.uploads.append(upload)
        if state.screen.kind == .picker {
            state.screens.removeLast()
        }
        if state.screen != .uploads { state.screens.append(.uploads) }
        state.uploadSelection = state.uploads.count - 1
        return []
    case .uploadEvent(let batch, let event):
        guard let index = state.uploads.firstIndex(where: { $0.id == batch }) else { return [] }
        if case .verified(let key, let md5) = event {
            state.localCopies[state.uploads[index].depositionID, default: [:]][key] = md5
        }
        let finished = state.uploads[index].apply(event)
        if finished {
            state.status =
                "Upload into \(state.uploads[index].depositionID) \(state.uploads[index].phase == .cancelled ? "cancelled (resumable)" : "finished"): \(state.uploads[index].progress.verified + state.uploads[index].progress.skipped) verified, \(state.uploads[index].progress.unverified > 0 ? "\(state.uploads[index].progress.unverified) arrived NOT verified by the server (R resumes and checks them), " : "")\(state.uploads[index].progress.failed) failed"
            return [.loadDeposition(state.uploads[index].depositionID)]
        }
        return []
    case .uploadAttached(let batch, let depositionID, let title, let journalID, let running):
        var upload = UploadState(id: batch, depositionID: depositionID, title: title)
        upload.journalID = journalID
        upload.background = true
        state.uploads.append(upload)
        let live = state.uploads.filter { $0.background && $0.isRunning }.count
        let ended = state.uploads.count - live
        state.status =
            (live > 0 ? "\(live) upload\(live == 1 ? "" : "s") running in the background, attached" : "")
            + (live > 0 && ended > 0 ? "; " : "")
            + (ended > 0 ? "\(ended) ended while you were away (x dismisses)" : "")
        // Coming back to running uploads shows them, as if one had never left.
        if running, state.screen == .list { state.screens.append(.uploads) }
        return []
    case .uploadLost(let batch, let journal, let reason):
        guard let index = state.uploads.firstIndex(where: { $0.id == batch }) else { return [] }
        state.uploads[index].phase = .cancelled
        state.uploads[index].active = []
        state.uploads[index].log.append("stopped: \(reason)")
        if let journal, !state.resumable.contains(where: { $0.id == journal.id }) {
            state.resumable.insert(journal, at: 0)
        }
        state.status = "The upload into \(state.uploads[index].depositionID) stopped (\(reason)): press R to resume it."
        return []
    case .backgroundUnavailable(let reason):
        state.status = "The background agent is unavailable (\(reason)): this transfer stops if the interface quits."
        return []
    case .resumableDownloadsFound(let journals):
        state.resumableDownloads = journals
        return []
    case .downloadResumed(let batch, let journal):
        downloadResumed(&state, batch: batch, journal: journal)
        return []
    case .downloadBatchLost(let batch, let journal, let reason):
        for index in state.downloads.indices where state.downloads[index].batch == batch {
            state.downloads[index].lose(reason)
        }
        if let journal, !journal.isFinished, !state.resumableDownloads.contains(where: { $0.id == journal.id }) {
            state.resumableDownloads.append(journal)
        }
        state.status = "Downloads stopped: \(reason)."
        return []
    case .transfersFound(let found):
        return transfersFound(&state, found)
    case .resumableFound(let journals):
        state.resumable = journals
        if !journals.isEmpty {
            state.status =
                "\(journals.count) interrupted upload\(journals.count == 1 ? "" : "s") from an earlier run: press U, then R to resume"
        }
        return []
    case .retrying(let notice):
        state.retryWait = notice
        return []
    case .retryWaitEnded:
        state.retryWait = nil
        return []
    case .destinationChecked(let recordID, let path, let exists, let problem, let free):
        destinationChecked(&state, recordID: recordID, path: path, exists: exists, problem: problem, free: free)
        return []
    case .recordsFound, .recordsFailed, .recordLoaded, .recordFailed, .recordVersionsLoaded, .recordVersionsFailed,
        .downloadEvent:
        applyRecordsResult(&state, message)
        return []
    case .legacyLossChecked(let id, let losses):
        guard state.editor?.depositionID == id else { return [] }
        state.editor?.legacyLoss = losses
        state.status = nil
        return performEditorAction(&state, .save)
    case .depositionCreated, .metadataSaved, .metadataImported, .saveConflict, .licensesLoaded, .licensesFailed,
        .publishChecked, .published,
        .editOpened, .discarded, .filesEnabledSet, .draftDeleted, .fileDeleted, .newVersionReady, .newVersionPrepared,
        .versionsLoaded,
        .actionFailed:
        return applyResult(&state, message)
    case .filesUnlocked, .recordDeleted:
        return applyGracePeriodResult(&state, message)
    case .archiveListed, .archiveFailed, .membersFetched:
        return applyArchiveResult(&state, message)
    case .reviewLoaded, .reviewCancelled, .communitiesFound, .submittedToCommunity, .includedInCommunity,
        .reviewsFound, .reviewCommented:
        return applyCommunityResult(&state, message)
    case .sharing(let sharing):
        return applySharing(&state, sharing)
    case .copy(let copy):
        return applyCopy(&state, copy)
    case .lookup(let lookup):
        return applyLookup(&state, lookup)
    }
}

/// Keeps a freshly read deposition: the details, and the list's row for it (inserted if new).
func remember(_ state: inout AppState, _ deposition: Deposition) {
    state.details[deposition.id] = deposition
    state.detailErrors[deposition.id] = nil
    if let index = state.list.items.firstIndex(where: { $0.id == deposition.id }) {
        state.list.items[index] = deposition.summary()
    } else {
        state.list.items.append(deposition.summary())
    }
    if let concept = deposition.conceptRecordID, var chain = state.versions[concept] {
        if let index = chain.firstIndex(where: { $0.id == deposition.id }) {
            chain[index] = deposition.summary()
        } else {
            chain.append(deposition.summary())
        }
        state.versions[concept] = chain
    }
}

func commonPrefix(_ strings: [String]) -> String? {
    guard var prefix = strings.first else { return nil }
    for string in strings.dropFirst() {
        while !string.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
}

/// Keeps selections inside their lists after the lists or the screen change.
func clampSelections(_ state: inout AppState) {
    let count = state.list.visible.count
    state.list.selection = max(0, min(state.list.selection, count - 1))
    if var picker = state.picker {
        picker.selection = max(0, min(picker.selection, picker.entries.count - 1))
        state.picker = picker
    }
    state.uploadSelection = max(0, min(state.uploadSelection, state.uploads.count - 1))
}

/// Loads the list again under a new generation, so the pages of a load still under way are dropped.
func reloadList(_ state: inout AppState) -> Effect {
    state.list.generation += 1
    state.list.loading = true
    state.list.error = nil
    return .loadDepositions(generation: state.list.generation)
}
