import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// Find and fetch: the records search (typed, debounced, stale answers dropped), the record view
/// and its downloads.
func performRecordsAction(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .searchRecords:
        if state.screen != .records { state.screens.append(.records) }
        openPrompt(&state, .searchQuery, text: state.records.query)
        return state.records.generation == 0 ? newSearch(&state) : []
    case .editQuery:
        openPrompt(&state, .searchQuery, text: state.records.query)
        return []
    case .cycleType:
        let types = RecordsState.types
        let at = types.firstIndex(of: state.records.type) ?? 0
        state.records.type = types[(at + 1) % types.count]
        state.status = "Resource type: \(state.records.type ?? "all")"
        state.records.selection = 0
        return newSearch(&state)
    case .cycleSort:
        let sorts = RecordsState.sorts
        state.records.sort = sorts[((sorts.firstIndex(of: state.records.sort) ?? 0) + 1) % sorts.count]
        state.status = "Sorted: \(state.records.sortLabel)"
        state.records.selection = 0
        return newSearch(&state)
    case .cycleAccess:
        let accesses = RecordsState.accesses
        state.records.access = accesses[((accesses.firstIndex(of: state.records.access) ?? 0) + 1) % accesses.count]
        state.status = "Access: \(state.records.access ?? "any")"
        state.records.selection = 0
        return newSearch(&state)
    case .filterCommunity:
        return chooseRecordsCommunity(&state)
    case .about:
        state.recordView?.showingAbout.toggle()
        state.recordView?.aboutScroll = 0
        return []
    case .filterPublished:
        openPrompt(&state, .recordsFilter(.published), text: state.records.published.map(\.label) ?? "")
        return []
    case .download, .downloadAll:
        guard let view = state.recordView else { return [] }
        let files =
            action == .downloadAll
            ? view.record.files
            : view.marked.isEmpty
                ? [view.record.files[view.selection]] : view.record.files.filter { view.marked.contains($0.key) }
        state.recordView?.marked = []
        let wanted = files.filter { !state.isDownloading(recordID: view.record.id, key: $0.key) }
        guard !wanted.isEmpty else { return [] }
        let names = LocalName.collisions(view.record.files.map(\.key))
        if !names.isEmpty {
            state.status =
                "Not downloaded: these keys would land on one local name: \(names.map { $0.joined(separator: " and ") }.joined(separator: "; "))"
            return []
        }
        let batch = state.mintBatch()
        state.downloads.append(
            DownloadBatch(
                batch: batch, recordID: view.record.id, title: view.record.title, directory: view.destination,
                files: wanted.map { file in
                    (
                        file.key, file.size,
                        PathText.appending(view.destination, LocalName.forKey(file.key))
                    )
                }))
        state.status = "Downloading \(wanted.count) file(s) (U shows the queue, c stops) into \(view.destination)"
        return [
            .download(
                batch: batch, recordID: view.record.id, title: view.record.title, files: wanted,
                directory: view.destination)
        ]
    case .markFile:
        guard var view = state.recordView, view.record.files.indices.contains(view.selection) else { return [] }
        let key = view.record.files[view.selection].key
        if view.marked.remove(key) == nil { view.marked.insert(key) }
        view.selection = min(view.selection + 1, view.record.files.count - 1)
        state.recordView = view
        state.status = "\(view.marked.count) file(s) marked: d downloads them"
        return []
    case .markAll:
        guard var view = state.recordView else { return [] }
        view.marked = view.marked.count == view.record.files.count ? [] : Set(view.record.files.map(\.key))
        state.recordView = view
        state.status = "\(view.marked.count) file(s) marked: d downloads them"
        return []
    case .chooseDestination:
        return openFolders(&state)
    case .cancelDownloads:
        guard let id = state.recordView?.record.id else { return [] }
        let batches = state.downloads.filter { $0.recordID == id && $0.isRunning }.map(\.batch)
        guard !batches.isEmpty else { return [] }
        state.status = "Stopping the downloads of record \(id); the partial files stay, d resumes them."
        return [.cancelDownloads(batches: batches)]
    case .chooseVersion:
        guard let view = state.recordView, let versions = view.versions else { return [] }
        let latest = view.latestVersion?.id
        let options = versions.map { version in
            var label = VersionLabel.shown(version.metadata["version"]?.string) ?? "record \(version.id)"
            label += "  \(version.metadata["publication_date"]?.string ?? "")"
            var marks: [String] = []
            if version.id == latest { marks.append("latest") }
            if version.id == view.record.id { marks.append("open") }
            let detail =
                (marks.isEmpty ? "" : "(\(marks.joined(separator: ", "))) ")
                + "record \(version.id) · \(version.files.count) file(s)"
            return ChooserOption(id: String(version.id), label: label, detail: detail)
        }
        state.chooser = Chooser(
            title: "Which version?", purpose: .openRecord, options: options, current: String(view.record.id))
        return []
    default:
        return []
    }
}

