import Foundation
import TestSupport
import Testing
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// Which files of a tree go (issue 30): gitignore's pattern format for `.zenodoignore`,
/// `--exclude` and `--include`, the junk left out by default, and every file left out named with
/// its reason.
@Suite struct FileSelectionTests {
    static func matches(_ line: String, _ path: String, directory: Bool = false) -> Bool {
        IgnorePattern(line: line)!.matches(path.split(separator: "/"), isDirectory: directory)
    }

    /// The examples of git-scm.com/docs/gitignore, "PATTERN FORMAT", and its `**` rules.
    @Test func patternsMeanWhatGitignoreSays() {
        #expect(Self.matches("*.log", "a.log") && Self.matches("*.log", "deep/er/a.log"))
        #expect(!Self.matches("*.log", "a.log.txt"))
        // A slash at the start or in the middle anchors at the root.
        #expect(Self.matches("/build", "build") && !Self.matches("/build", "src/build"))
        #expect(Self.matches("doc/frotz/", "doc/frotz", directory: true))
        #expect(!Self.matches("doc/frotz/", "a/doc/frotz", directory: true))
        // A trailing slash: directories only, at any depth when nothing else anchors it.
        #expect(Self.matches("frotz/", "a/frotz", directory: true) && !Self.matches("frotz/", "a/frotz"))
        // `*` and `?` never cross a slash.
        #expect(!Self.matches("/a*z", "ab/cz") && Self.matches("/a*z", "abcz"))
        #expect(!Self.matches("/a?b", "a/b"))
        #expect(Self.matches("[a-c].txt", "x/b.txt") && !Self.matches("[a-c].txt", "d.txt"))
        // `**`: leading, trailing and in the middle.
        #expect(Self.matches("**/foo", "foo") && Self.matches("**/foo", "a/b/foo"))
        #expect(Self.matches("abc/**", "abc/x/y") && !Self.matches("abc/**", "abc", directory: true))
        for path in ["a/b", "a/x/b", "a/x/y/b"] { #expect(Self.matches("a/**/b", path), "\(path)") }
        #expect(!Self.matches("a/**/b", "a/x/c"))
        // Comments, escapes, blanks and trailing spaces.
        #expect(IgnorePattern(line: "# a comment") == nil && IgnorePattern(line: "   ") == nil)
        #expect(Self.matches("\\#notes", "#notes") && Self.matches("\\!important", "!important"))
        #expect(Self.matches("trail   ", "trail") && Self.matches("space\\ ", "space "))
        #expect(IgnorePattern(line: "!keep.log")?.negated == true)
    }

    /// Stars are matched on the bytes (the fast path of every junk pattern): as fnmatch would.
    @Test func starsMatchAsFnmatchDoes() {
        let cases: [(String, String, Bool)] = [
            ("*.tar.gz", "data.tar.gz", true), ("*.tar.gz", "data.tar.gzip", false), ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false), ("*x", "xx", true), ("*", "anything", true), ("é*", "été", true),
            ("*é", "café", true), ("*é", "cafe", false), ("x#*#", "x#draft#", true), ("x#*#", "x#draft", false),
            ("**x", "ax", true),
        ]
        for (pattern, name, expected) in cases {
            #expect(Self.matches(pattern, "dir/" + name) == expected, "\(pattern) ~ \(name)")
            #expect((fnmatch(pattern, name, 0) == 0) == expected, "fnmatch agrees on \(pattern) ~ \(name)")
        }
    }

