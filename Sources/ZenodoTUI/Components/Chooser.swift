import ZenodoKit

/// One choice in a chooser.
public struct ChooserOption: Sendable, Equatable {
    /// What choosing it sets (a field value, a file id).
    public var id: String
    public var label: String
    /// A second column (a license's title).
    public var detail: String?
    public init(id: String, label: String, detail: String? = nil) {
        self.id = id
        self.label = label
        self.detail = detail
    }
}

/// A list to choose one entry from, filtered as you type (upload types, roles, licenses, a file
/// to delete). Drawn over the screen.
public struct Chooser: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        /// Sets a form field of the open editor.
        case field(FieldID)
        /// Picks a file of the deposition to delete (asks again before deleting).
        case deleteFile(depositionID: Int)
        /// Why a published record is deleted (then its id is typed).
        case deletionReason(depositionID: Int)
        /// Which of a deposition's ZIP files to look inside.
        case openArchive(depositionID: Int)
        /// A community, searched on the server as it is typed: to submit a draft to, to add a
        /// published record to, or to filter the records search by.
        case community(CommunityUse)
        /// Opens another version of the public record in view.
        case openRecord
        /// A choice on the sharing screen (`Features/Sharing`).
        case sharing(SharingChoice)
        /// What `y` copies of a record (`Features/Copy`).
        case copy(recordID: Int)
        /// A vocabulary entry found on the server as it is typed (`Features/Lookup`).
        case lookup(LookupUse)
    }

    public var title: String
    public var purpose: Purpose
    public var options: [ChooserOption] { didSet { recompute() } }
    public var filter = "" { didSet { recompute() } }
    public var selection = 0
    /// Shown when the options are still loading (the license list) or failed to.
    public var note: String?
    public private(set) var visible: [ChooserOption] = []

    public init(title: String, purpose: Purpose, options: [ChooserOption], current: String? = nil, note: String? = nil)
    {
        self.title = title
        self.purpose = purpose
        self.options = options
        self.note = note
        recompute()
        if let current, let index = visible.firstIndex(where: { $0.id.lowercased() == current.lowercased() }) {
            selection = index
        }
    }

    private mutating func recompute() {
        let needle = filter.lowercased()
        // Best first: the exact id, ids that begin with what was typed, then any other match.
        func rank(_ option: ChooserOption) -> Int? {
            let label = option.label.lowercased()
            if label == needle || option.id.lowercased() == needle { return 0 }
            if label.hasPrefix(needle) { return 1 }
            if label.contains(needle) { return 2 }
            return option.detail?.lowercased().contains(needle) == true ? 3 : nil
        }
        visible =
            needle.isEmpty
            ? options
            : options.enumerated().compactMap { item in rank(item.element).map { ($0, item.offset, item.element) } }
                .sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        selection = max(0, min(selection, visible.count - 1))
    }

    public var selected: ChooserOption? { visible.indices.contains(selection) ? visible[selection] : nil }
}

/// What the community chooser picks a community for.
public enum CommunityUse: Sendable, Equatable {
    /// `C` on a draft never published: submit it (reviewed or published at once).
    case submit(depositionID: Int)
    /// `C` on a published record: ask for it to join the community.
    case include(depositionID: Int)
    /// `C` on the records search: only that community's records.
    case filterRecords
}