/// Opens another version of the record in view, in its place (its own destination directory);
/// the version chain stays.
func openVersion(_ state: inout AppState, _ id: Int) -> [Effect] {
    guard let view = state.recordView, id != view.record.id, let version = view.versions?.first(where: { $0.id == id })
    else { return [] }
    var next = RecordView(
        record: version, destination: PathText.appending(state.startDirectory, String(id)))
    next.versions = view.versions
    if case .record = state.screen { state.screens[state.screens.count - 1] = .record(next) }
    state.status = "Version \(version.metadata["version"]?.string ?? String(id)) (record \(id))"
    return [.loadRecord(id)]
}

/// A new query (or type): a new generation, whose search the runner sends after a pause.
func newSearch(_ state: inout AppState) -> [Effect] {
    state.records.generation += 1
    state.records.loading = true
    state.records.error = nil
    state.records.pages = 0
    state.records.hasMore = false
    return [.searchRecords(state.records.search(page: 1), generation: state.records.generation)]
}

/// The next page of the same query, when the selection nears the end of what is shown.
func moreRecordsIfNeeded(_ state: inout AppState) -> [Effect] {
    let records = state.records
    guard records.hasMore, !records.loading, records.pages > 0, records.selection >= records.results.count - 5 else {
        return []
    }
    state.records.loading = true
    return [.searchRecords(records.search(page: records.pages + 1), generation: records.generation)]
}

func openRecord(_ state: inout AppState) -> [Effect] {
    guard let record = state.records.selected else { return [] }
    let destination = PathText.appending(state.startDirectory, String(record.id))
    state.screens.append(.record(RecordView(record: record, destination: destination)))
    return [.loadRecord(record.id), .loadRecordVersions(record.id)]
}

func applyRecordsResult(_ state: inout AppState, _ message: Message) {
    switch message {
    case .recordsFound(let generation, let page, let number):
        guard generation == state.records.generation else { return }  // an answer to an older query
        // Pages in order only: a repeated or skipped page of the same query is dropped.
        guard number == 1 || number == state.records.pages + 1 else { return }
        state.records.loading = false
        state.records.results = number == 1 ? page.records : state.records.results + page.records
        state.records.pages = number
        state.records.hasMore = page.nextURL != nil && state.records.results.count < page.total
        state.records.total = page.total
        state.records.selection = min(state.records.selection, max(0, page.records.count - 1))
        if number == 1, let slug = page.ignoredCommunities.first {
            // Zenodo drops a slug that names no community and then filters by none (row B7).
            state.status =
                "No community '\(TerminalText.sanitize(slug))' here: the server ignores it, so these records are not filtered by community (C changes it)."
        }
    case .recordsFailed(let generation, let reason):
        guard generation == state.records.generation else { return }
        state.records.loading = false
        state.records.error = reason
    case .recordLoaded(let record):
        guard var view = state.recordView, view.record.id == record.id else { return }
        view.record = record
        view.selection = min(view.selection, max(0, record.files.count - 1))
        state.recordView = view
    case .recordVersionsLoaded(let id, let versions):
        guard state.recordView?.record.id == id else { return }  // another record is open now
        state.recordView?.versions = versions
    case .recordVersionsFailed(let id, let reason):
        guard state.recordView?.record.id == id else { return }
        state.recordView?.versions = []
        state.status = "The versions of record \(id) could not be read: \(reason)"
    case .recordFailed(let id, let reason):
        guard state.recordView?.record.id == id else { return }
        state.status = "Record \(id) could not be read again: \(reason)"
    case .downloadEvent(let batch, let event):
        guard let at = state.downloads.firstIndex(where: { $0.batch == batch }) else { return }
        _ = state.downloads[at].apply(event)
        switch event {
        case .verified(let key, _), .skipped(let key, _):
            let left = state.downloadsLeft
            state.status =
                left == 0
                ? "Downloaded and verified: \(state.downloads[at].paths[key] ?? key)" : "\(left) download(s) running"
        case .failed(let key, let reason):
            state.status = "Download of \(key) failed: \(reason)"
        default:
            break
        }
    default:
        break
    }
}

