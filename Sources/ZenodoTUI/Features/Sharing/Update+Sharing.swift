import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// Sharing a draft or record (issue 32): `A` on a deposition opens its links, people and access
/// requests; links are made, copied (OSC 52) and revoked, people given access and had it taken
/// away, requests accepted or declined. Every change goes to the server off the loop and the
/// screen reads the whole state again after it.
func openSharing(_ state: inout AppState) -> [Effect] {
    guard let deposition = state.focusedDeposition else { return [] }
    let view = SharingView(
        recordID: deposition.id, title: deposition.metadata.title ?? "", isDraft: !deposition.submitted,
        origin: state.siteOrigin)
    state.screens.append(.sharing(view))
    state.status = "Reading who may see deposition \(deposition.id)…"
    return [.sharing(.load(recordID: deposition.id))]
}

func performSharingAction(_ state: inout AppState, _ action: SharingAction) -> [Effect] {
    guard let view = state.sharingView else { return [] }
    let id = view.recordID
    switch action {
    case .newLink:
        state.sharingView?.problem = nil
        state.chooser = Chooser(
            title: "A link that lets whoever has it…", purpose: .sharing(.linkPermission(recordID: id)),
            options: SecretLink.Permission.allCases.map {
                ChooserOption(id: $0.rawValue, label: "\($0.rawValue): \($0.words)")
            })
        return []
    case .copy:
        guard case .link(let link)? = view.selected else { return [] }
        state.sharingView?.revealed = link.id
        state.status = "Copied the \(link.permission) link to your clipboard (OSC 52); it is shown in full below."
        return [.copyToClipboard(view.address(link))]
    case .grant:
        state.sharingView?.problem = nil
        openPrompt(&state, .sharePerson)
        return []
    case .remove:
        let ask: (String, String, SharingEffect)
        switch view.selected {
        case .link(let link)?:
            let note = link.description.isEmpty ? "" : " (\(link.description))"
            ask = (
                "Revoke this link?",
                "The \(link.permission) link\(note) stops working at once for everyone who has it.",
                .revokeLink(recordID: id, linkID: link.id)
            )
        case .grant(let grant)?:
            ask = (
                "Take access away?", "\(grant.who) may no longer \(grant.permission) deposition \(id).",
                .ungrant(recordID: id, userID: grant.userID)
            )
        case .request(let request)?:
            ask = (
                "Decline this request?", "User \(request.creator ?? "?") asked: \(request.message ?? "(no message)")",
                .answer(recordID: id, requestID: request.id, accept: false)
            )
        case nil:
            return []
        }
        state.overlay = .confirm(
            Confirmation(
                title: ask.0, lines: [(ask.1, .plain)], question: "y does it, any other key keeps it.",
                yes: .run(.sharing(ask.2))))
        return []
    case .accept:
        guard case .request(let request)? = view.selected else { return [] }
        state.busy = "Accepting the access request"
        return [.sharing(.answer(recordID: id, requestID: request.id, accept: true))]
    }
}

/// A chooser's answer: the link's permission, then its expiry; a person's permission.
func sharingChosen(_ state: inout AppState, _ choice: SharingChoice, _ option: ChooserOption) -> [Effect] {
    switch choice {
    case .linkPermission(let id):
        guard let permission = SecretLink.Permission(rawValue: option.id) else { return [] }
        let choices = SharingView.expiryChoices(today: Date())
        state.chooser = Chooser(
            title: "The \(permission.rawValue) link works…", purpose: .sharing(.linkExpiry(recordID: id, permission)),
            options: choices.map { label, day in
                ChooserOption(id: day ?? "", label: day.map { "\(label) (until \($0))" } ?? label)
            }
        )
        return []
    case .linkExpiry(let id, let permission):
        state.busy = "Making the \(permission.rawValue) link"
        return [
            .sharing(.createLink(recordID: id, permission: permission, expires: option.id.isEmpty ? nil : option.id))
        ]
    case .grantPermission(let id, let who):
        guard let permission = AccessGrant.Permission(rawValue: option.id) else { return [] }
        state.busy = "Giving \(who) access"
        return [.sharing(.grant(recordID: id, who: who, permission: permission))]
    }
}

/// The person typed at `p`: their permission is chosen next.
func sharePersonTyped(_ state: inout AppState, _ text: String) -> [Effect] {
    let who = text.trimming(.whitespaces)
    guard !who.isEmpty, let id = state.sharingView?.recordID else {
        state.status = "Person: type a username, a user id or a public e-mail address (Esc gives up)."
        return []
    }
    state.prompt = nil
    state.chooser = Chooser(
        title: "\(who) may…", purpose: .sharing(.grantPermission(recordID: id, who: who)),
        options: AccessGrant.Permission.allCases.map {
            ChooserOption(id: $0.rawValue, label: "\($0.rawValue): \($0.words)")
        })
    return []
}

func applySharing(_ state: inout AppState, _ message: SharingMessage) -> [Effect] {
    switch message {
    case .loaded(let id, let links, let grants, let requests):
        guard state.sharingView?.recordID == id, var view = state.sharingView else { return [] }
        view.links = links
        view.grants = grants
        view.requests = requests
        view.loaded = true
        view.problem = nil
        view.selection = min(view.selection, max(view.rows.count - 1, 0))
        state.sharingView = view
        if state.busy == nil, state.status?.hasPrefix("Reading who may see") == true { state.status = nil }
    case .changed(let id, let words):
        state.busy = nil
        state.status = words
        return state.sharingView?.recordID == id ? [.sharing(.load(recordID: id))] : []
    case .linkMade(let id, let link):
        state.busy = nil
        guard state.sharingView?.recordID == id, let view = state.sharingView else { return [] }
        state.sharingView?.revealed = link.id
        state.sharingView?.selection = view.links.count
        state.status =
            "Made a \(link.permission) link and copied it to your clipboard (OSC 52); it is shown in full below."
        return [.copyToClipboard(view.address(link)), .sharing(.load(recordID: id))]
    case .failed(let id, let words):
        state.busy = nil
        guard state.sharingView?.recordID == id else { return [] }
        state.sharingView?.problem = words
        state.status = words
    }
    return []
}
