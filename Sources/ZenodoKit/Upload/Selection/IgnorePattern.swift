import StarMatch

#if canImport(Glibc)
    import Glibc
#endif

/// One line of a `.zenodoignore` (or one `--exclude`/`--include` glob), with gitignore's syntax
/// and meaning (git-scm.com/docs/gitignore, "PATTERN FORMAT"):
/// - a blank line or one starting with `#` is nothing; `\#` and `\!` start a pattern with those;
///   trailing spaces go unless escaped (`\ `);
/// - `!` negates: what an earlier pattern left out is taken again (not inside a directory left
///   out: nothing below one is looked at);
/// - a trailing `/` matches only directories;
/// - a `/` at the start or in the middle anchors the pattern at the tree's root; without one the
///   pattern matches a name at any depth;
/// - `*` matches anything but `/`, `?` one character but `/`, `[a-z]` a class; `**/` at the start
///   matches in every directory, `/**` at the end everything inside, `/**/` zero or more
///   directories.
public struct IgnorePattern: Sendable, Equatable {
    public var negated: Bool
    public var directoryOnly: Bool
    /// The pattern's `/`-separated parts (`**` matches zero or more of the path's parts).
    var segments: [String]
    /// The line as written (for saying why a file is left out).
    public var text: String
    /// A pattern for a name at any depth (`*.pyc`, `.DS_Store`, `__pycache__/`): only the last
    /// name of a path is looked at (most patterns, and every one of the junk list).
    private var basename: Part?

    /// One part of a pattern, classified once: a plain name, stars only, or a full glob.
    enum Part: Sendable, Equatable {
        case any  // `**`
        case literal(String)
        case stars([UInt8])
        case glob(String)

        init(_ text: String) {
            if text == "**" {
                self = .any
            } else if !text.contains(where: { "*?[\\".contains($0) }) {
                self = .literal(text)
            } else if !text.contains(where: { "?[\\".contains($0) }) {
                self = .stars(Array(text.utf8))
            } else {
                self = .glob(text)
            }
        }

        func matches(_ name: Substring) -> Bool {
            switch self {
            case .any: return true
            case .literal(let text): return name == text
            // A `*` takes any bytes, so UTF-8 needs no care; no C string per name.
            case .stars(let pattern): return starMatch(pattern, name.utf8)
            case .glob(let text): return fnmatch(text, String(name), 0) == 0
            }
        }
    }
    private var parts: [Part]

    /// `nil` for a blank line, a comment, or a line that is only `!` or `/`.
    public init?(line: String) {
        // Unicode scalars, not characters: a combining mark after `/` or a space makes one
        // character with it, and must not hide the slash or the space (found by the fuzzer).
        var line = Array(line.unicodeScalars)
        if line.last == "\r" { line.removeLast() }
        // Trailing spaces go, unless the last is escaped.
        while line.last == " ", !(line.count >= 2 && line[line.count - 2] == "\\") { line.removeLast() }
        if line.count >= 2, line.last == " ", line[line.count - 2] == "\\" { line.remove(at: line.count - 2) }
        guard !line.isEmpty, line.first != "#" else { return nil }
        text = Self.string(line)
        negated = line.first == "!"
        if negated { line.removeFirst() }
        if line.count >= 2, line[0] == "\\", line[1] == "#" || line[1] == "!" { line.removeFirst() }
        directoryOnly = line.last == "/"
        while line.last == "/" { line.removeLast() }
        // A slash at the start or in the middle anchors it; else it matches at any depth.
        let anchored = line.contains("/")
        while line.first == "/" { line.removeFirst() }
        var pieces = line.split(separator: "/", omittingEmptySubsequences: true).map { Self.string(Array($0)) }
        guard !pieces.isEmpty else { return nil }
        if !anchored { pieces.insert("**", at: 0) }
        // `a/**/**/b` is `a/**/b`.
        var collapsed: [String] = []
        for part in pieces where !(part == "**" && collapsed.last == "**") { collapsed.append(part) }
        segments = collapsed
        self.parts = collapsed.map(Part.init)
        basename = collapsed.count == 2 && collapsed[0] == "**" && collapsed[1] != "**" ? Part(collapsed[1]) : nil
    }

    static func string(_ scalars: [Unicode.Scalar]) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// A path's names, split at each `/` byte (never at a character: a combining mark after a
    /// slash joins it into one).
    public static func names(_ path: String) -> [Substring] {
        path.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
    }

    /// Whether the pattern matches a path below the tree's root (`a/b/c`, no leading `/`).
    public func matches(_ path: [Substring], isDirectory: Bool) -> Bool {
        if directoryOnly, !isDirectory { return false }
        if let basename {
            guard let last = path.last else { return false }
            return basename.matches(last)
        }
        return Self.match(parts, path)
    }

    /// Parts against names, in time proportional to their product however many `**` there are:
    /// `reach[j]` says whether the pattern's parts so far can end just before name `j`.
    private static func match(_ pattern: [Part], _ path: [Substring]) -> Bool {
        var reach = [Bool](repeating: false, count: path.count + 1)
        reach[0] = true
        for (index, part) in pattern.enumerated() {
            var next = [Bool](repeating: false, count: path.count + 1)
            if part == .any {
                // Zero or more names; a trailing `**` at least one (everything inside, not the
                // directory itself).
                let atEnd = index == pattern.count - 1
                var seen = false
                for j in 0...path.count {
                    if atEnd {
                        next[j] = seen
                        seen = seen || reach[j]
                    } else {
                        seen = seen || reach[j]
                        next[j] = seen
                    }
                }
            } else {
                for j in 0..<path.count where reach[j] && part.matches(path[j]) { next[j + 1] = true }
            }
            reach = next
            if !reach.contains(true) { return false }
        }
        return reach[path.count]
    }

}
