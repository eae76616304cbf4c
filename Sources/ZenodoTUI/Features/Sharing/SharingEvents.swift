import ZenodoKit

/// The sharing screen's own actions, effects and messages: the shell routes each enum once
/// (`Action.sharing`, `Effect.sharing`, `Message.sharing`, `Chooser.Purpose.sharing`), and what
/// they mean lives in this folder. A new sharing action adds a case here, not a case to the
/// shell's enums.
public enum SharingAction: Sendable, Hashable {
    /// `n`: a new secret link (its permission, then how long it lasts, are chosen).
    case newLink
    /// `c`: the selected link's address to the clipboard (OSC 52), shown in full.
    case copy
    /// `p`: give a person access (typed: username, id or public e-mail; then the permission).
    case grant
    /// `x`: revoke the selected link, take the selected person's access away, or decline the
    /// selected access request (each asked first).
    case remove
    /// `a`: accept the selected access request (the requester gets a view grant).
    case accept
}

public enum SharingEffect: Sendable, Equatable {
    /// Links, grants and the access requests about the record.
    case load(recordID: Int)
    case createLink(recordID: Int, permission: SecretLink.Permission, expires: String?)
    case revokeLink(recordID: Int, linkID: String)
    case grant(recordID: Int, who: String, permission: AccessGrant.Permission)
    case ungrant(recordID: Int, userID: String)
    case answer(recordID: Int, requestID: String, accept: Bool)
}

public enum SharingMessage: Sendable, Equatable {
    case loaded(recordID: Int, links: [SecretLink], grants: [AccessGrant], requests: [ReviewRequest])
    /// A change made, in words (the runner reads everything again after it).
    case changed(recordID: Int, String)
    case linkMade(recordID: Int, SecretLink)
    case failed(recordID: Int, String)
}

/// What a chooser opened from the sharing screen decides.
public enum SharingChoice: Sendable, Equatable {
    /// The new link's permission.
    case linkPermission(recordID: Int)
    /// How long the new link lasts.
    case linkExpiry(recordID: Int, SecretLink.Permission)
    /// The permission a typed person gets.
    case grantPermission(recordID: Int, who: String)
}
