import Foundation
import TestScratch
import TestSupport
import Testing

@testable import ZenodoKit

/// Where ZIP and tar run out of fields (issue 30): more than 65,535 entries and a member of 4 GiB
/// or more (ZIP64), a member of 8 GiB or more (tar's pax size), read back by Python, bsdtar and
/// unzip. The big members are sparse files: their zeros cost no disk.
@Suite(.serialized) struct PackLimitsTests {
    @Test func moreThan65535EntriesGoThroughZip64() async throws {
        // Empty files in memory where there is a tmpfs: 66,000 creations on this disk take 15 s.
        let base = try TestScratch.memoryDirectory("many")
        defer { try? FileManager.default.removeItem(at: base) }
        let root = base.appendingPathComponent("many")
        try await offThePool {
            for folder in 0..<66 {
                let dir = root.appendingPathComponent(String(format: "d%02d", folder))
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                for index in 0..<1000 {
                    let fd = open(dir.appendingPathComponent("f\(index)").path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o644)
                    close(fd)
                }
            }
        }
        let archive = try #require(PackArchiveTests.plan(root, .zip).first).archive
        #expect(archive.members.count == 66_067)
        #expect(ZipFormat.needsZip64End(count: archive.members.count, directoryOffset: 0, directorySize: 0))
        let out = base.appendingPathComponent("many.zip")
        try await offThePool { try ArchiveReaders.write(archive, to: out, chunk: 1 << 20) }
        let python = try await ArchiveReaders.pythonList(.zip, out, test: false)
        #expect(python.status == 0 && python.text.split(separator: "\n").count == 66_067, "\(python.text.suffix(300))")
        #expect(python.text.contains("0 many/d65/f999\n"))
        let unzip = try await Tool.run("/usr/bin/unzip", ["-tq", out.path])
        #expect(unzip.status == 0, "\(unzip.text.prefix(500))")
        let bsdtar = try await Tool.run("/usr/bin/bsdtar", ["-tf", out.path])
        #expect(bsdtar.status == 0 && bsdtar.text.split(separator: "\n").count == 66_067, "\(bsdtar.text.suffix(300))")
    }

    /// A member over 4 GiB: ZIP64 sizes in the local header, descriptor and directory, and the
    /// member after it at an offset past 4 GiB; its CRC (of 4.1 GiB of zeros) checked by Python's
    /// `testzip()`, listed by `unzip` and bsdtar.
    @Test func aMemberOver4GiBGoesThroughZip64() async throws {
        let base = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: base) }
        let root = base.appendingPathComponent("big")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let size: Int64 = (1 << 32) + 5_000_000
        try Self.sparse(root.appendingPathComponent("huge.bin"), size: size)
        try Data("small\n".utf8).write(to: root.appendingPathComponent("small.txt"))
        let archive = try #require(PackArchiveTests.plan(root, .zip).first).archive
        let out = base.appendingPathComponent("big.zip")
        try await offThePool { try ArchiveReaders.write(archive, to: out, holes: true) }
        let python = try await ArchiveReaders.pythonList(.zip, out, test: true)
        #expect(python.status == 0, "\(python.text)")
        #expect(
            python.text.contains("\(size) big/huge.bin") && python.text.contains("6 big/small.txt"), "\(python.text)")
        // (`unzip -t` checks the CRC too, but takes 18 s over 4 GiB here; Python's takes 2.)
        let unzip = try await Tool.run("/usr/bin/unzip", ["-lv", out.path])
        #expect(unzip.status == 0 && unzip.text.contains(String(size)), "\(unzip.text)")
        let bsdtar = try await Tool.run("/usr/bin/bsdtar", ["-tvf", out.path])
        #expect(bsdtar.status == 0 && bsdtar.text.contains(String(size)), "\(bsdtar.text)")
    }

    /// A member of 8 GiB or more does not fit ustar's size field: a pax `size` record says it.
    @Test func aMemberOver8GiBHasAPaxSize() async throws {
        let base = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: base) }
        let root = base.appendingPathComponent("big")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let size: Int64 = (8 << 30) + 1_000
        try Self.sparse(root.appendingPathComponent("huge.bin"), size: size)
        try Data("small\n".utf8).write(to: root.appendingPathComponent("small.txt"))
        let archive = try #require(PackArchiveTests.plan(root, .tar).first).archive
        let out = base.appendingPathComponent("big.tar")
        try await offThePool { try ArchiveReaders.write(archive, to: out, holes: true) }
        let python = try await ArchiveReaders.pythonList(.tar, out, test: false)
        #expect(python.status == 0, "\(python.text)")
        #expect(
            python.text.contains("\(size) big/huge.bin") && python.text.contains("6 big/small.txt"), "\(python.text)")
        let bsdtar = try await Tool.run("/usr/bin/bsdtar", ["-tvf", out.path])
        #expect(bsdtar.status == 0 && bsdtar.text.contains(String(size)), "\(bsdtar.text)")
    }

    static func sparse(_ url: URL, size: Int64) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
    }
}