/// The destination typed (`/` in the record view, Enter): the runner is asked whether the path
/// (relative to the directory zenodo-tui started in, `~` expanded) can hold the files; the answer
/// (`destinationChecked`) keeps it or says why not.
func destinationTyped(_ state: inout AppState, _ text: String) -> [Effect] {
    guard let view = state.recordView else { return [] }
    let typed = PathText.expandingTilde(text.trimming(.whitespaces))
    guard !typed.isEmpty else { return [] }
    let path =
        (PathText.isAbsolute(typed)
            ? typed : PathText.appending(state.startDirectory, typed))
    // The prompt stays until the runner has checked the directory (`destinationChecked`).
    return [
        .checkDestination(
            recordID: view.record.id, path: URL(fileURLWithPath: path).standardizedFileURL.path,
            bytes: view.bytesToFetch)
    ]
}

/// The runner's answer about a typed destination: kept, or the prompt stays with the reason.
func destinationChecked(
    _ state: inout AppState, recordID: Int, path: String, exists: Bool, problem: String?, free: Int64?
) {
    let choosing = state.folders?.recordID == recordID && state.folders?.checking == true
    let typing = state.prompt?.purpose == .destination
    guard var view = state.recordView, view.record.id == recordID, typing || choosing else {
        return
    }
    state.folders?.checking = false
    if let problem {
        state.status = "\(path) \(problem); \(choosing ? "choose" : "type") another."
        return
    }
    if choosing {
        if state.screen.kind == .folders { state.screens.removeLast() }
    }
    view.destination = path
    if typing { state.prompt = nil }
    state.recordView = view
    let room = free.map { " (\(ByteFormat.string($0)) free)" } ?? ""
    state.status =
        exists
        ? "Files go into \(path)\(room)"
        : "Files go into a new directory (made when the first file comes): \(path)\(room)"
}

/// A journalled batch runs again: its unverified files join the queue (`U`) as a new batch.
func downloadResumed(_ state: inout AppState, batch: Int, journal: DownloadJournal) {
    state.resuming.remove(journal.id)
    state.resumableDownloads.removeAll { $0.id == journal.id }
    state.downloads.append(
        DownloadBatch(
            batch: batch, recordID: journal.recordID ?? 0, title: journal.title ?? journal.reference,
            directory: journal.destination,
            files: journal.pending.map { entry in
                (entry.label, entry.size, entry.target(in: URL(fileURLWithPath: journal.destination)).path)
            }))
    state.status =
        "Downloading \(journal.pending.count) file(s) of \(journal.reference) again into \(journal.destination) (U shows the queue)"
}

/// A records filter typed (`C` community, `P` publication dates, Enter): applied (empty clears
/// it); a slug or dates that do not parse keep the prompt open and say why.
func applyRecordsFilter(_ state: inout AppState, _ kind: RecordsPrompt.Kind, _ text: String) -> [Effect] {
    switch kind {
    case .published:
        do {
            state.records.published = text.isEmpty ? nil : try PublicationRange.parse(text)
        } catch {
            state.status = "Published: \(error.message)."
            return []
        }
        state.status = "Published: \(state.records.published?.label ?? "any time")"
    }
    state.prompt = nil
    state.records.selection = 0
    return newSearch(&state)
}

extension RecordView {
    /// What `d` would fetch: the marked files, or every file when none is marked.
    var bytesToFetch: Int64 {
        (marked.isEmpty ? record.files : record.files.filter { marked.contains($0.key) }).reduce(0) { $0 + $1.size }
    }
}
