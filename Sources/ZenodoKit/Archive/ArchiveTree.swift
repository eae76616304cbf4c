import FoundationEssentials

/// A ZIP's members as folders and files, for a front end to show as a tree: built once from a
/// listing (folders made from the members' paths, split at `/` bytes, whether or not the archive
/// lists its folders), then read as rows: the open folders' children, or the files a filter
/// matches. Pure.
public struct ArchiveTree: Sendable {
    /// One row: a folder (its totals) or a file (its entry).
    public struct Node: Sendable, Equatable {
        /// A file's member name; a folder's path with its trailing `/`.
        public var path: String
        /// What a row shows: the last name (a folder's with `/`), or the whole path under a filter.
        public var name: String
        public var depth: Int
        public var isFolder: Bool
        /// A folder's: its files' sizes added up.
        public var size: Int64
        public var compressedSize: Int64
        /// A folder's: the files beneath it, at any depth.
        public var files: Int
        public var entry: ZipEntry?
    }

    /// Each folder's children (`""` is the top), folders first, then files, each by name.
    private var children: [String: [Node]] = [:]
    /// Every file, in the archive's order.
    public private(set) var fileEntries: [ZipEntry] = []
    public private(set) var totalSize: Int64 = 0

    public init(_ entries: [ZipEntry]) {
        var folders: [String: Node] = [
            "": Node(path: "", name: "", depth: -1, isFolder: true, size: 0, compressedSize: 0, files: 0)
        ]
        var files: [String: [Node]] = [:]
        func folder(_ path: String, depth: Int) {
            guard folders[path] == nil else { return }
            let names = path.pathNames()
            folders[path] = Node(
                path: path, name: String(names.last ?? "") + "/", depth: depth, isFolder: true, size: 0,
                compressedSize: 0, files: 0)
        }
        for entry in entries {
            let names = entry.name.pathNames()
            guard !names.isEmpty else { continue }
            // Every folder on the way, made whether or not the archive lists it.
            var parent = ""
            let folderCount = entry.isDirectory ? names.count : names.count - 1
            for (depth, name) in names.prefix(folderCount).enumerated() {
                let path = parent + name + "/"
                folder(path, depth: depth)
                parent = path
            }
            guard !entry.isDirectory else { continue }
            fileEntries.append(entry)
            totalSize += entry.size
            files[parent, default: []].append(
                Node(
                    path: entry.name, name: String(names.last!), depth: names.count - 1, isFolder: false,
                    size: entry.size, compressedSize: entry.compressedSize, files: 1, entry: entry))
            // The totals of every folder above it.
            var above = ""
            for name in names.dropLast() {
                above += name + "/"
                folders[above]?.size += entry.size
                folders[above]?.compressedSize += entry.compressedSize
                folders[above]?.files += 1
            }
        }
        for (path, node) in folders where !path.isEmpty {
            let parent = Self.parent(of: path)
            children[parent, default: []].append(node)
        }
        for (parent, nodes) in files { children[parent, default: []] += nodes }
        for (parent, nodes) in children {
            children[parent] = nodes.sorted { a, b in
                a.isFolder != b.isFolder ? a.isFolder : a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
            }
        }
    }

    /// The folder a path is in (`""` at the top).
    static func parent(of path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let parent = trimmed.parentPath else { return "" }
        return String(parent) + "/"
    }

    /// The rows with `open` folders opened: each folder's children under it.
    public func rows(open: Set<String>) -> [Node] {
        var rows: [Node] = []
        func add(_ folder: String) {
            for node in children[folder] ?? [] {
                rows.append(node)
                if node.isFolder, open.contains(node.path) { add(node.path) }
            }
        }
        add("")
        return rows
    }

    /// The files whose path holds `filter` (case folded), flat, each named by its whole path.
    public func matches(_ filter: String) -> [Node] {
        let wanted = filter.lowercased()
        return fileEntries.filter { $0.name.lowercased().contains(wanted) }.map { entry in
            Node(
                path: entry.name, name: entry.name, depth: 0, isFolder: false, size: entry.size,
                compressedSize: entry.compressedSize, files: 1, entry: entry)
        }
    }

    /// The files beneath a folder (at any depth), or the one file a path names.
    public func files(under path: String) -> [ZipEntry] {
        guard path.hasSuffix("/") else { return fileEntries.filter { $0.name == path } }
        return fileEntries.filter { $0.name.utf8.starts(with: path.utf8) }
    }
}
