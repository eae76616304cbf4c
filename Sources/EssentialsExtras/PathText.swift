import FoundationEssentials
import Glibc

/// Paths as text, the way `NSString`'s path methods treat them, on FoundationEssentials alone.
/// Unlike `NSString.deletingLastPathComponent` on Linux, nothing here traps on short paths (`.`,
/// `x`, `a/`: Backspace at the start directory once ended the program, found by the `keys` fuzz
/// target).
public enum PathText {
    /// The directory above `path`, absolute (relative paths from the working directory); `/`
    /// stays `/`.
    public static func parent(of path: String) -> String {
        let url = URL(fileURLWithPath: path.isEmpty ? "." : path, isDirectory: true).standardizedFileURL
        return url.path == "/" ? "/" : url.deletingLastPathComponent().path
    }

    /// `path` and `component` joined by a slash unless `path` ends in one (an empty side gives the
    /// other), as `NSString.appendingPathComponent` does.
    public static func appending(_ path: String, _ component: String) -> String {
        if component.isEmpty { return path }
        if path.isEmpty { return component }
        return path.hasSuffix("/") ? path + component : path + "/" + component
    }

    /// The last component: `/a/b/` gives `b`, `/` gives `/`, `` gives ``.
    public static func lastComponent(_ path: String) -> String {
        let tidied = tidy(path)
        if tidied == "/" { return "/" }
        return tidied.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? ""
    }

    /// All but the last component: `/a/b` gives `/a`, `/a` gives `/`, `a` gives ``, `/` gives `/`.
    public static func deletingLastComponent(_ path: String) -> String {
        let tidied = tidy(path)
        if tidied == "/" { return "/" }
        guard let slash = tidied.lastIndex(of: "/") else { return "" }
        if slash == tidied.startIndex { return "/" }
        return String(tidied[..<slash])
    }

    /// The extension of the last component (`a.tar.gz` gives `gz`); none for `.bashrc` or `a.`.
    public static func extensionOf(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    public static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") || path.hasPrefix("~") }

    /// `~` and `~/…` with the home directory, `~user/…` with that user's; anything else unchanged.
    public static func expandingTilde(_ path: String) -> String {
        guard path.hasPrefix("~") else { return path }
        let slash = path.firstIndex(of: "/") ?? path.endIndex
        let user = path[path.index(after: path.startIndex)..<slash]
        let home: String?
        if user.isEmpty {
            home = ProcessInfo.processInfo.environment["HOME"] ?? homeOf(getpwuid(geteuid()))
        } else {
            home = homeOf(getpwnam(String(user)))
        }
        guard let home else { return path }
        return tidy(home + path[slash...])
    }

    /// The tilde expanded, `.` and empty components dropped, `..` resolved in absolute paths (by
    /// the text, not through links), no trailing slash.
    public static func standardizing(_ path: String) -> String {
        let expanded = expandingTilde(path)
        guard expanded.hasPrefix("/") else { return tidy(expanded) }
        var kept: [Substring] = []
        for component in expanded.split(separator: "/") where component != "." {
            if component == ".." {
                _ = kept.popLast()
            } else {
                kept.append(component)
            }
        }
        return "/" + kept.joined(separator: "/")
    }

    /// Repeated slashes made one; a trailing slash dropped unless the path is `/`.
    static func tidy(_ path: String) -> String {
        var out = ""
        out.reserveCapacity(path.utf8.count)
        var lastWasSlash = false
        for character in path {
            if character == "/" {
                if lastWasSlash { continue }
                lastWasSlash = true
            } else {
                lastWasSlash = false
            }
            out.append(character)
        }
        if out.count > 1, out.hasSuffix("/") { out.removeLast() }
        return out
    }

    private static func homeOf(_ entry: UnsafeMutablePointer<passwd>?) -> String? {
        guard let entry, let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }
}