    @Test func theLastMatchDecidesAndEveryLeftOutFileSaysWhy() {
        let selection = FileSelection(
            ignoreFile: "*.log\n!keep.log\n# scratch\n/scratch/\n", exclude: ["*.tmp"], include: ["important.tmp"])
        #expect(selection.reasonLeftOut("run.log", isDirectory: false) == ".zenodoignore line 1: *.log")
        #expect(selection.reasonLeftOut("keep.log", isDirectory: false) == nil)
        #expect(selection.reasonLeftOut("scratch", isDirectory: true) == ".zenodoignore line 4: /scratch/")
        #expect(selection.reasonLeftOut("a/scratch", isDirectory: true) == nil, "anchored at the root")
        #expect(selection.reasonLeftOut("x.tmp", isDirectory: false) == "--exclude: *.tmp")
        #expect(selection.reasonLeftOut("important.tmp", isDirectory: false) == nil, "--include takes it back")
        #expect(selection.reasonLeftOut(".DS_Store", isDirectory: false) == "junk (.DS_Store)")
        #expect(selection.reasonLeftOut("a/#notes.txt#", isDirectory: false) == "junk (\\#*#)", "Emacs autosave")
        #expect(selection.reasonLeftOut("data.csv", isDirectory: false) == nil)
        #expect(FileSelection(includeJunk: true).reasonLeftOut("a/.DS_Store", isDirectory: false) == nil)
    }

    /// A tree as researchers have them: junk from three systems and an editor, a `.git`, a
    /// `.zenodoignore`. The walk leaves them out by name (a directory as one entry, not looked
    /// into) and keeps the data.
    @Test func aTreeWalkLeavesTheJunkOutAndNamesIt() throws {
        let root = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "data/a.csv", "data/.DS_Store", "data/._a.csv", "__MACOSX/data/._b", "notes.txt", ".notes.txt.swp",
            "notes.txt~", "code/__pycache__/m.cpython-312.pyc", "code/m.py", ".git/config", ".git/objects/ab/cdef",
            "Thumbs.db", "scratch/tmp.bin", "scratch.log",
        ]
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.utf8).write(to: url)
        }
        try Data("scratch/\n*.log\n".utf8).write(to: root.appendingPathComponent(".zenodoignore"))
        let scan = FileScanner.scan([root.path], keyRule: .flatten, filters: FileScanner.Filters())
        #expect(scan.problems.isEmpty)
        #expect(scan.files.map(\.key) == ["code__m.py", "data__a.csv", "notes.txt"])
        let leftOut = Dictionary(uniqueKeysWithValues: scan.leftOut.map { ($0.relative, $0.reason) })
        #expect(leftOut[".git/"] == "junk (.git/)" && leftOut["__MACOSX/"] == "junk (__MACOSX/)")
        #expect(leftOut["code/__pycache__/"] == "junk (__pycache__/)")
        #expect(leftOut["scratch/"] == ".zenodoignore line 1: scratch/")
        #expect(leftOut["scratch.log"] == ".zenodoignore line 2: *.log")
        #expect(leftOut[".zenodoignore"] == "junk (.zenodoignore)")
        #expect(!leftOut.keys.contains { $0.hasPrefix(".git/") && $0 != ".git/" }, "nothing below .git/ was looked at")
        let summary = try #require(LeftOut.summary(scan.leftOut))
        #expect(summary.hasPrefix("Left out 7 files and 4 directories: "), "\(summary)")

        // Asked for, the junk goes too; what .zenodoignore leaves out stays out.
        let all = FileScanner.scan([root.path], keyRule: .flatten, filters: FileScanner.Filters(includeJunk: true))
        #expect(all.files.count == 13 && all.leftOut.map(\.relative).sorted() == ["scratch.log", "scratch/"])
        // Without filters (the old call), every file.
        #expect(FileScanner.scan([root.path], keyRule: .flatten).files.count == 15)
    }

    @Test func aLeftOutPathCoversTheKeysItWouldHaveHad() {
        let file = LeftOut(relative: "a/b.tmp", reason: "x", isDirectory: false, size: 1)
        #expect(file.covers(key: "a__b.tmp", separator: "__") && !file.covers(key: "a__b.tmpx", separator: "__"))
        let directory = LeftOut(relative: "raw/", reason: "x", isDirectory: true, size: 0)
        #expect(directory.covers(key: "raw__x.bin", separator: "__") && !directory.covers(key: "rawx", separator: "__"))
    }
}
