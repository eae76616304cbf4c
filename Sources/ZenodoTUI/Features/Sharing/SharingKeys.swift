import TerminalKit
import ZenodoKit

/// The sharing screen's keys, and the key that opens it from a deposition.
extension KeyBindings {
    static let sharing: [KeyBinding] = [
        KeyBinding(
            [.character("n")], "new link", "Make a secret link: view, preview the draft, or edit it; until when",
            .sharing(.newLink), footer: true, disabledBecause: { readOnlyOrBusy($0) }),
        KeyBinding(
            [.character("c")], "copy", "Copy the selected link's address to your clipboard (OSC 52, over SSH too)",
            .sharing(.copy), footer: true,
            disabledBecause: { state in
                if case .link? = state.sharingView?.selected { return nil }
                return "no link is selected"
            }),
        KeyBinding(
            [.character("p")], "person", "Give a person access: username, user id or public e-mail",
            .sharing(.grant), footer: true, disabledBecause: { readOnlyOrBusy($0) }),
        KeyBinding(
            [.character("x")], "remove",
            "Revoke the selected link, take the person's access away, or decline the request (asks first)",
            .sharing(.remove), footer: true,
            disabledBecause: { state in
                if let reason = readOnlyOrBusy(state) { return reason }
                return state.sharingView?.selected == nil ? "nothing is selected" : nil
            }),
        KeyBinding(
            [.character("a")], "accept", "Accept the selected access request: the requester may then see the files",
            .sharing(.accept),
            disabledBecause: { state in
                if let reason = readOnlyOrBusy(state) { return reason }
                if case .request? = state.sharingView?.selected { return nil }
                return "no access request is selected"
            }),
        KeyBinding([.character("r")], "reload", "Read the links, people and requests again", .refresh),
    ]

    static let share = KeyBinding(
        [.character("A")], "access",
        "Share it: secret links (view, preview the draft, edit), people given access, access requests", .share,
        disabledBecause: { $0.focusedDeposition == nil ? "no deposition is selected" : nil })
}
