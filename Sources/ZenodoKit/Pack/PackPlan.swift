import FoundationEssentials
import Glibc

/// What a packed upload sends, kept in its journal (`LocalFile.pack`) so that another run can make
/// the same archive again: the tree, the format, the name prefix, the filters and the link rule,
/// and the digest of the members as planned (`PackListing`), to notice a tree that changed.
public struct PackSpec: Sendable, Hashable, Codable {
    public var format: PackFormat
    /// The directory walked (its `.zenodoignore` and the filters' anchors are there).
    public var root: String
    /// `--pack-per-dir`: the top-level folder of `root` this archive holds (its members are named
    /// from it: `raw/a.csv`); nil: the whole tree, its members named from the directory's own name
    /// (`DIR/raw/a.csv`), as `zip -r DIR.zip DIR` does.
    public var folder: String?
    public var links: LinkRule
    public var includeJunk: Bool
    public var exclude: [String]
    public var include: [String]
    public var excludeFiles: [NamedText]
    /// The digest of the member listing the archive was planned with.
    public var manifest: String

    public struct NamedText: Sendable, Hashable, Codable {
        public var name: String
        public var text: String
    }

    /// What a symbolic link in a packed tree becomes.
    public enum LinkRule: String, Sendable, Hashable, Codable, CaseIterable {
        /// Stored as a link (its target's name, never what it points to).
        case store
        /// A pre-flight problem, named.
        case refuse
    }

    var filters: FileScanner.Filters {
        FileScanner.Filters(
            includeJunk: includeJunk, excludeFiles: excludeFiles.map { ($0.name, $0.text) }, exclude: exclude,
            include: include)
    }
}

/// What `--pack` asks: the format, one archive per top-level folder or one for the whole tree, and
/// what a symbolic link becomes.
public struct PackRequest: Sendable, Equatable {
    public var format: PackFormat
    public var perDirectory: Bool
    public var links: PackSpec.LinkRule

    public init(format: PackFormat, perDirectory: Bool = false, links: PackSpec.LinkRule = .store) {
        self.format = format
        self.perDirectory = perDirectory
        self.links = links
    }
}

/// Plans archives of trees: walks the tree once (the filters leave out what they leave out), makes
/// each archive's members (in name order, by bytes, so a directory comes before what it holds;
/// empty directories kept), and says what stands in the way.
public enum PackPlanner {
    public struct Planned: Sendable {
        public var archive: PackedArchive
        public var spec: PackSpec

        /// The upload of it: the archive's name as its key, its size, and the spec to make it again.
        public var file: LocalFile {
            var file = LocalFile(
                path: spec.root, key: archive.name.nfc, size: archive.size,
                modified: Date(timeIntervalSince1970: Double(archive.members.map(\.seconds).max() ?? 0)))
            file.pack = spec
            return file
        }
    }

    /// The archives of the tree at `root`, the files it uploads as they are (`--pack-per-dir`: the
    /// ones at its top), its problems and what the filters left out.
    public static func plan(root: String, _ request: PackRequest, filters: FileScanner.Filters) -> (
        archives: [Planned], loose: [DirectoryWalker.Found], problems: [PreflightProblem], leftOut: [LeftOut]
    ) {
        let tree = DirectoryWalker.walkTree(root, selection: filters.selection(root: root))
        var problems = tree.problems
        var archives: [Planned] = []
        var loose: [DirectoryWalker.Found] = []
        if request.perDirectory {
            let folders = tree.directories.filter { !$0.relative.hasSlash }.map(\.relative)
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            loose = tree.files.filter { !$0.relative.hasSlash }
            for link in tree.links where !link.relative.hasSlash {
                problems.append(
                    PreflightProblem(
                        link.relative,
                        "is a symbolic link at the top of the tree: --pack-per-dir packs folders; name what it points to instead"
                    ))
            }
            // A folder with no file anywhere below it makes no archive (an archive of nothing).
            let filled = Set(
                (tree.files + tree.links).compactMap { found in
                    found.relative.pathNames().first.map(String.init)
                })
            for folder in folders where filled.contains(folder) {
                archives.append(
                    planned(tree, root: root, folder: folder, request, filters: filters, problems: &problems))
            }
        } else {
            archives.append(planned(tree, root: root, folder: nil, request, filters: filters, problems: &problems))
        }
        return (archives, loose, problems, tree.leftOut)
    }

