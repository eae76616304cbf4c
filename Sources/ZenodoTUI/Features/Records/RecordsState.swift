import EssentialsExtras
import FoundationEssentials
import ZenodoKit

/// Finding public records: the search box, the answers, the record open, and its downloads.
///
/// Each change of the query gets a new `generation`; the search for it runs after a pause in
/// typing (the runner drops a superseded one before sending), and an answer whose generation is
/// not the current one is dropped, so a slow answer to an old query never replaces a newer one.
public struct RecordsState: Sendable {
    public var query = ""
    public var generation = 0
    public var loading = false
    public var error: String?
    public var results: [Record] = []
    public var total = 0
    public var selection = 0
    /// Restricts the search to one resource type (`dataset`, `software`, …); nil: all.
    public var type: String?
    /// InvenioRDM's `access_status` filter (`open`, `embargoed`, `restricted`); nil: any.
    public var access: String?
    /// The server's sort (`newest`, `mostdownloaded`, …); nil: its default (best match with a
    /// query, newest without).
    public var sort: String?
    /// One community's records only (its slug); nil: all.
    public var community: String?
    /// Published within these dates; nil: any time.
    public var published: PublicationRange?
    /// Pages of the current query shown so far; the next is asked for as the selection nears the end.
    public var pages = 0
    public var hasMore = false

    public init() {}

    /// What the next search of this query asks for.
    public func search(page: Int) -> RecordSearch {
        RecordSearch(
            query: query.trimming(.whitespaces), type: type, access: access, sort: sort, page: page,
            community: community,
            published: published)
    }

    /// The sorts `s` cycles through, and the access filters `A` does.
    public static let sorts: [String?] = [nil, "newest", "mostdownloaded", "mostviewed", "oldest"]
    public static let accesses: [String?] = [nil, "open", "embargoed", "restricted"]

    /// `best match`, `most downloaded`, …
    public var sortLabel: String {
        switch sort {
        case nil: return query.trimming(.whitespaces).isEmpty ? "newest first" : "best match first"
        case "newest"?: return "newest first"
        case "oldest"?: return "oldest first"
        case "mostdownloaded"?: return "most downloaded first"
        case "mostviewed"?: return "most viewed first"
        case let other?: return other
        }
    }

    public var selected: Record? { results.indices.contains(selection) ? results[selection] : nil }

    /// The resource types `t` cycles through.
    public static let types: [String?] = [
        nil, "dataset", "software", "publication", "image", "poster", "presentation", "video",
    ]
}

/// One request of the records search.
public struct RecordSearch: Sendable, Equatable {
    public var query: String
    public var type: String?
    public var access: String?
    public var sort: String?
    public var page: Int
    public var community: String?
    public var published: PublicationRange?

    public init(
        query: String, type: String? = nil, access: String? = nil, sort: String? = nil, page: Int = 1,
        community: String? = nil,
        published: PublicationRange? = nil
    ) {
        self.query = query
        self.type = type
        self.access = access
        self.sort = sort
        self.page = page
        self.community = community
        self.published = published
    }

    /// Zenodo's `type` and `communities`, and InvenioRDM's `access_status` parameters.
    public var filters: [(String, String)] {
        (type.map { [("type", $0)] } ?? []) + (access.map { [("access_status", $0)] } ?? [])
            + (community.map { [("communities", $0)] } ?? [])
    }

    /// The query sent: what was typed, and the publication dates as a range term.
    public var sentQuery: String {
        [query, published?.queryTerm ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// The records view's one-line prompts.
public struct RecordsPrompt: Sendable, Equatable {
    /// The publication dates (a community is chosen from the server's, not typed).
    public enum Kind: Sendable, Equatable { case published }
    public var kind: Kind
    public var field: TextField

    public init(kind: Kind, text: String) {
        self.kind = kind
        field = TextField(text)
    }

    public var title: String {
        switch kind {
        case .published: return "Published (2020..2024, 2019-06.., ..2021; empty: any): "
        }
    }
}

/// A record open in the record view: its file selection and downloads.
public struct RecordView: Sendable {
    public var record: Record
    public var selection = 0
    /// Where its files go: `<start directory>/<record id>`.
    public var destination: String
    /// Every published version of its concept, newest first; nil while they load.
    public var versions: [Record]?
    /// Keys of the files marked for `d`.
    public var marked: Set<String> = []
    /// `i`: the record's description and the rest of what a reader needs, instead of its files;
    /// the first line shown when it is longer than the screen.
    public var showingAbout = false
    public var aboutScroll = 0

    public init(record: Record, destination: String) {
        self.record = record
        self.destination = destination
    }

    /// The latest published version: the one the server marks last, or the highest index.
    public var latestVersion: Record? {
        guard let versions else { return nil }
        return versions.first { $0.isLatestVersion == true }
            ?? versions.max { ($0.versionIndex ?? 0, $0.id) < ($1.versionIndex ?? 0, $1.id) }
    }
}
