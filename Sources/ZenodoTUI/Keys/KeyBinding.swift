import TerminalKit
import ZenodoKit

/// What a key does.
public enum Action: Sendable, Equatable {
    case up, down, top, bottom, pageUp, pageDown
    case open, back, help, quit
    case refresh, filter, sort, upload, queue
    case cancelUpload, resume, dismissUpload
    case toggle, chooseAll, parent, pathPrompt, startUpload
    case menu
    case create, editMetadata, publish, newVersion, discardOrDelete, deleteFile, toggleMetadataOnly
    case editField, addItem, removeItem, moveItemUp, moveItemDown, revertField, save, importFile
    case toggleKeep, continueNewVersion
    case newFolder, useFolder
    case searchRecords, editQuery, cycleType, cycleSort, cycleAccess, filterCommunity, filterPublished, download,
        downloadAll, chooseVersion, cancelDownloads, markFile, markAll, chooseDestination
}

/// A key binding as data: the help overlay, the footer and `docs/keys.md` are generated from
/// these records, and `disabledBecause` explains why an action is unavailable here.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var label: String
    public var description: String
    public var action: Action
    public var inFooter: Bool
    public var disabledBecause: @Sendable (AppState) -> String?

    public init(
        _ keys: [Key], _ label: String, _ description: String, _ action: Action, footer: Bool = false,
        disabledBecause: @escaping @Sendable (AppState) -> String? = { _ in nil }
    ) {
        self.keys = keys
        self.label = label
        self.description = description
        self.action = action
        inFooter = footer
        self.disabledBecause = disabledBecause
    }

    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

/// The bindings of each screen, most useful first.
public enum KeyBindings {
    static let navigation: [KeyBinding] = [
        KeyBinding([.up, .character("k")], "up", "Move up", .up),
        KeyBinding([.down, .character("j")], "down", "Move down", .down),
        KeyBinding([.character("g"), .home], "top", "Go to the first row", .top),
        KeyBinding([.character("G"), .end], "bottom", "Go to the last row", .bottom),
        KeyBinding([.pageUp], "page up", "One page up", .pageUp),
        KeyBinding([.pageDown], "page down", "One page down", .pageDown),
    ]

    static let global: [KeyBinding] = [
        KeyBinding([.character(":")], "menu", "Open the menu of actions for this screen", .menu),
        KeyBinding(
            [.character("U")], "uploads", "Show the queue: uploads (cancel, resume) and downloads", .queue, footer: true
        ),
        KeyBinding([.character("?")], "help", "Show this help", .help, footer: true),
        KeyBinding([.character("q"), .escape], "back", "Go back; on the list, quit", .back, footer: true),
        KeyBinding([.control("c")], "quit", "Quit (asks first while uploads run)", .quit),
    ]

    static let uploadInto = KeyBinding(
        [.character("u")], "upload", "Upload files into this draft", .upload, footer: true,
        disabledBecause: { state in
            if state.readOnly { return "read-only mode (--read-only or ZENODO_READ_ONLY)" }
            guard let deposition = state.focusedDeposition else { return "no deposition is selected" }
            switch deposition.state {
            case .unsubmitted: return nil
            case .inprogress: return "a published record's files are locked while its metadata is edited"
            default: return "a published record's files are locked; make a new version to change them"
            }
        })

    static let readOnlyReason = "read-only mode (--read-only or ZENODO_READ_ONLY)"

    /// Why a changing action is unavailable: read-only mode, another action in flight, nothing
    /// selected, or the deposition not read in full yet.
    static func changing(_ state: AppState, needsDetails: Bool = true) -> String? {
        if let reason = readOnlyOrBusy(state) { return reason }
        guard let deposition = state.focusedDeposition else { return "no deposition is selected" }
        if needsDetails, state.details[deposition.id] == nil { return "the deposition is still loading" }
        return nil
    }

    /// Read-only mode, or another action in flight (one at a time).
    static func readOnlyOrBusy(_ state: AppState) -> String? {
        if state.readOnly { return readOnlyReason }
        return state.busy.map { "\($0.prefix(1).lowercased() + $0.dropFirst()) is still running" }
    }

    static let create = KeyBinding(
        [.character("n")], "new", "Create a new draft (its DOI is reserved at once) and open its form", .create,
        footer: true,
        disabledBecause: { readOnlyOrBusy($0) })

