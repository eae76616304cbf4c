import FoundationEssentials
import ZenodoKit

extension EffectRunner {
    /// Sharing's requests, each in its own task (never on the loop), answering with one message.
    func performSharing(_ effect: SharingEffect) {
        guard let client else { return }
        let inbox = self.inbox
        Task.detached {
            func report(_ id: Int, _ work: () async throws -> SharingMessage) async {
                do {
                    inbox.send(.sharing(try await work()))
                } catch {
                    inbox.send(.sharing(.failed(recordID: id, String(describing: error))))
                }
            }
            switch effect {
            case .load(let id):
                await report(id) {
                    let links = try await client.secretLinks(of: id)
                    let grants = try await client.grants(of: id)
                    // Requests are the owner's business only for published records; a draft has none.
                    let requests = (try? await client.requests(about: id))?.filter(\.isAccessRequest) ?? []
                    return .loaded(recordID: id, links: links, grants: grants, requests: requests)
                }
            case .createLink(let id, let permission, let expires):
                await report(id) {
                    .linkMade(
                        recordID: id,
                        try await client.createSecretLink(on: id, permission: permission, expires: expires))
                }
            case .revokeLink(let id, let linkID):
                await report(id) {
                    try await client.revokeSecretLink(linkID, of: id)
                    return .changed(recordID: id, "Revoked the link: it no longer opens deposition \(id).")
                }
            case .grant(let id, let who, let permission):
                await report(id) {
                    let (user, _) = try await client.grantAccess(on: id, to: who, permission: permission)
                    return .changed(recordID: id, "\(user.username) (user \(user.id)) may now \(permission.words).")
                }
            case .ungrant(let id, let userID):
                await report(id) {
                    try await client.revokeGrant(on: id, from: userID)
                    return .changed(recordID: id, "User \(userID) no longer has access to deposition \(id).")
                }
            case .answer(let id, let requestID, let accept):
                await report(id) {
                    let answered = try await client.act(accept ? "accept" : "decline", on: requestID)
                    return .changed(recordID: id, "Request \(accept ? "accepted" : "declined"): \(answered.meaning).")
                }
            }
        }
    }
}
