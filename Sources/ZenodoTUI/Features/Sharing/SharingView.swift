import EssentialsExtras
import FoundationEssentials
import ZenodoKit

/// The sharing screen of one draft or record: its secret links, the people given access, and the
/// access requests waiting for its owner. Tokens show masked, except the link just made or
/// copied (`revealed`), whose whole address is shown to select by hand where OSC 52 is not let
/// through.
public struct SharingView: Sendable, Equatable {
    public enum Row: Sendable, Equatable {
        case link(SecretLink)
        case grant(AccessGrant)
        case request(ReviewRequest)
    }

    public var recordID: Int
    public var title: String
    /// A draft never published: an `edit` link opens its upload form.
    public var isDraft: Bool
    /// The site's address (`https://zenodo.org`), for the links' addresses.
    public var origin: String
    public var links: [SecretLink] = []
    public var grants: [AccessGrant] = []
    public var requests: [ReviewRequest] = []
    public var loaded = false
    public var problem: String?
    public var selection = 0
    public var revealed: String?

    public init(recordID: Int, title: String, isDraft: Bool, origin: String) {
        self.recordID = recordID
        self.title = title
        self.isDraft = isDraft
        self.origin = origin
    }

    /// Links first, then people, then open requests (answered ones are history: `requests show`).
    public var rows: [Row] {
        links.map(Row.link) + grants.map(Row.grant) + requests.filter { $0.status == "submitted" }.map(Row.request)
    }

    public var selected: Row? { rows.indices.contains(selection) ? rows[selection] : nil }

    public func address(_ link: SecretLink) -> String {
        link.address(origin: origin, record: recordID, isDraft: isDraft)
    }

    /// The address with its token cut to its first characters: what the list shows.
    public func maskedAddress(_ link: SecretLink) -> String {
        let full = address(link)
        guard let range = full.firstRange(of: "token=") else { return full }
        return String(full[..<range.upperBound]) + link.token.prefix(6) + "…"
    }

    /// The expiry choices for a new link, as (label, day or nil), from `today`.
    public static func expiryChoices(today: Date) -> [(String, String?)] {
        [
            ("Until revoked", nil),
            ("7 days", ZenodoDate.day(today + 7 * 86_400)),
            ("30 days", ZenodoDate.day(today + 30 * 86_400)),
            ("90 days", ZenodoDate.day(today + 90 * 86_400)),
            ("1 year", ZenodoDate.day(today + 365 * 86_400)),
        ]
    }
}
