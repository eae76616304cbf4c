import Foundation
import NIOCore
import TestScratch
import TestSupport
import Testing

@testable import ZenodoKit

/// Archives packed on the fly (issue 30) read back by independent readers and compared with the
/// tree: names (UTF-8, nested, empty directories, links kept as links, long names), sizes, MD5s
/// and CRCs; the same tree gives the same bytes; any byte can be read at its offset.
@Suite struct PackArchiveTests {
    /// A tree with what archives get wrong: nested folders, an empty one, UTF-8 names, a name over
    /// 100 bytes (tar's pax path), an empty file, an executable, a link inside the tree and one out
    /// of it (stored as links, never followed).
    static func tree() throws -> URL {
        let root = try TempFile.directory().appendingPathComponent("survey")
        let files: [(String, Int)] = [
            ("raw/2024/a.bin", 300_000), ("raw/b.txt", 6), ("raw/naïve résumé ✓.txt", 20), ("code/run.py", 9),
            ("empty.txt", 0), (String(repeating: "long-folder-name/", count: 5) + String(repeating: "x", count: 90), 3),
        ]
        for (name, size) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            var data = Data(count: size)
            for index in 0..<size { data[index] = UInt8(truncatingIfNeeded: index &* 31 &+ name.count) }
            try data.write(to: url)
        }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("empty/inner"), withIntermediateDirectories: true)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: root.appendingPathComponent("code/run.py").path)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("code/latest").path, withDestinationPath: "../raw/b.txt")
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("outside").path, withDestinationPath: "/etc/passwd")
        return root
    }

    static func plan(_ root: URL, _ format: PackFormat, perDirectory: Bool = false) -> [PackPlanner.Planned] {
        let planned = PackPlanner.plan(
            root: root.path, PackRequest(format: format, perDirectory: perDirectory), filters: FileScanner.Filters())
        #expect(planned.problems.isEmpty, "\(planned.problems)")
        return planned.archives
    }

    @Test(arguments: PackFormat.allCases)
    func independentReadersFindTheTree(_ format: PackFormat) async throws {
        let root = try Self.tree()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let archive = try #require(Self.plan(root, format).first).archive
        #expect(archive.name == "survey.\(format.rawValue)")
        let out = root.deletingLastPathComponent().appendingPathComponent(archive.name)
        try ArchiveReaders.write(archive, to: out)
        let size = try FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int
        #expect(size == Int(archive.size), "the size declared before the first byte is the size made")

        let python = try await ArchiveReaders.python(format, out, root: root, prefix: "survey/")
        #expect(python.status == 0 && python.text.hasPrefix("OK"), "\(python.text)")
        let bsdtar = try await Tool.run("/usr/bin/bsdtar", ["-tvf", out.path])
        #expect(bsdtar.status == 0, "\(bsdtar.text)")
        #expect(bsdtar.text.contains("survey/code/latest -> ../raw/b.txt"), "\(bsdtar.text)")
        #expect(bsdtar.text.contains("survey/raw/naïve résumé ✓.txt"), "\(bsdtar.text)")
        #expect(bsdtar.text.contains("survey/empty/inner/"), "\(bsdtar.text)")
        #expect(bsdtar.text.contains("-rwxr-xr-x"), "the executable keeps its bit: \(bsdtar.text)")
        #expect(!bsdtar.text.contains("root"), "no owner or group names: \(bsdtar.text)")
        if format == .zip {
            let unzip = try await Tool.run("/usr/bin/unzip", ["-t", out.path])
            #expect(unzip.status == 0 && unzip.text.contains("No errors detected"), "\(unzip.text)")
        }
        // bsdtar extracts it to the same bytes (libarchive's own reading of the content).
        let extracted = root.deletingLastPathComponent().appendingPathComponent("extracted")
        try FileManager.default.createDirectory(at: extracted, withIntermediateDirectories: true)
        let x = try await Tool.run("/usr/bin/bsdtar", ["-xf", out.path, "-C", extracted.path])
        #expect(x.status == 0, "\(x.text)")
        let diff = try await Tool.run(
            "/usr/bin/diff", ["-r", "--no-dereference", root.path, extracted.appendingPathComponent("survey").path])
        #expect(diff.status == 0, "\(diff.text)")
    }

    @Test(arguments: PackFormat.allCases)
    func theSameTreeGivesTheSameBytesAndAnyByteCanBeReadAtItsOffset(_ format: PackFormat) throws {
        let root = try Self.tree()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let first = try #require(Self.plan(root, format).first).archive
        let second = try #require(Self.plan(root, format).first).archive
        let whole = try Self.bytes(first, chunk: 1 << 20)
        #expect(try Self.bytes(second, chunk: 4093) == whole)
        #expect(first.manifest == second.manifest)
        // A fresh reader that starts anywhere (a part resent, a resume) reads the same bytes: the
        // CRCs a ZIP's descriptors and directory need are computed from the members it skipped.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<40 {
            let start = Int64.random(in: 0..<first.size, using: &generator)
            let count = Int.random(in: 1...70_000, using: &generator)
            let reader = try PackedArchive(format: format, name: first.name, root: first.root, members: first.members)
                .open()
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            let read = try reader.read(into: &buffer, at: start, upTo: count)
            #expect(read == min(count, Int(first.size - start)))
            #expect(Array(buffer.readableBytesView) == Array(whole[Int(start)..<Int(start) + read]))
        }
    }

    static func bytes(_ archive: PackedArchive, chunk: Int) throws -> [UInt8] {
        let reader = try archive.open()
        var out: [UInt8] = []
        var buffer = ByteBufferAllocator().buffer(capacity: chunk)
        while Int64(out.count) < archive.size {
            buffer.clear()
            _ = try reader.read(into: &buffer, at: Int64(out.count), upTo: chunk)
            out += buffer.readableBytesView
        }
        return out
    }

    /// `--pack-per-dir`: one archive per top-level folder, named after it, its members named from
    /// it; the files at the top go as they are; an empty folder makes no archive.
    @Test func onePerFolder() async throws {
        let root = try Self.tree()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let planned = PackPlanner.plan(
            root: root.path, PackRequest(format: .zip, perDirectory: true), filters: FileScanner.Filters())
        #expect(planned.archives.map(\.archive.name) == ["code.zip", "long-folder-name.zip", "raw.zip"])
        #expect(planned.loose.map(\.relative) == ["empty.txt"])
        #expect(planned.problems.map(\.subject) == ["outside"], "a link at the top goes in no archive")
        let raw = try #require(planned.archives.last?.archive)
        let out = root.deletingLastPathComponent().appendingPathComponent("raw.zip")
        try ArchiveReaders.write(raw, to: out)
        let python = try await ArchiveReaders.python(
            .zip, out, root: root.appendingPathComponent("raw"), prefix: "raw/")
        #expect(python.status == 0, "\(python.text)")
    }

    /// The filters apply to packing as to uploads: junk and excluded files are not in the archive.
    @Test func theFiltersLeaveOutOfTheArchive() throws {
        let root = try Self.tree()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        try Data().write(to: root.appendingPathComponent("raw/.DS_Store"))
        try Data("x".utf8).write(to: root.appendingPathComponent("raw/scratch.tmp"))
        let planned = PackPlanner.plan(
            root: root.path, PackRequest(format: .tar), filters: FileScanner.Filters(exclude: ["*.tmp"]))
        let names = planned.archives[0].archive.members.map(\.name)
        #expect(!names.contains("survey/raw/.DS_Store") && !names.contains("survey/raw/scratch.tmp"))
        #expect(names.contains("survey/raw/b.txt"))
        #expect(Set(planned.leftOut.map(\.relative)) == ["raw/.DS_Store", "raw/scratch.tmp"])
    }

    /// A name that is not UTF-8 cannot be an archive's member name (the ZIP says UTF-8, Zenodo's
    /// keys are): pre-flight refuses it with the bytes escaped, and nothing is packed.
    @Test func aNameThatIsNotUTF8IsRefusedEscaped() throws {
        let root = try Self.tree()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        var bytes = Array(root.path.utf8) + Array("/raw/caf".utf8) + [0xE9, 0]
        let fd = bytes.withUnsafeMutableBufferPointer { pointer in
            pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pointer.count) {
                open($0, O_CREAT | O_WRONLY | O_CLOEXEC, 0o644)
            }
        }
        #expect(fd >= 0)
        close(fd)
        let planned = PackPlanner.plan(root: root.path, PackRequest(format: .zip), filters: FileScanner.Filters())
        let problem = try #require(planned.problems.first)
        #expect(problem.subject == "raw/caf\\xE9", "\(problem)")
        #expect(problem.message.contains("its name is not UTF-8"))
    }

    /// `--pack-links refuse`: each link is a problem, named.
    @Test func linksCanBeRefused() throws {
        let root = try Self.tree()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let planned = PackPlanner.plan(
            root: root.path, PackRequest(format: .zip, links: .refuse), filters: FileScanner.Filters())
        #expect(planned.problems.map(\.subject).sorted() == ["code/latest", "outside"])
    }
}
