import FoundationEssentials
import ZenodoKit

/// The depositions list: items as loaded, the filter and sort applied for display.
public struct ListState: Sendable {
    public enum Sort: String, Sendable, CaseIterable { case modified, title, state }

    public var items: [Deposition] = [] { didSet { if !appending { recompute() } } }
    /// Set while `append` adds a page: the page is merged in, not the whole list sorted again.
    private var appending = false
    /// The number of the newest load: pages of an older one are dropped.
    public var generation = 0
    public var loading = false
    public var loaded = false
    public var error: String?
    public var selection = 0
    public var filter = "" { didSet { if filter != oldValue { recompute() } } }
    public var sort = Sort.modified { didSet { if sort != oldValue { recompute() } } }

    /// The rows shown, filtered (title, id, creators; case-insensitive) and sorted. Stored and
    /// recomputed only when items, filter or sort change, so a frame costs the same for 10 or
    /// 10,000 depositions.
    public private(set) var visible: [Deposition] = []

    private mutating func recompute() {
        visible = matching(items).sorted(by: ordered)
    }

    /// Adds a loaded page: it is filtered and sorted alone and merged into the rows shown, so a
    /// page costs its own size plus one pass, not a sort of everything loaded so far.
    public mutating func append(_ page: [Deposition]) {
        appending = true
        items += page
        appending = false
        let added = matching(page).sorted(by: ordered)
        var merged: [Deposition] = []
        merged.reserveCapacity(visible.count + added.count)
        var i = 0
        var j = 0
        while i < visible.count, j < added.count {
            if ordered(added[j], visible[i]) {
                merged.append(added[j])
                j += 1
            } else {
                merged.append(visible[i])
                i += 1
            }
        }
        merged += visible[i...]
        merged += added[j...]
        visible = merged
    }

    private func matching(_ list: [Deposition]) -> [Deposition] {
        let needle = filter.lowercased()
        guard !needle.isEmpty else { return list }
        return list.filter { d in
            (d.title.isEmpty ? "(untitled)" : d.title.lowercased()).contains(needle)
                || String(d.id).contains(needle)
                || d.metadata.creators.contains { $0.name.lowercased().contains(needle) }
        }
    }

    private func ordered(_ a: Deposition, _ b: Deposition) -> Bool {
        switch sort {
        case .modified: return (a.modified ?? .distantPast, a.id) > (b.modified ?? .distantPast, b.id)
        case .title: return (a.title.lowercased(), a.id) < (b.title.lowercased(), b.id)
        case .state: return (a.status.rawValue, a.id) < (b.status.rawValue, b.id)
        }
    }

    public var selected: Deposition? {
        visible.indices.contains(selection) ? visible[selection] : nil
    }
}
