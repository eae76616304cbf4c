import ArgumentParser
import FoundationEssentials
import Glibc
import ZenodoKit

/// Which files of a directory go (`upload`, `sync`): the usual junk is left out unless
/// `--include-junk`; the tree's `.zenodoignore`, `--exclude-from` and `--exclude` leave out more;
/// `--include` takes back what they left out. All are gitignore patterns; the last that matches
/// decides.
struct FilterOptions: ParsableArguments {
    @Option(
        name: .customLong("exclude"),
        help: ArgumentHelp(
            "Leave out what matches this pattern (gitignore syntax: *.tmp, raw/, /draft.txt; repeatable).",
            valueName: "glob"))
    var exclude: [String] = []

    @Option(
        name: .customLong("include"),
        help: ArgumentHelp(
            "Take what matches this pattern even if junk, .zenodoignore or --exclude leaves it out (not inside a directory left out; repeatable).",
            valueName: "glob"))
    var include: [String] = []

    @Option(
        name: .customLong("exclude-from"),
        help: ArgumentHelp(
            "Leave out what the patterns in this file match (one per line, as .zenodoignore).", valueName: "file"))
    var excludeFrom: [String] = []

    @Flag(
        help:
            "Take the usual junk too (.DS_Store, ._*, __MACOSX/, Thumbs.db, .git/, __pycache__/, .ipynb_checkpoints/, editor swap and backup files), which is left out and named otherwise."
    )
    var includeJunk = false

    /// The filters, with the exclude files read (one that cannot be read is a usage error).
    func filters() throws -> FileScanner.Filters {
        var files: [(name: String, text: String)] = []
        for path in excludeFrom {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("--exclude-from \(path): cannot be read (\(String(cString: strerror(errno))))")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("--exclude-from \(path): is not UTF-8 text")
            }
            files.append((path, text))
        }
        return FileScanner.Filters(includeJunk: includeJunk, excludeFiles: files, exclude: exclude, include: include)
    }

    /// Says on standard error what was left out and why (standard output stays for the results).
    static func report(_ leftOut: [LeftOut]) {
        guard let summary = LeftOut.summary(leftOut) else { return }
        Console.error(Console.safe(summary) + " (--include-junk or --include takes them)")
    }
}