    /// The archive a journal's spec describes, made again from the tree as it is now (its manifest
    /// differs from the spec's when the tree changed), with the tree's problems now.
    public static func replan(_ spec: PackSpec, name: String) -> (planned: Planned, problems: [PreflightProblem]) {
        let filters = spec.filters
        let tree = DirectoryWalker.walkTree(spec.root, selection: filters.selection(root: spec.root))
        var problems = tree.problems
        let request = PackRequest(format: spec.format, perDirectory: spec.folder != nil, links: spec.links)
        let planned = planned(
            tree, root: spec.root, folder: spec.folder, request, filters: filters, problems: &problems)
        return (planned, problems)
    }

    /// The name of the archive of the tree at `root` (or of its `folder`): `DIR.zip`.
    public static func archiveName(root: String, folder: String?, format: PackFormat) -> String {
        (folder ?? displayName(root)) + "." + format.fileExtension
    }

    /// A directory's own name, `.` and `..` resolved (`zenodo-tui upload 5 . --pack zip` names the
    /// archive after the working directory).
    static func displayName(_ root: String) -> String {
        let resolved = URL(fileURLWithPath: root).resolvingSymlinksInPath().standardizedFileURL.lastPathComponent
        return resolved.isEmpty || resolved == "/" ? "archive" : resolved
    }

    private static func planned(
        _ tree: DirectoryWalker.Tree, root: String, folder: String?, _ request: PackRequest,
        filters: FileScanner.Filters, problems: inout [PreflightProblem]
    ) -> Planned {
        let inside: (String) -> Bool =
            folder.map { folder in { $0 == folder || $0.utf8.starts(with: (folder + "/").utf8) } } ?? { _ in true }
        let prefix = folder == nil ? displayName(root) + "/" : ""
        var members: [PackMember] = []
        func member(_ found: DirectoryWalker.Found, _ kind: PackMember.Kind) -> PackMember {
            var info = stat()
            _ = lstat(found.path, &info)
            let mode: UInt32 =
                switch kind {
                case .file: found.mode & 0o100 != 0 ? 0o755 : 0o644
                case .directory: 0o755
                case .link: 0o777
                }
            return PackMember(
                name: found.relative.isEmpty ? prefix : prefix + found.relative + (kind == .directory ? "/" : ""),
                path: found.path, kind: kind,
                size: kind == .directory ? 0 : found.size, seconds: Int64(info.st_mtim.tv_sec),
                nanoseconds: Int32(info.st_mtim.tv_nsec), mode: mode, linkTarget: found.linkTarget)
        }
        if folder == nil {
            let top = DirectoryWalker.Found(relative: "", path: root, size: 0, modified: Date(), mode: 0o755)
            members.append(member(top, .directory))
        }
        for found in tree.directories where inside(found.relative) { members.append(member(found, .directory)) }
        for found in tree.files where inside(found.relative) { members.append(member(found, .file)) }
        for found in tree.links where inside(found.relative) {
            if request.links == .refuse {
                problems.append(
                    PreflightProblem(
                        found.relative,
                        "is a symbolic link (to \(found.linkTarget ?? "?")): --pack-links store keeps it as a link; nothing is followed"
                    ))
            } else {
                members.append(member(found, .link))
            }
        }
        members.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        let name = archiveName(root: root, folder: folder, format: request.format)
        let archive = PackedArchive(format: request.format, name: name, root: root, members: members)
        let spec = PackSpec(
            format: request.format, root: root, folder: folder, links: request.links,
            includeJunk: filters.includeJunk, exclude: filters.exclude, include: filters.include,
            excludeFiles: filters.excludeFiles.map { PackSpec.NamedText(name: $0.name, text: $0.text) },
            manifest: archive.manifest)
        return Planned(archive: archive, spec: spec)
    }
}
