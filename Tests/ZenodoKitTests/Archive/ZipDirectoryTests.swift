import Foundation
import TestScratch
import TestSupport
import Testing

@testable import ZenodoKit

/// A ZIP's table of contents read from its bytes (issue 31): ZIPs written by Python (stored,
/// deflated, forced ZIP64, a comment, UTF-8 names) and by `--pack` (66,000 entries) agree with
/// Python's own listing; hostile directories are refused in words; unsafe names are marked.
@Suite struct ZipDirectoryTests {
    /// Python writes the archive and prints its listing: name, size, compressed size, CRC, offset.
    static func python(_ script: String, _ url: URL) async throws -> [String] {
        let made = try await Tool.run("/usr/bin/python3", ["-c", script, url.path])
        #expect(made.status == 0, "\(made.text)")
        return made.text.split(separator: "\n").map(String.init)
    }

    static let writer = #"""
        import sys, zipfile
        path = sys.argv[1]
        with zipfile.ZipFile(path, "w") as z:
            z.comment = b"made for the test"
            z.writestr(zipfile.ZipInfo("data/"), b"")
            z.writestr("data/a.csv", "x,y\n" * 5000, compress_type=zipfile.ZIP_DEFLATED)
            z.writestr("data/b.bin", bytes(range(256)) * 10, compress_type=zipfile.ZIP_STORED)
            z.writestr("naïve/résumé.txt", "é" * 100, compress_type=zipfile.ZIP_DEFLATED)
            with z.open("big/forced64.txt", "w", force_zip64=True) as f:
                f.write(b"zip64 " * 1000)
        with zipfile.ZipFile(path) as z:
            for i in z.infolist():
                print(i.filename, i.file_size, i.compress_size, i.CRC, i.header_offset, i.compress_type)
        """#

    /// The listing as a remote reader makes it: the file's last 64 KiB, the ZIP64 record if it is
    /// elsewhere, then the directory; `reads` counts the ranges read.
    static func listing(_ url: URL, reads: UnsafeMutablePointer<Int>? = nil) throws -> [ZipEntry] {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let size = Int64(try handle.seekToEnd())
        func read(_ range: Range<Int64>) throws -> [UInt8] {
            reads?.pointee += 1
            try handle.seek(toOffset: UInt64(range.lowerBound))
            return Array(try handle.read(upToCount: Int(range.count)) ?? Data())
        }
        let tail = try read(max(0, size - ZipCentralDirectory.tailLength)..<size)
        var end: ZipEnd
        switch try ZipCentralDirectory.end(tail: tail, fileSize: size) {
        case .found(let found): end = found
        case .zip64Record(let at): end = try ZipCentralDirectory.zip64End(try read(at..<at + 56), fileSize: size)
        }
        let directory = try read(end.directoryOffset..<end.directoryOffset + end.directorySize)
        return try ZipCentralDirectory.entries(directory, end: end, fileSize: size)
    }

    @Test func pythonsZipIsReadAsPythonReadsIt() async throws {
        let url = try TempFile.directory().appendingPathComponent("made.zip")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let expected = try await Self.python(Self.writer, url)
        let entries = try Self.listing(url)
        #expect(
            entries.map {
                "\($0.name) \($0.size) \($0.compressedSize) \($0.crc32) \($0.localHeaderOffset) \($0.method)"
            }
                == expected)
        #expect(entries.first?.isDirectory == true && entries.dropFirst().allSatisfy { !$0.isDirectory })
        #expect(entries.allSatisfy { $0.unsafeName == nil })
        #expect(entries[1].methodName == "deflated" && entries[2].methodName == "stored")
    }

    /// `--pack`'s own ZIPs, read as they were packed: folders, and a member past 4 GiB whose
    /// directory sits past 4 GiB too, found through ZIP64's locator and record (a sparse member:
    /// the archive is written with holes and its directory read from the end, as a remote reader
    /// does, in 2 reads).
    @Test func aPackedArchiveIsReadAsPackedThroughZip64() throws {
        let root = try TempFile.directory().appendingPathComponent("packed")
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        for folder in 0..<30 {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent("d\(folder)/e"), withIntermediateDirectories: true)
            try Data("\(folder)\n".utf8).write(to: root.appendingPathComponent("d\(folder)/e/f.txt"))
        }
        FileManager.default.createFile(atPath: root.appendingPathComponent("huge.bin").path, contents: nil)
        let handle = try FileHandle(forWritingTo: root.appendingPathComponent("huge.bin"))
        try handle.truncate(atOffset: (1 << 32) + 1000)
        try handle.close()
        let archive = try #require(PackArchiveTests.plan(root, .zip).first).archive
        let url = root.deletingLastPathComponent().appendingPathComponent("packed.zip")
        try ArchiveReaders.write(archive, to: url, holes: true)
        var reads = 0
        let entries = try Self.listing(url, reads: &reads)
        #expect(reads == 2, "the tail (end, locator and record) and the directory")
        #expect(entries.map(\.name) == archive.members.map(\.name))
        let huge = try #require(entries.first { $0.name == "packed/huge.bin" })
        #expect(huge.size == (1 << 32) + 1000 && huge.compressedSize == huge.size && huge.method == 0)
        #expect(entries.filter { !$0.isDirectory }.count == 31)
    }

    @Test func hostileDirectoriesAreRefusedInWords() async throws {
        let url = try TempFile.directory().appendingPathComponent("made.zip")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        _ = try await Self.python(Self.writer, url)
        let good = Array(try Data(contentsOf: url))
        func refusal(_ bytes: [UInt8]) -> String {
            let patched = url.deletingLastPathComponent().appendingPathComponent("patched.zip")
            try? Data(bytes).write(to: patched)
            do {
                _ = try Self.listing(patched)
                return ""
            } catch {
                return "\(error)"
            }
        }
        let eocd = good.count - 22 - "made for the test".utf8.count
        // A count of entries the directory cannot hold.
        var lying = good
        lying[eocd + 10] = 0xF0
        lying[eocd + 11] = 0xFF
        lying[eocd + 8] = 0xF0
        lying[eocd + 9] = 0xFF
        #expect(refusal(lying).contains("which cannot hold them"), "\(refusal(lying))")
        // A directory past the end of the file.
        var past = good
        past[eocd + 16] = 0xFF
        past[eocd + 17] = 0xFF
        past[eocd + 18] = 0xFF
        #expect(refusal(past).contains("runs past the end of the file"), "\(refusal(past))")
        // Two members at one offset (the second entry's header offset made the first's).
        var overlapping = good
        let entries = try Self.listing(url)
        let directory = Int(ZipCentralDirectory.read32(good, eocd + 16))
        var at = directory
        var starts: [Int] = []
        for _ in entries {
            starts.append(at)
            at +=
                46 + Int(ZipCentralDirectory.read16(good, at + 28)) + Int(ZipCentralDirectory.read16(good, at + 30))
                + Int(ZipCentralDirectory.read16(good, at + 32))
        }
        for byte in 0..<4 { overlapping[starts[2] + 42 + byte] = overlapping[starts[1] + 42 + byte] }
        #expect(refusal(overlapping).contains("overlap"), "\(refusal(overlapping))")
        // Not a ZIP at all.
        #expect(refusal(Array("just text".utf8)).contains("it is not a ZIP"))
        #expect(refusal([UInt8](repeating: 0, count: 100)).contains("no end of central directory record"))
    }

    @Test func namesThatCouldEscapeAreMarked() async throws {
        let url = try TempFile.directory().appendingPathComponent("evil.zip")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        _ = try await Self.python(
            #"""
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                for name in ["ok.txt", "../up.txt", "/etc/abs.txt", "win\\path.txt", "bell\x07.txt", "a/../../b.txt"]:
                    z.writestr(zipfile.ZipInfo(name), b"x")
            """#, url)
        let marked = try Self.listing(url).map { "\($0.name): \($0.unsafeName ?? "ok")" }
        #expect(
            marked == [
                "ok.txt: ok", "../up.txt: its name climbs out with ..", "/etc/abs.txt: its name is an absolute path",
                "win\\path.txt: its name contains a backslash",
                "bell\u{07}.txt: its name contains a control character",
                "a/../../b.txt: its name climbs out with ..",
            ], "\(marked)")
    }

    /// A combining mark after a slash makes one character with it: a `..` behind it is still a
    /// `..` (names are split at their `/` bytes), and a member written under such a name stays in
    /// the destination's own folders.
    @Test func aCombiningMarkAfterASlashHidesNothing() async throws {
        let url = try TempFile.directory().appendingPathComponent("marks.zip")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        _ = try await Self.python(
            #"""
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                z.writestr("..//\u0301x.txt".replace("//", "/"), b"x")
                z.writestr("a/\u0301b.txt", b"y")
            """#, url)
        let entries = try Self.listing(url)
        #expect(entries[0].unsafeName == "its name climbs out with ..", "\(entries[0])")
        #expect(entries[1].unsafeName == nil)
        let destination = url.deletingLastPathComponent().appendingPathComponent("out")
        let target = try ZenodoClient.memberTarget(entries[1].name, in: destination)
        #expect(target.deletingLastPathComponent().lastPathComponent == "a", "\(target.path)")
        #expect(
            FileSelection(includeJunk: true, ignoreFile: "*.txt").reasonLeftOut("a/\u{301}b.txt", isDirectory: false)
                != nil)
        #expect(
            FileSelection(includeJunk: true, ignoreFile: "/b").reasonLeftOut("a/\u{301}b", isDirectory: false) == nil)
    }
}

/// Sizes near 2⁶³ in a ZIP64 record or field are refused, never added into an overflow.
@Suite struct ZipDirectoryOverflowTests {
    @Test func hugeZip64ValuesAreRefusedNotOverflowed() {
        var record = [UInt8](repeating: 0, count: 56)
        for (index, byte) in [0x50, 0x4B, 0x06, 0x06].enumerated() { record[index] = UInt8(byte) }
        record[32] = 1  // one entry
        record[40] = 46  // a directory of 46 bytes
        for index in 48..<55 { record[index] = 0xFF }
        record[55] = 0x7F  // its offset: 2⁶³ - 1
        #expect(throws: ZipCentralDirectory.Failure.self) {
            _ = try ZipCentralDirectory.zip64End(record, fileSize: 1000)
        }
    }
}
