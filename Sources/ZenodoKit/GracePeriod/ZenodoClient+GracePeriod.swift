import FoundationEssentials
import NIOHTTP1

/// What the owner may still do to a published record within the server's grace period: unlock
/// its files in the edit draft (`POST /api/records/{id}/file-modification`) and delete it
/// (`POST /api/records/{id}/request-deletion`), invenio-rdm-records 1f23bb9e
/// `resources/config.py` routes, `services/services.py`; Zenodo enables both for 30 days
/// (zenodo-rdm `invenio.cfg`). Zenodo serves the records routes for the ids of both APIs, so both
/// backends use them, as with the quota increase.
extension ZenodoClient {
    /// The outcome of a deletion: accepted at once (the record is gone, its DOI shows the
    /// tombstone), or submitted for the server's staff to decide.
    public enum DeletionOutcome: Sendable, Equatable {
        case deleted
        case requested
    }

    /// Unlocks the files of published record `id` in its edit draft, opening the draft first when
    /// there is none (a draft it opened is discarded again when the server refuses, so a refusal
    /// leaves the record as it was). Answers the edit draft, its files unlocked.
    public func unlockFiles(of id: Int, comment: String? = nil) async throws -> Deposition {
        let current = try await deposition(id)
        switch current.state {
        case .unsubmitted:
            throw ZenodoError(
                .refused, "deposition \(id) was never published: its files are not locked; upload to it as it is")
        case .unknown:
            throw ZenodoError(.unexpected, "deposition \(id) is in no state zenodo-tui knows")
        case .done, .inprogress:
            break
        }
        let opened = current.state == .done
        if opened { _ = try await edit(id) }
        do {
            var body: [String: JSONValue] = [:]
            if let comment, !comment.isEmpty { body["comment"] = .string(comment) }
            let reply = try await send(
                .POST, url("/records/\(id)/file-modification"), json: .object(body), idempotent: false,
                accept: Self.rdmAccept)
            let request = try reply.json("the file modification")
            guard request["status"]?.string == "accepted" else {
                throw ZenodoError(
                    .unexpected,
                    "\(profile.displayName) did not accept the file modification of record \(id) (its request is \(request["status"]?.string ?? "in no state")): the files stay locked"
                )
            }
        } catch let error as ZenodoError {
            if opened { try? await backend.discard(self, id) }
            throw explainFixRefusal(error, id: id, published: current.created)
        }
        var unlocked = try await deposition(id)
        unlocked.filesUnlocked = true
        return unlocked
    }

    /// Deletes published record `id` with `reason` (and an optional comment of 25 characters or
    /// more): the server deletes it at once within its grace period, or takes it as a request.
    public func deleteRecord(_ id: Int, reason: RemovalReason, comment: String? = nil) async throws -> DeletionOutcome {
        let current = try await deposition(id)
        guard current.state == .done || current.state == .inprogress else {
            throw ZenodoError(
                .refused,
                "deposition \(id) was never published: delete the draft instead (zenodo-tui delete \(id), without --published)"
            )
        }
        if let comment, !comment.isEmpty, comment.count < 25 {
            throw ZenodoError(
                .validation, "the comment has \(comment.count) characters; the server wants at least 25, or none")
        }
        var body: [String: JSONValue] = ["reason": .string(reason.rawValue)]
        if let comment, !comment.isEmpty { body["comment"] = .string(comment) }
        do {
            let reply = try await send(
                .POST, url("/records/\(id)/request-deletion"), json: .object(body), idempotent: false,
                accept: Self.rdmAccept)
            let request = try reply.json("the deletion")
            switch request["status"]?.string {
            case "accepted": return .deleted
            case "submitted": return .requested
            default:
                throw ZenodoError(
                    .unexpected,
                    "\(profile.displayName) answered the deletion of record \(id) with a request \(request["status"]?.string ?? "in no state"): the record is unchanged"
                )
            }
        } catch let error as ZenodoError where error.status == 403 {
            throw ZenodoError(
                .refused, FixWindow.deletionRefused(server: profile.displayName, id: id, published: current.created),
                status: 403, serverMessage: error.serverMessage)
        } catch let error as ZenodoError where error.status == 404 || error.status == 405 {
            throw ZenodoError(
                .refused,
                "\(profile.displayName) has no self-service deletion (the request-deletion route answered \(error.status!)): ask its support to delete record \(id)",
                status: error.status)
        }
    }

    private func explainFixRefusal(_ error: ZenodoError, id: Int, published: Date?) -> ZenodoError {
        switch error.status {
        case 403:
            return ZenodoError(
                .refused, FixWindow.fixRefused(server: profile.displayName, id: id, published: published), status: 403,
                serverMessage: error.serverMessage)
        case 404, 405:
            return ZenodoError(
                .refused,
                "\(profile.displayName) cannot unlock a published record's files (the file-modification route answered \(error.status!)): make a new version instead (zenodo-tui new-version \(id))",
                status: error.status)
        default:
            return error
        }
    }
}
