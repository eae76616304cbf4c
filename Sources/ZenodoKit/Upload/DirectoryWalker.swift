import EssentialsExtras
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Walks a directory with `readdir` and `stat`, as the file system has it: names are bytes, and
/// nothing is skipped without a word. Regular files (and symbolic links to them) are found;
/// everything else is a problem named by its path: a name that is not UTF-8, a FIFO, a socket, a
/// device, a link to nothing or in a loop, a directory that cannot be read, and a symbolic link to
/// a directory, which is not followed (a link to `$HOME` would publish it; a link back up would
/// never end). Fast for 100,000 files: one `lstat` per entry and no `URL` objects.
public enum DirectoryWalker {
    /// A regular file under the directory.
    public struct Found: Sendable, Equatable {
        /// From the directory walked, `/`-separated.
        public var relative: String
        public var path: String
        public var size: Int64
        public var modified: Date
        /// Where a symbolic link points, for a walk that keeps links (`walkTree`); nil for a file.
        public var linkTarget: String? = nil
        /// The permission bits (for an archive's entries).
        public var mode: UInt32 = 0o644
    }

    /// Everything a tree holds for an archive (`walkTree`): its files, its directories (empty ones
    /// too), and its symbolic links, kept as links and never followed.
    public struct Tree: Sendable {
        public var files: [Found]
        public var directories: [Found]
        public var links: [Found]
        public var problems: [PreflightProblem]
        public var leftOut: [LeftOut]
    }

    /// The tree for packing: as `walk`, with the directories and the symbolic links themselves
    /// (a link to a directory is a link, not a problem).
    public static func walkTree(_ base: String, selection: FileSelection) -> Tree {
        var walker = Walk(selection: selection)
        walker.keepTree = true
        var base = base
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        walker.walk(base, relative: "")
        walker.files.sort { $0.relative < $1.relative }
        return Tree(
            files: walker.files, directories: walker.directories, links: walker.links, problems: walker.problems,
            leftOut: walker.leftOut)
    }

    public static func walk(_ base: String) -> (files: [Found], problems: [PreflightProblem]) {
        let walked = walk(base, selection: FileSelection(includeJunk: true))
        return (walked.files, walked.problems)
    }

    /// The tree with what `selection` leaves out set aside, by name and reason: a directory left
    /// out is not looked into (its problems, if any, do not count).
    public static func walk(_ base: String, selection: FileSelection) -> (
        files: [Found], problems: [PreflightProblem], leftOut: [LeftOut]
    ) {
        var walker = Walk(selection: selection)
        var base = base
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        walker.walk(base, relative: "")
        walker.files.sort { $0.relative < $1.relative }
        return (walker.files, walker.problems, walker.leftOut)
    }
}

/// One walk's findings.
private struct Walk {
    let selection: FileSelection
    var files: [DirectoryWalker.Found] = []
    var problems: [PreflightProblem] = []
    var leftOut: [LeftOut] = []
    /// Packing: directories and links are kept (`DirectoryWalker.walkTree`).
    var keepTree = false
    var directories: [Found] = []
    var links: [Found] = []

    init(selection: FileSelection) { self.selection = selection }

    typealias Found = DirectoryWalker.Found

    func escaped(_ bytes: [UInt8]) -> String { DirectoryWalker.escaped(bytes) }

