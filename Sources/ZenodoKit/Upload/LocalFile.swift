import EssentialsExtras
import FoundationEssentials

/// A file on disk that is to become `key` in a deposition.
public struct LocalFile: Sendable, Hashable, Codable {
    public var path: String
    public var key: String
    public var size: Int64
    public var modified: Date
    /// Set for an archive packed on the fly from the tree at `path` (`--pack`): how to make it.
    public var pack: PackSpec?

    public init(path: String, key: String, size: Int64, modified: Date) {
        self.path = path
        self.key = key
        self.size = size
        self.modified = modified
    }

    public var url: URL { URL(fileURLWithPath: path) }

    /// What the upload reads: the file, or the archive made again from the tree (whose manifest
    /// differs from `pack.manifest` when the tree changed since it was planned).
    public func source() -> any ByteSource {
        guard let pack else { return url }
        return PackPlanner.replan(pack, name: key).planned.archive
    }
}

/// Something that would make an upload fail, found before any byte is sent.
public struct PreflightProblem: Sendable, Hashable, CustomStringConvertible {
    /// The path or key concerned (empty for problems of the whole batch).
    public var subject: String
    public var message: String

    public init(_ subject: String, _ message: String) {
        self.subject = subject
        self.message = message
    }

    public var description: String { subject.isEmpty ? message : "\(subject): \(message)" }
}

/// What to do with files below a directory, whose keys would contain `/` (Zenodo refuses them).
public enum KeyRule: Sendable, Equatable {
    /// Report them as problems.
    case refuse
    /// Join the path parts with `__`: `raw/2024/a.csv` becomes `raw__2024__a.csv`.
    case flatten

    public static let flattenSeparator = "__"
}

/// Turns command-line paths into `LocalFile`s: directories are walked (`DirectoryWalker`: regular
/// files and links to them, in name order; zenodo-tui's own partial downloads skipped; anything
/// else a problem), keys are relative to the directory given.
public enum FileScanner {
    public static func scan(_ paths: [String], keyRule: KeyRule) -> (files: [LocalFile], problems: [PreflightProblem]) {
        let scanned = scan(paths, keyRule: keyRule, filters: nil)
        return (scanned.files, scanned.problems)
    }

    /// What leaves files of a directory out (`FileSelection`): the junk unless `includeJunk`, the
    /// tree's `.zenodoignore`, the `--exclude-from` files, `--exclude` and `--include`. Files named
    /// one by one are always taken.
    public struct Filters: Sendable {
        public var includeJunk = false
        public var excludeFiles: [(name: String, text: String)] = []
        public var exclude: [String] = []
        public var include: [String] = []

        public init(
            includeJunk: Bool = false, excludeFiles: [(name: String, text: String)] = [], exclude: [String] = [],
            include: [String] = []
        ) {
            self.includeJunk = includeJunk
            self.excludeFiles = excludeFiles
            self.exclude = exclude
            self.include = include
        }

        /// The selection for the tree at `root`, with its `.zenodoignore` if it has one.
        public func selection(root: String) -> FileSelection {
            let ignore = try? String(
                contentsOfFile: PathText.appending(root, FileSelection.ignoreFileName), encoding: .utf8
            )
            return FileSelection(
                includeJunk: includeJunk, ignoreFile: ignore, excludeFiles: excludeFiles, exclude: exclude,
                include: include)
        }
    }

