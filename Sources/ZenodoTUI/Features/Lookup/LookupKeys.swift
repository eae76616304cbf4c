import TerminalKit
import ZenodoKit

extension KeyBindings {
    static let lookupGrant = KeyBinding(
        [.character("L")], "find",
        "Find on the server as you type: a person (ORCID) on their name, an institution (ROR) on an affiliation, a subject on Subjects, else a grant for Funding (or a custom award)",
        .lookup,
        disabledBecause: { state in
            guard let editor = state.editor else { return "no form is open" }
            if case .person(_, _, let part)? = editor.selectedRow?.id,
                [.name, .affiliation, .affiliations].contains(part)
            {
                return nil
            }
            return editor.backend.nativeFields
                ? nil
                : "here it finds grants, a field of the native API (--api rdm); on a person's name or affiliation it finds them"
        })
}