    mutating func walk(_ directory: String, relative: String) {
        guard let handle = opendir(directory) else {
            problems.append(
                PreflightProblem(
                    relative.isEmpty ? directory : relative, "cannot be read (\(String(cString: strerror(errno))))"))
            return
        }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 })) }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            let shown = relative.isEmpty ? "" : relative + "/"
            guard let name = String(validating: bytes, as: UTF8.self) else {
                problems.append(
                    PreflightProblem(
                        shown + escaped(bytes),
                        "its name is not UTF-8 (Zenodo's file names are); rename it, e.g. `convmv -f latin1 -t utf8 --notest` for names from an old system"
                    ))
                continue
            }
            if name.hasSuffix(".zenodo-tui-part") { continue }  // our own partial downloads
            let path = directory + "/" + name
            let child = shown + name
            var link = stat()
            guard lstat(path, &link) == 0 else { continue }  // gone since readdir: not there
            var info = link
            let isLink = (link.st_mode & S_IFMT) == S_IFLNK
            if isLink && keepTree {
                keepLink(path, child, link)
                continue
            }
            if isLink && stat(path, &info) != 0 {
                let reason =
                    errno == ELOOP
                    ? "a symbolic link in a loop" : "a symbolic link to nothing (\(String(cString: strerror(errno))))"
                problems.append(PreflightProblem(child, "is \(reason)"))
                continue
            }
            let kind = info.st_mode & S_IFMT
            if !selection.isEmpty, let reason = selection.reasonLeftOut(child, isDirectory: kind == S_IFDIR) {
                leftOut.append(
                    LeftOut(
                        relative: kind == S_IFDIR ? child + "/" : child, reason: reason, isDirectory: kind == S_IFDIR,
                        size: kind == S_IFREG ? Int64(info.st_size) : 0))
                continue
            }
            switch kind {
            case S_IFREG:
                guard access(path, R_OK) == 0 else {
                    problems.append(PreflightProblem(child, "cannot be read (permission denied)"))
                    continue
                }
                files.append(
                    Found(
                        relative: child, path: path, size: Int64(info.st_size), modified: Self.modified(info),
                        mode: UInt32(info.st_mode & 0o777)))
            case S_IFDIR:
                if isLink {
                    problems.append(
                        PreflightProblem(
                            child,
                            "is a symbolic link to a directory, which is not followed: remove it, or name that directory itself"
                        ))
                    continue
                }
                if keepTree {
                    directories.append(
                        Found(
                            relative: child, path: path, size: 0, modified: Self.modified(info),
                            mode: UInt32(info.st_mode & 0o777)))
                }
                walk(path, relative: child)
            case S_IFIFO:
                problems.append(
                    PreflightProblem(child, "is a FIFO (named pipe), not a file: move it out of the directory"))
            case S_IFSOCK:
                problems.append(PreflightProblem(child, "is a socket, not a file: move it out of the directory"))
            default: problems.append(PreflightProblem(child, "is a device, not a file: move it out of the directory"))
            }
        }
    }

    static func modified(_ info: stat) -> Date {
        Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    /// A symbolic link kept as a link (its target's bytes must be UTF-8, as names must).
    private mutating func keepLink(_ path: String, _ child: String, _ info: stat) {
        if !selection.isEmpty, let reason = selection.reasonLeftOut(child, isDirectory: false) {
            leftOut.append(LeftOut(relative: child, reason: reason, isDirectory: false, size: 0))
            return
        }
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else {
            problems.append(PreflightProblem(child, "is a symbolic link that cannot be read"))
            return
        }
        guard let target = String(validating: buffer[..<count], as: UTF8.self) else {
            problems.append(
                PreflightProblem(
                    child, "is a symbolic link to a name that is not UTF-8 (\(escaped(Array(buffer[..<count]))))"))
            return
        }
        links.append(
            Found(
                relative: child, path: path, size: Int64(count), modified: Self.modified(info), linkTarget: target,
                mode: 0o777))
    }
}

extension DirectoryWalker {
    /// A name's bytes for a message: UTF-8 where it is, `\xE9` where it is not.
    static func escaped(_ bytes: [UInt8]) -> String {
        var text = ""
        var index = 0
        while index < bytes.count {
            // The longest valid UTF-8 sequence starting here (1 to 4 bytes), else one escaped byte.
            var taken = false
            for length in (1...4).reversed() where index + length <= bytes.count {
                if let piece = String(validating: bytes[index..<index + length], as: UTF8.self),
                    piece.unicodeScalars.count == 1
                {
                    text += piece.unicodeScalars.first!.value < 0x20 ? String(cFormat: "\\x%02X", bytes[index]) : piece
                    index += length
                    taken = true
                    break
                }
            }
            if !taken {
                text += String(cFormat: "\\x%02X", bytes[index])
                index += 1
            }
        }
        return text
    }
}