    static let depositionActions: [KeyBinding] = [
        KeyBinding(
            [.character("e")], "edit", "Edit the metadata (a published record: opens an edit, files stay locked)",
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
                if !deposition.filesEditable { return "a published record's files are locked" }
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
                return state.focusedDeposition!.state == .done ? "a published record cannot be deleted" : nil
            }),
    ]

    public static func bindings(for screen: AppState.Screen) -> [KeyBinding] {
        switch screen {
        case .list:
            return [
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
            ] + navigation + global
        case .records:
            return [
                KeyBinding([.enter], "open", "Open the record: its files, to download", .open, footer: true),
                KeyBinding(
                    [.character("/")], "search", "Type the search (words, \"a phrase\", field:value)", .editQuery,
                    footer: true),
                KeyBinding(
                    [.character("t")], "type", "Only datasets, software, …: the next resource type", .cycleType,
                    footer: true),
                KeyBinding(
                    [.character("s")], "sort", "Sort: best match, newest, most downloaded, most viewed, oldest",
                    .cycleSort, footer: true),
                KeyBinding(
                    [.character("A")], "access", "Only open, embargoed or restricted records: the next access filter",
                    .cycleAccess),
                KeyBinding(
                    [.character("C")], "community", "Only one community's records (type its slug; empty: all)",
                    .filterCommunity),
                KeyBinding(
                    [.character("P")], "published",
                    "Only records published within dates (2020..2024, 2019-06.., ..2021)", .filterPublished),
                KeyBinding([.character("r")], "refresh", "Search again", .refresh),
            ] + navigation + global
        case .record:
            return [
                KeyBinding([.character(" ")], "mark", "Mark or unmark the file for d", .markFile, footer: true),
                KeyBinding([.character("a")], "mark all", "Mark every file, or none if all are marked", .markAll),
                KeyBinding(
                    [.character("d")], "download",
                    "Download the marked files, or the selected one (resumes a partial one; MD5 checked)", .download,
                    footer: true,
                    disabledBecause: { state in
                        guard let view = state.recordView, view.record.files.indices.contains(view.selection) else {
                            return "no file is selected"
                        }
                        guard view.marked.isEmpty else { return nil }
                        let file = view.record.files[view.selection]
                        return state.isDownloading(recordID: view.record.id, key: file.key)
                            ? "it is already being downloaded" : nil
                    }),
                KeyBinding(
                    [.character("o")], "into…",
                    "Choose the directory the files go into: browse, make a new one, or type a path", .chooseDestination
                ),
                KeyBinding(
                    [.character("D")], "download all",
                    "Download every file of the record (into ./<record id> unless o chose another directory)",
                    .downloadAll, footer: true,
                    disabledBecause: { state in
                        (state.recordView?.record.files.isEmpty ?? true) ? "the record has no files" : nil
                    }),
                KeyBinding(
                    [.character("c")], "stop", "Stop this record's downloads (the partial files stay; d resumes them)",
                    .cancelDownloads,
                    disabledBecause: { state in
                        state.downloads.contains { $0.recordID == state.recordView?.record.id && $0.isRunning }
                            ? nil : "nothing is being downloaded"
                    }),
                KeyBinding(
                    [.character("v")], "versions", "Choose another version of the record (the latest is marked)",
                    .chooseVersion, footer: true,
                    disabledBecause: { state in
                        guard let versions = state.recordView?.versions else { return "its versions are still loading" }
                        return versions.count < 2 ? "the record has one version" : nil
                    }),
            ] + navigation + global
        case .deposition:
            return [uploadInto] + depositionActions + [
                KeyBinding([.character("r")], "reload", "Read the deposition again", .refresh)
            ] + navigation + global
        case .editor:
            return editorBindings + navigation + global
        case .newVersion:
            return [
                KeyBinding(
                    [.character(" "), .enter], "keep/drop", "Keep or drop the file; on Version, edit it", .toggleKeep,
                    footer: true),
                KeyBinding(
                    [.character("c")], "continue", "Remove the dropped files, save the version, go on to upload",
                    .continueNewVersion,
                    footer: true,
                    disabledBecause: { state in
                        if state.readOnly { return readOnlyReason }
                        return state.newVersion?.working == true ? "it is being prepared" : nil
                    }),
            ] + navigation + global
        case .picker:
            return [
                KeyBinding([.character(" ")], "choose", "Choose or unchoose the file", .toggle, footer: true),
                KeyBinding([.enter], "enter dir", "Open the directory", .open, footer: true),
                KeyBinding(
                    [.backspace, .character("h")], "parent", "Go to the parent directory", .parent, footer: true),
                KeyBinding([.character("a")], "all", "Choose every file in this directory", .chooseAll),
                KeyBinding([.character("p")], "path", "Type a path (Tab completes)", .pathPrompt, footer: true),
                KeyBinding(
                    [.character("u")], "start", "Check the chosen files and start uploading", .startUpload,
                    footer: true,
                    disabledBecause: {
                        ($0.picker?.chosen.isEmpty ?? true) ? "no file is chosen yet (Space chooses)" : nil
                    }),
            ] + navigation + global
        case .folders:
            return [
                KeyBinding([.enter], "open", "Open the selected directory", .open, footer: true),
                KeyBinding(
                    [.backspace, .character("h")], "parent", "Go to the parent directory", .parent, footer: true),
                KeyBinding(
                    [.character("n")], "new dir", "Make a new directory here (and open it)", .newFolder, footer: true),
                KeyBinding(
                    [.character("w")], "use this", "Download into the directory shown", .useFolder, footer: true,
                    disabledBecause: { ($0.folders?.checking ?? false) ? "it is being checked" : nil }),
                KeyBinding([.character("p")], "path", "Type the directory's path instead", .pathPrompt),
            ] + navigation + global
        case .uploads:
            return [
                KeyBinding(
                    [.character("c")], "cancel", "Cancel the selected upload (it stays resumable)", .cancelUpload,
                    footer: true,
                    disabledBecause: { state in
                        state.uploads.indices.contains(state.uploadSelection)
                            && state.uploads[state.uploadSelection].isRunning
                            ? nil : "the selected upload is not running"
                    }),
                KeyBinding(
                    [.character("x")], "dismiss", "Dismiss the selected ended upload (forget its result)",
                    .dismissUpload,
                    footer: true,
                    disabledBecause: { state in
                        guard state.uploads.indices.contains(state.uploadSelection) else {
                            return "no upload is selected"
                        }
                        return state.uploads[state.uploadSelection].isRunning ? "it is still running (c stops it)" : nil
                    }),
                KeyBinding(
                    [.character("R")], "resume", "Resume an upload, then a download, interrupted in an earlier run",
                    .resume, footer: true,
                    disabledBecause: { state in
                        let uploads = state.resumable.contains { !state.resuming.contains($0.id) }
                        let downloads = state.resumableDownloads.contains { !state.resuming.contains($0.id) }
                        if uploads, state.readOnly { return "read-only mode (--read-only or ZENODO_READ_ONLY)" }
                        return uploads || downloads ? nil : "no interrupted upload or download to resume"
                    }),
            ] + navigation + global
        }
    }

    static let editorBindings: [KeyBinding] = [
        KeyBinding(
            [.enter], "edit", "Edit the field (choose from a list, type text, or add to a list)", .editField,
            footer: true),
        KeyBinding(
            [.character("s")], "save", "Show what changes, then save (and read back from Zenodo)", .save, footer: true,
            disabledBecause: { state in
                if state.readOnly { return readOnlyReason }
                return state.editor?.saving == true ? "it is being saved" : nil
            }),
        KeyBinding(
            [.character("a")], "add", "Add a person or related identifier after this one", .addItem, footer: true),
        KeyBinding([.character("x")], "remove", "Remove the person or related identifier", .removeItem, footer: true),
        KeyBinding([.character("K")], "move up", "Move the person or related identifier up", .moveItemUp),
        KeyBinding([.character("J")], "move down", "Move the person or related identifier down", .moveItemDown),
        KeyBinding([.character("z")], "revert", "Put the field back as Zenodo has it", .revertField),
        KeyBinding(
            [.character("i")], "import",
            "Fill fields from a .zenodo.json or CITATION.cff (shown in the diff before saving)", .importFile,
            footer: true),
        KeyBinding(
            [.character("P")], "publish", "Check and publish what is saved (asks first; shows the DOI)", .publish,
            disabledBecause: { state in
                if state.editor?.hasChanges == true { return "there are unsaved changes: s shows them and saves first" }
                return publishBlocked(state)
            }),
    ]

    /// Why publishing is not possible now, or `nil`.
    static func publishBlocked(_ state: AppState) -> String? {
        if let reason = changing(state) { return reason }
        let deposition = state.focusedDeposition!
        if deposition.state == .done { return "it is published; e edits its metadata, N makes a new version" }
        if state.uploads.contains(where: { $0.isRunning && $0.depositionID == deposition.id }) {
            return "an upload into it is running; publish once its files are verified"
        }
        return nil
    }

    /// The binding for a key on a screen.
    public static func binding(for key: Key, on screen: AppState.Screen) -> KeyBinding? {
        bindings(for: screen).first { $0.keys.contains(key) }
    }
}

extension AppState {
    /// The deposition the current screen is about: the open one, or the list's selection.
    public var focusedDeposition: Deposition? {
        switch screen {
        case .deposition(let id): return details[id] ?? list.items.first { $0.id == id }
        case .list: return list.selected
        case .picker:
            return picker.flatMap { p in details[p.depositionID] ?? list.items.first { $0.id == p.depositionID } }
        case .uploads, .records, .record, .folders: return nil
        case .editor(let id), .newVersion(let id): return details[id] ?? list.items.first { $0.id == id }
        }
    }
}

extension KeyBindings {
    /// The `:` menu's entries: the screen's actions, without plain movement and the menu itself.
    public static func menuEntries(for screen: AppState.Screen) -> [KeyBinding] {
        let movement: Set<Action> = [.up, .down, .top, .bottom, .pageUp, .pageDown, .menu]
        return bindings(for: screen).filter { !movement.contains($0.action) }
    }
}
