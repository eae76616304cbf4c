import FoundationEssentials

/// A request as invenio-requests keeps it (`community-submission`, `community-inclusion`,
/// `user-access-request`): who asked, which community or user receives it, which record it is
/// about, its status, its payload, and its timeline.
struct StoredRequest: Codable, Sendable {
    enum Status: String, Codable, Sendable {
        case created, submitted, accepted, declined, cancelled, expired
        /// `is_open` is true only for `submitted` (`request_types.py` `available_statuses`).
        var isOpen: Bool { self == .submitted }
        var isClosed: Bool { [.accepted, .declined, .cancelled, .expired].contains(self) }
    }

    struct Event: Codable, Sendable {
        var id: String
        /// `C` a comment, `L` a log event (an action), as invenio-requests' event types.
        var type: String
        var content: String
        var action: String?
        var createdBy: Int?
        var created: Date
    }

    var id: String
    var number: Int
    var type: String
    var status: Status
    var title: String
    var createdBy: Int
    /// The receiving community's UUID (empty when a user receives it).
    var receiver: String
    /// The receiving user, for an access request (the record's owner).
    var receiverUser: Int?
    /// An access request's `payload`: `permission`, `message`.
    var payload: [String: String] = [:]
    /// The record (or draft) id.
    var topic: Int
    var created: Date
    var updated: Date
    var revision = 1
    var events: [Event] = []

    /// Moves to `status` as `user` did, with their comment (if any) and the action on the timeline.
    mutating func move(to status: Status, by user: Int, comment: String?, now: Date) {
        self.status = status
        if let comment, !comment.isEmpty {
            events.append(
                Event(id: UUID().uuidString.lowercased(), type: "C", content: comment, createdBy: user, created: now))
        }
        events.append(
            Event(
                id: UUID().uuidString.lowercased(), type: "L", content: "", action: status.rawValue, createdBy: user,
                created: now))
    }
}
