import FoundationEssentials

/// What a reader of a public record needs to decide whether to fetch it, read from Zenodo JSON:
/// keywords, licence, funding, related works, use (views and downloads), the description as text.
public struct RecordAbout: Sendable, Equatable {
    public struct Grant: Sendable, Equatable {
        public var code: String?
        public var acronym: String?
        public var title: String?
        public var funder: String?

        /// `Horizon Europe: 101004215 (FAIR-IMPACT): Expanding FAIR solutions…`.
        public var words: String {
            let what = [code, acronym.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            return [funder, what.isEmpty ? nil : what, title].compactMap { $0 }.joined(separator: ": ")
        }
    }

    /// `stats`: this version's numbers and the concept's (all versions).
    public struct Stats: Sendable, Equatable {
        public var views: Int
        public var downloads: Int
        public var uniqueViews: Int
        public var uniqueDownloads: Int
        public var versionViews: Int?
        public var versionDownloads: Int?

        /// From InvenioRDM's `stats` (`all_versions`, `this_version`; invenio-rdm-records
        /// `StatsSchema`), as a published record's RDM JSON carries it.
        public init?(rdm stats: JSONValue?) {
            guard let all = stats?["all_versions"], all["views"] != nil || all["downloads"] != nil else { return nil }
            let this = stats?["this_version"]
            views = all["views"]?.int ?? 0
            downloads = all["downloads"]?.int ?? 0
            uniqueViews = all["unique_views"]?.int ?? 0
            uniqueDownloads = all["unique_downloads"]?.int ?? 0
            versionViews = this?["views"]?.int
            versionDownloads = this?["downloads"]?.int
        }

        public init(
            views: Int, downloads: Int, uniqueViews: Int, uniqueDownloads: Int, versionViews: Int?,
            versionDownloads: Int?
        ) {
            self.views = views
            self.downloads = downloads
            self.uniqueViews = uniqueViews
            self.uniqueDownloads = uniqueDownloads
            self.versionViews = versionViews
            self.versionDownloads = versionDownloads
        }
    }

    public var keywords: [String]
    public var license: String?
    public var grants: [Grant]
    public var related: [RelatedIdentifier]
    public var stats: Stats?
    public var description: String

    public init(_ record: Record) {
        let m = record.metadata
        keywords = (m["keywords"]?.array ?? []).compactMap(\.string)
        license = record.license
        grants = (m["grants"]?.array ?? []).map { grant in
            Grant(
                code: grant["code"]?.string ?? grant.lenientString("number"),
                acronym: grant["acronym"]?.string, title: grant["title"]?.string ?? grant["title"]?["en"]?.string,
                funder: grant["funder"]?["name"]?.string ?? grant["funder"]?["acronym"]?.string)
        }
        related = (m["related_identifiers"]?.array ?? []).compactMap(RelatedIdentifier.init(json:))
        if let s = record.raw["stats"], s["views"] != nil || s["downloads"] != nil {
            stats = Stats(
                views: s["views"]?.int ?? 0, downloads: s["downloads"]?.int ?? 0,
                uniqueViews: s["unique_views"]?.int ?? 0, uniqueDownloads: s["unique_downloads"]?.int ?? 0,
                versionViews: s["version_views"]?.int, versionDownloads: s["version_downloads"]?.int)
        }
        description = HTMLText.plain(m["description"]?.string ?? "")
    }

    /// `1,234 views, 56 downloads (this version: 12 and 3)`.
    public var statsWords: String? { stats.map(Self.words) }

    public static func words(_ stats: Stats) -> String {
        var text = "\(stats.views) views, \(stats.downloads) downloads"
        if let views = stats.versionViews, let downloads = stats.versionDownloads,
            views != stats.views || downloads != stats.downloads
        {
            text += " (this version: \(views) and \(downloads))"
        }
        return text
    }
}
