import Foundation
import Testing

@testable import ZenodoKit

/// A listing as a tree (issue 31): folders made from the paths whether listed or not, their
/// totals, folders before files, children only under open folders, the filter's flat matches.
@Suite struct ArchiveTreeTests {
    static func entry(_ name: String, _ size: Int64 = 10) -> ZipEntry {
        ZipEntry(
            name: name, isDirectory: name.hasSuffix("/"), method: 8, crc32: 0, compressedSize: size / 2, size: size,
            localHeaderOffset: 0, modified: nil, unsafeName: nil, encrypted: false)
    }

    @Test func foldersComeFromPathsWithTheirTotals() {
        let tree = ArchiveTree([
            Self.entry("b/x.csv", 100), Self.entry("a/"), Self.entry("b/deep/y.csv", 50), Self.entry("top.txt", 1),
            Self.entry("a/z.txt", 7),
        ])
        let top = tree.rows(open: [])
        #expect(top.map(\.name) == ["a/", "b/", "top.txt"], "folders first, each by name")
        let b = top[1]
        #expect(b.isFolder && b.size == 150 && b.files == 2 && b.compressedSize == 75)
        let opened = tree.rows(open: ["b/"])
        #expect(opened.map(\.name) == ["a/", "b/", "deep/", "x.csv", "top.txt"])
        #expect(opened[2].depth == 1 && opened[3].depth == 1)
        #expect(tree.rows(open: ["b/", "b/deep/"]).map(\.name).contains("y.csv"))
        #expect(tree.rows(open: ["b/deep/"]).map(\.name) == ["a/", "b/", "top.txt"], "a closed parent hides it")
        #expect(tree.fileEntries.count == 4 && tree.totalSize == 158)
        #expect(tree.files(under: "b/").map(\.name).sorted() == ["b/deep/y.csv", "b/x.csv"])
        #expect(tree.files(under: "top.txt").map(\.name) == ["top.txt"])
        #expect(tree.matches("Y.CSV").map(\.name) == ["b/deep/y.csv"], "case folded, whole paths")
    }

    /// A combining mark after a slash is one Character with it: paths split at bytes.
    @Test func aCombiningMarkAfterASlashStillMakesAFolder() {
        let tree = ArchiveTree([Self.entry("d/\u{301}e.txt")])
        let rows = tree.rows(open: ["d/"])
        #expect(rows.first?.isFolder == true && rows.first?.path == "d/")
        #expect(rows.count == 2 && rows[1].name == "\u{301}e.txt")
        #expect(tree.files(under: "d/").count == 1)
    }
}
