import TerminalKit
import ZenodoKit

/// The keys of the records search, of a record's files and of the folder chooser.
extension KeyBindings {
    static let records: [KeyBinding] = [
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
            [.character("C")], "community",
            "Only one community's records (chosen from the server's as you type; or all)",
            .filterCommunity),
        KeyBinding(
            [.character("P")], "published",
            "Only records published within dates (2020..2024, 2019-06.., ..2021)", .filterPublished),
        KeyBinding([.character("r")], "refresh", "Search again", .refresh),
    ]

    static let record: [KeyBinding] = [
        KeyBinding(
            [.enter], "inside", "Look inside the selected ZIP without fetching it (list, mark, fetch members)", .open,
            disabledBecause: { state in
                guard let view = state.recordView, view.record.files.indices.contains(view.selection) else {
                    return "no file is selected"
                }
                return ArchiveView.canOpen(view.record.files[view.selection].key) ? nil : "it is not a ZIP file"
            }),
        KeyBinding(
            [.character("i")], "about",
            "Show the description, keywords, funding, related works and use, or the files again", .about),
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
        copy,
    ]

    static let folders: [KeyBinding] = [
        KeyBinding([.enter], "open", "Open the selected directory", .open, footer: true),
        KeyBinding(
            [.backspace, .character("h")], "parent", "Go to the parent directory", .parent, footer: true),
        KeyBinding(
            [.character("n")], "new dir", "Make a new directory here (and open it)", .newFolder, footer: true),
        KeyBinding(
            [.character("w")], "use this", "Download into the directory shown", .useFolder, footer: true,
            disabledBecause: { ($0.folders?.checking ?? false) ? "it is being checked" : nil }),
        KeyBinding([.character("p")], "path", "Type the directory's path instead", .pathPrompt),
    ]
}