    /// The files, the problems, and what the filters left out (from the directory given); with no
    /// filters, every file of a tree is taken.
    public static func scan(_ paths: [String], keyRule: KeyRule, filters: Filters?, pack: PackRequest? = nil) -> (
        files: [LocalFile], problems: [PreflightProblem], leftOut: [LeftOut]
    ) {
        var files: [LocalFile] = []
        var problems: [PreflightProblem] = []
        var leftOut: [LeftOut] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: Bool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                // Arguments are decoded as UTF-8 with U+FFFD for what is not: such a name cannot be found.
                let why =
                    path.contains("\u{FFFD}")
                    ? "no such file: its name is not UTF-8 (shown with \u{FFFD}); rename it"
                    : "no such file or directory"
                problems.append(PreflightProblem(path, why))
                continue
            }
            if isDirectory, let pack {
                let planned = PackPlanner.plan(root: path, pack, filters: filters ?? Filters())
                problems += planned.problems
                leftOut += planned.leftOut
                files += planned.archives.map(\.file)
                files += planned.loose.map {
                    LocalFile(path: $0.path, key: $0.relative.nfc, size: $0.size, modified: $0.modified)
                }
            } else if isDirectory {
                let walked = DirectoryWalker.walk(
                    path, selection: filters?.selection(root: path) ?? FileSelection(includeJunk: true))
                problems += walked.problems
                leftOut += walked.leftOut
                var inFolders: [DirectoryWalker.Found] = []
                defer {
                    if let problem = folderProblem(path, inFolders, of: walked.files, filters: filters) {
                        problems.append(problem)
                    }
                }
                for found in walked.files {
                    let key: String
                    if found.relative.hasSlash {
                        guard keyRule == .flatten else {
                            inFolders.append(found)
                            continue
                        }
                        key = found.relative.replacing("/", with: KeyRule.flattenSeparator)
                    } else {
                        key = found.relative
                    }
                    files.append(LocalFile(path: found.path, key: key.nfc, size: found.size, modified: found.modified))
                }
            } else if let file = describe(path, key: URL(fileURLWithPath: path).lastPathComponent, problems: &problems)
            {
                files.append(file)
            }
        }
        return (files, problems, leftOut)
    }

    /// One problem for all the files of a tree that are in folders, which Zenodo has not: how many,
    /// in which folders, and what `--flatten` would name them (one line instead of one per file).
    static func folderProblem(
        _ root: String, _ inFolders: [DirectoryWalker.Found], of all: [DirectoryWalker.Found], filters: Filters?
    ) -> PreflightProblem? {
        guard let first = inFolders.first else { return nil }
        let total = all.count
        var counts: [String: Int] = [:]
        var order: [String] = []
        for found in inFolders {
            let folder = String(found.relative.parentPath ?? "") + "/"
            if counts[folder] == nil { order.append(folder) }
            counts[folder, default: 0] += 1
        }
        let bytes = inFolders.reduce(Int64(0)) { $0 + $1.size }
        let shown =
            order.prefix(4).map { "\($0) \(counts[$0]!)" }.joined(separator: ", ")
            + (order.count > 4 ? ", and \(order.count - 4) more" : "")
        let example = first.relative.replacing("/", with: KeyRule.flattenSeparator)
        let folders = "\(order.count) folder\(order.count == 1 ? "" : "s")"
        return PreflightProblem(
            root,
            "\(inFolders.count) of its \(total) files (\(ByteFormat.string(bytes))) are in \(folders) (\(shown)): "
                + "Zenodo has no folders (its keys cannot contain '/'); --flatten names them folder__file "
                + "(\(first.relative) → \(example)); "
                + packPlan(root, all: all, filters: filters))
    }

    /// What `--pack` would send instead, in numbers: one archive of the whole tree, or one per
    /// top-level folder (the files at the top as they are).
    static func packPlan(_ root: String, all: [DirectoryWalker.Found], filters: Filters?) -> String {
        let whole = PackPlanner.plan(root: root, PackRequest(format: .zip), filters: filters ?? Filters())
        guard let archive = whole.archives.first?.archive else { return "" }
        let split = PackPlanner.plan(
            root: root, PackRequest(format: .zip, perDirectory: true), filters: filters ?? Filters())
        let shown = split.archives.prefix(4).map { planned in
            let files = planned.archive.members.filter { $0.kind != .directory }.count
            return
                "\(planned.archive.name) \(ByteFormat.string(planned.archive.size)) (\(files) file\(files == 1 ? "" : "s"))"
        }
        let count = split.archives.count
        let loose = split.loose.count
        let per =
            "--pack-per-dir sends \(count) archive\(count == 1 ? "" : "s") (\(shown.joined(separator: ", "))"
            + (count > 4 ? ", and \(count - 4) more" : "") + ")"
            + (loose > 0
                ? " and the \(loose) file\(loose == 1 ? "" : "s") at the top as \(loose == 1 ? "it is" : "they are")"
                : "")
        return
            "--pack zip sends one \(ByteFormat.string(archive.size)) archive, \(archive.name), of all \(all.count) files; \(per)"
    }

    static func describe(_ path: String, key: String, problems: inout [PreflightProblem]) -> LocalFile? {
        guard FileManager.default.isReadableFile(atPath: path),
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        else {
            problems.append(PreflightProblem(path, "cannot be read (permission denied)"))
            return nil
        }
        return LocalFile(
            path: path, key: key.nfc,
            size: (attributes[.size] as? UInt).map(Int64.init) ?? 0,
            modified: attributes[.modificationDate] as? Date ?? .distantPast)
    }
}
