import TerminalKit
import ZenodoKit

/// The keys of the file picker and of the transfer queue.
extension KeyBindings {
    static let uploadInto = KeyBinding(
        [.character("u")], "upload", "Upload files into this draft", .upload, footer: true,
        disabledBecause: { state in
            if state.readOnly { return "read-only mode (--read-only or ZENODO_READ_ONLY)" }
            guard let deposition = state.focusedDeposition else { return "no deposition is selected" }
            return deposition.filesEditable ? nil : lockedBecause(deposition)
        })

    static let picker: [KeyBinding] = [
        KeyBinding([.character(" ")], "choose", "Choose or unchoose the file", .toggle, footer: true),
        KeyBinding([.enter], "enter dir", "Open the directory", .open, footer: true),
        KeyBinding(
            [.backspace, .character("h")], "parent", "Go to the parent directory", .parent, footer: true),
        KeyBinding([.character("a")], "all", "Choose every file in this directory", .chooseAll),
        KeyBinding([.character("p")], "path", "Type a path (Tab completes)", .pathPrompt, footer: true),
        KeyBinding(
            [.character("J")], "junk",
            "Take or leave out the usual junk of a chosen directory (.DS_Store, __pycache__/, .git/, …; left out and named by default)",
            .toggleJunk),
        KeyBinding(
            [.character("z")], "pack",
            "Send each chosen directory as an archive made on the fly: one zip, a zip per folder, one tar, a tar per folder, or its files as they are",
            .cyclePack, footer: true),
        KeyBinding(
            [.character("u")], "start", "Check the chosen files and start uploading", .startUpload,
            footer: true,
            disabledBecause: {
                ($0.picker?.chosen.isEmpty ?? true) ? "no file is chosen yet (Space chooses)" : nil
            }),
    ]

    static let uploads: [KeyBinding] = [
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
    ]
}
