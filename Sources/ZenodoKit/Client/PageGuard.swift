/// Keeps a paged listing finite whatever the server sends: ids already listed are dropped, a page
/// of nothing new ends the listing (a server that repeats itself), and no more than Zenodo's
/// search ever returns (10,000 results) is asked for.
struct PageGuard: Sendable {
    /// InvenioRDM's window: a page is valid only while `(page - 1) * size < 10000`
    /// (invenio-records-resources `Pagination.valid`, row B3 of zenodo-source-2026-12.md), so
    /// once `page * size` reaches it the next page would be refused.
    static let resultLimit = 10_000

    let pageSize: Int
    private var seen = Set<Int>()

    init(pageSize: Int) { self.pageSize = pageSize }

    /// What to do after page `page` arrived with `ids`.
    enum Verdict: Equatable {
        /// Show `fresh` (indices into the page) and ask for the next page.
        case more(fresh: [Int])
        /// Show `fresh` and stop: the last page.
        case last(fresh: [Int])
        /// Show `fresh` and stop: the window is used up though the page was full.
        case limit(fresh: [Int])
    }

    mutating func admit(_ ids: [Int], page: Int) -> Verdict {
        var fresh: [Int] = []
        for (index, id) in ids.enumerated() where seen.insert(id).inserted { fresh.append(index) }
        if ids.count < pageSize || fresh.isEmpty { return .last(fresh: fresh) }
        if page * pageSize >= Self.resultLimit { return .limit(fresh: fresh) }
        return .more(fresh: fresh)
    }

    /// How many distinct ids were listed.
    var count: Int { seen.count }
}
