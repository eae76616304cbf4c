import FoundationEssentials
import ZenodoKit

/// A ZIP on the server seen from inside without fetching it (issue 31): its members as a tree
/// (`ArchiveTree`), folders opened and closed, a filter, marks, and the marked members fetched.
public struct ArchiveView: Sendable {
    /// Where the archive is: the record (or deposition) and its file.
    public var recordID: Int
    public var key: String
    public var url: String
    public var size: Int64
    /// Where fetched members go: `<directory>/<member path>`.
    public var destination: String
    /// nil while the listing loads.
    public var tree: ArchiveTree?
    /// How it was listed: the server's container API or the archive's own directory by Range.
    public var listedBy: ZipListing.Source?
    public var requests = 0
    public var bytesRead: Int64 = 0
    public var error: String?
    /// Folders opened (paths ending in `/`).
    public var open: Set<String> = []
    /// Shown instead of the tree when not empty: the files whose path holds it.
    public var filter = ""
    public var selection = 0
    /// Member names marked for `d`.
    public var marked: Set<String> = []
    /// Members being fetched now.
    public var fetching = 0

    public init(recordID: Int, key: String, url: String, size: Int64, destination: String) {
        self.recordID = recordID
        self.key = key
        self.url = url
        self.size = size
        self.destination = destination
    }

    /// The rows shown: the open tree, or the filter's matches.
    public var rows: [ArchiveTree.Node] {
        guard let tree else { return [] }
        return filter.isEmpty ? tree.rows(open: open) : tree.matches(filter)
    }

    /// Whether a file name is a ZIP this view can look into.
    public static func canOpen(_ key: String) -> Bool { key.lowercased().hasSuffix(".zip") }

    /// What `d` fetches: the marked members, else the selected row's (a folder's files).
    public func wanted() -> [ZipEntry] {
        guard let tree else { return [] }
        if !marked.isEmpty { return tree.fileEntries.filter { marked.contains($0.name) } }
        let rows = self.rows
        guard rows.indices.contains(selection) else { return [] }
        return tree.files(under: rows[selection].path)
    }
}
