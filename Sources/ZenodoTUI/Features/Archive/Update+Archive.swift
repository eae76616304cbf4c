import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// Looking inside a ZIP on the server (issue 31): opened from a record's file (Enter) or a
/// deposition's (`Z`), listed without fetching it, folders opened, members marked and fetched.
func lookInsideSelected(_ state: inout AppState) -> [Effect] {
    guard let view = state.recordView, view.record.files.indices.contains(view.selection) else { return [] }
    let file = view.record.files[view.selection]
    guard ArchiveView.canOpen(file.key) else {
        state.status = "Inside: not here, \(file.key) is not a ZIP file (d downloads it)."
        return []
    }
    guard let url = file.contentURL else {
        state.status = "Inside: the server gave no link to \(file.key)'s content."
        return []
    }
    return openArchive(
        &state,
        ArchiveView(recordID: view.record.id, key: file.key, url: url, size: file.size, destination: view.destination))
}

/// `Z` on a deposition: its one ZIP, or a chooser of them.
func lookInsideDeposition(_ state: inout AppState) -> [Effect] {
    guard let deposition = state.focusedDeposition else { return [] }
    let zips = deposition.files.filter { ArchiveView.canOpen($0.filename) }
    if zips.count == 1 { return openDepositionArchive(&state, deposition.id, key: zips[0].filename) }
    state.chooser = Chooser(
        title: "Look inside which ZIP?", purpose: .openArchive(depositionID: deposition.id),
        options: zips.map { ChooserOption(id: $0.filename, label: "\($0.filename)  \(ByteFormat.string($0.size))") })
    return []
}

func openDepositionArchive(_ state: inout AppState, _ id: Int, key: String) -> [Effect] {
    guard let deposition = state.details[id] ?? state.list.items.first(where: { $0.id == id }),
        let file = deposition.files.first(where: { $0.filename == key }), let url = deposition.contentURL(of: file)
    else {
        state.status = "Inside: no link to \(key)'s content; r reads the deposition again."
        return []
    }
    let destination = PathText.appending(state.startDirectory, String(id))
    return openArchive(
        &state, ArchiveView(recordID: id, key: key, url: url, size: file.size, destination: destination))
}

private func openArchive(_ state: inout AppState, _ view: ArchiveView) -> [Effect] {
    state.screens.append(.archive(view))
    state.status = "Reading the directory of \(view.key) (the archive itself is not fetched)…"
    return [.listArchive(recordID: view.recordID, key: view.key, url: view.url, size: view.size)]
}

func performArchiveAction(_ state: inout AppState, _ action: Action) -> [Effect] {
    guard var view = state.archive, let tree = view.tree else { return [] }
    let rows = view.rows
    let row = rows.indices.contains(view.selection) ? rows[view.selection] : nil
    func toggle(_ entries: [ZipEntry]) {
        let names = Set(entries.map(\.name))
        if names.isSubset(of: view.marked) { view.marked.subtract(names) } else { view.marked.formUnion(names) }
    }
    switch action {
    case .open:
        guard let row else { return [] }
        if row.isFolder {
            if view.open.contains(row.path) { view.open.remove(row.path) } else { view.open.insert(row.path) }
        } else {
            toggle(tree.files(under: row.path))
        }
    case .markFile:
        guard let row else { return [] }
        toggle(tree.files(under: row.path))
        view.selection = min(view.selection + 1, max(rows.count - 1, 0))
    case .markAll:
        let shown = view.filter.isEmpty ? tree.fileEntries : rows.compactMap(\.entry)
        toggle(shown)
    case .download:
        let wanted = view.wanted()
        guard !wanted.isEmpty else { return [] }
        view.marked = []
        view.fetching += wanted.count
        state.archive = view
        state.status = "Fetching \(wanted.count) member\(wanted.count == 1 ? "" : "s") of \(view.key)…"
        return [
            .fetchMembers(
                recordID: view.recordID, key: view.key, url: view.url, size: view.size, entries: wanted,
                destination: view.destination)
        ]
    default:
        return []
    }
    state.archive = view
    return []
}

func applyArchiveResult(_ state: inout AppState, _ message: Message) -> [Effect] {
    func view(_ recordID: Int, _ key: String, _ change: (inout ArchiveView) -> Void) {
        guard var view = state.archive, view.recordID == recordID, view.key == key else { return }
        change(&view)
        state.archive = view
    }
    switch message {
    case .archiveListed(let recordID, let key, let listing):
        let tree = ArchiveTree(listing.entries)
        view(recordID, key) { view in
            view.tree = tree
            view.listedBy = listing.source
            view.requests = listing.requests
            view.bytesRead = listing.bytesRead
        }
        state.status =
            "\(key): \(tree.fileEntries.count) files. Enter opens a folder, space marks, / filters, d fetches."
    case .archiveFailed(let recordID, let key, let why):
        view(recordID, key) { $0.error = why }
        state.status = "Cannot look inside \(key)."
    case .membersFetched(let recordID, let key, let fetched, let failed):
        view(recordID, key) { $0.fetching = max(0, $0.fetching - fetched.count - failed.count) }
        let bytes = fetched.reduce(Int64(0)) { $0 + $1.size }
        let read = fetched.reduce(Int64(0)) { $0 + $1.bytesRead }
        state.status =
            "Fetched \(fetched.count) member\(fetched.count == 1 ? "" : "s") of \(key) (\(ByteFormat.string(bytes)), \(ByteFormat.string(read)) read), each checked against its CRC-32"
            + (failed.isEmpty ? "." : "; \(failed.count) not.")
        if !failed.isEmpty { state.overlay = .problems(failed) }
    default:
        break
    }
    return []
}
