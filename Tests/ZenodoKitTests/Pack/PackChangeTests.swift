import Foundation
import NIOCore
import TestScratch
import TestSupport
import Testing

@testable import ZenodoKit

/// A member that is not as planned when it is read fails the read in words, naming it: gone,
/// shrunk, modified in place, or with bytes that differ from an earlier read of it (issue 30).
@Suite struct PackChangeTests {
    static func archive(_ format: PackFormat = .zip) throws -> (URL, PackedArchive) {
        let root = try TempFile.directory().appendingPathComponent("t")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data(repeating: 7, count: 100_000).write(to: root.appendingPathComponent("a.bin"))
        try Data(repeating: 9, count: 50_000).write(to: root.appendingPathComponent("b.bin"))
        let archive = try #require(PackArchiveTests.plan(root, format).first).archive
        return (root, archive)
    }

    static func readAll(_ archive: PackedArchive) throws {
        _ = try PackArchiveTests.bytes(archive, chunk: 1 << 16)
    }

    static func failure(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch {
            return (error as? ZenodoError)?.message ?? "\(error)"
        }
    }

    @Test func aMemberThatIsGoneIsNamed() throws {
        let (root, archive) = try Self.archive()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: root.appendingPathComponent("b.bin"))
        let said = Self.failure { try Self.readAll(archive) }
        #expect(said.contains("t/b.bin changed while t.zip was being packed (it is gone)"), "\(said)")
        #expect(archive.changedMembers().contains("t/b.bin is gone"))
    }

    @Test func aMemberThatShrankIsNamed() throws {
        let (root, archive) = try Self.archive(.tar)
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        try FileHandle(forWritingTo: root.appendingPathComponent("a.bin")).truncate(atOffset: 10)
        let said = Self.failure { try Self.readAll(archive) }
        #expect(said.contains("t/a.bin changed") && said.contains("shrank from 100000 to 10 bytes"), "\(said)")
    }

    @Test func aMemberModifiedInPlaceIsNamed() throws {
        let (root, archive) = try Self.archive()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let path = root.appendingPathComponent("a.bin").path
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: path)
        let said = Self.failure { try Self.readAll(archive) }
        #expect(said.contains("t/a.bin changed") && said.contains("it was modified"), "\(said)")
        #expect(archive.change(since: try archive.identity()).contains("t/a.bin was modified"))
    }

    /// Bytes changed behind an unchanged size and time (a tool that restores the time): a second
    /// read of the member, whose CRC-32 differs from the first's, fails.
    @Test func bytesThatDifferFromAnEarlierReadAreNamed() throws {
        let (root, archive) = try Self.archive()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        try Self.readAll(archive)
        let path = root.appendingPathComponent("b.bin").path
        try Data(repeating: 1, count: 50_000).write(to: URL(fileURLWithPath: path))
        var times = [timespec](repeating: timespec(), count: 2)
        let member = try #require(archive.members.first { $0.name == "t/b.bin" })
        times[0] = timespec(tv_sec: Int(member.seconds), tv_nsec: Int(member.nanoseconds))
        times[1] = times[0]
        #expect(utimensat(AT_FDCWD, path, times, 0) == 0)
        let said = Self.failure { try Self.readAll(archive) }
        #expect(said.contains("t/b.bin changed") && said.contains("its bytes differ from an earlier read"), "\(said)")
    }
}
