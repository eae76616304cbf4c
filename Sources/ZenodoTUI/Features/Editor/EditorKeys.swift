import TerminalKit
import ZenodoKit

/// The keys of the metadata form and of the new-version step.
extension KeyBindings {
    static let editor: [KeyBinding] = [
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
        lookupGrant,
        KeyBinding(
            [.character("P")], "publish", "Check and publish what is saved (asks first; shows the DOI)", .publish,
            disabledBecause: { state in
                if state.editor?.hasChanges == true { return "there are unsaved changes: s shows them and saves first" }
                return publishBlocked(state)
            }),
    ]

    static let newVersion: [KeyBinding] = [
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
    ]
}
