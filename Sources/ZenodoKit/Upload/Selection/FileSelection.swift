import FoundationEssentials

/// Which files of a directory tree go into an upload: all of them, but the usual junk (unless it
/// is asked for), what the tree's `.zenodoignore` leaves out, and what `--exclude-from` and
/// `--exclude` leave out; `--include` takes back what any of those left out. Rules are read in
/// that order and the last one that matches a path decides, as in gitignore; a directory left
/// out is not looked into, so nothing below it can be taken back. Every file left out is named
/// with the rule that left it out.
public struct FileSelection: Sendable {
    /// One pattern and where it was written.
    public struct Rule: Sendable, Equatable {
        public var pattern: IgnorePattern
        /// `junk`, `.zenodoignore line 3`, `--exclude`, `--include`, `FILE line 2`.
        public var source: String
    }

    public private(set) var rules: [Rule] = []

    /// The tree's ignore file, read from the root of each directory given.
    public static let ignoreFileName = ".zenodoignore"

    /// What is left out unless `--include-junk`: files that systems, editors and tools leave in a
    /// tree and that nobody means to publish (and that can never be removed from a published
    /// record).
    public static let junk = [
        ".DS_Store", "._*", "__MACOSX/", "Thumbs.db", "ehthumbs.db", "desktop.ini", ".git/", ".svn/", ".hg/",
        "__pycache__/", "*.pyc", ".ipynb_checkpoints/", ".*.swp", ".*.swo", "*~", "\\#*#", ".#*",
        "*.zenodo-tui-part", ignoreFileName,
    ]

    /// The selection for a tree: junk (unless `includeJunk`), then `ignoreFile`'s text, then the
    /// exclude files' texts, then `exclude`, then `include` (as negations).
    public init(
        includeJunk: Bool = false, ignoreFile: String? = nil, excludeFiles: [(name: String, text: String)] = [],
        exclude: [String] = [], include: [String] = []
    ) {
        if !includeJunk { add(Self.junk, source: { _ in "junk" }) }
        if let ignoreFile { add(text: ignoreFile, source: Self.ignoreFileName) }
        for file in excludeFiles { add(text: file.text, source: file.name) }
        add(exclude, source: { _ in "--exclude" })
        add(include.map { $0.hasPrefix("!") ? String($0.dropFirst()) : "!" + $0 }, source: { _ in "--include" })
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// Why the path (below the tree's root) is left out, or `nil` when it goes.
    public func reasonLeftOut(_ relative: String, isDirectory: Bool) -> String? {
        let parts = IgnorePattern.names(relative)
        guard let rule = rules.last(where: { $0.pattern.matches(parts, isDirectory: isDirectory) }),
            !rule.pattern.negated
        else { return nil }
        return rule.source == "junk" ? "junk (\(rule.pattern.text))" : "\(rule.source): \(rule.pattern.text)"
    }

    private mutating func add(_ lines: [String], source: (Int) -> String) {
        for (index, line) in lines.enumerated() {
            if let pattern = IgnorePattern(line: line) {
                rules.append(Rule(pattern: pattern, source: source(index + 1)))
            }
        }
    }

    private mutating func add(text: String, source: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        add(lines, source: { "\(source) line \($0)" })
    }
}

/// A file or directory the selection left out, and why.
public struct LeftOut: Sendable, Equatable {
    /// From the directory given, `/`-separated; a directory ends with `/`.
    public var relative: String
    public var reason: String
    /// Files below it, when it is a directory (its bytes are not counted: nothing below is read).
    public var isDirectory: Bool
    public var size: Int64

    public init(relative: String, reason: String, isDirectory: Bool, size: Int64) {
        self.relative = relative
        self.reason = reason
        self.isDirectory = isDirectory
        self.size = size
    }

    /// Whether a deposition's key is this file's (or below this directory), with `separator` in
    /// the key where the path has `/` (`__` with `--flatten`).
    public func covers(key: String, separator: String) -> Bool {
        let mine = relative.replacing("/", with: separator)
        if isDirectory {
            let prefix = String(mine.dropLast(separator.count)) + separator
            return key.hasPrefix(prefix)
        }
        return key == mine
    }

    /// "Left out 12 files and 3 directories: junk (.DS_Store) ×9, .zenodoignore line 2: *.tmp ×3,
    /// …", the most frequent reasons first.
    public static func summary(_ leftOut: [LeftOut]) -> String? {
        guard !leftOut.isEmpty else { return nil }
        let files = leftOut.filter { !$0.isDirectory }.count
        let directories = leftOut.count - files
        var counts: [String: Int] = [:]
        var order: [String] = []
        for item in leftOut {
            if counts[item.reason] == nil { order.append(item.reason) }
            counts[item.reason, default: 0] += 1
        }
        // The most frequent first; among equals, the first met in the walk (name order) first.
        let reasons = order.enumerated().sorted { a, b in
            counts[a.element]! != counts[b.element]! ? counts[a.element]! > counts[b.element]! : a.offset < b.offset
        }.map { "\($0.element) ×\(counts[$0.element]!)" }
        var what: [String] = []
        if files > 0 { what.append("\(files) file\(files == 1 ? "" : "s")") }
        if directories > 0 { what.append("\(directories) director\(directories == 1 ? "y" : "ies")") }
        return "Left out \(what.joined(separator: " and ")): \(reasons.prefix(6).joined(separator: ", "))"
            + (reasons.count > 6 ? ", and \(reasons.count - 6) more reasons" : "")
    }
}
