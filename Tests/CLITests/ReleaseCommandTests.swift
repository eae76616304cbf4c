import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// `release DIR --concept ID` (issue 33), the real binary against LocalZenodo: the directory
/// becomes the next version (a changed file sent again, a new one added, a gone one deleted, the
/// version counted on, published); run again it does nothing; an open draft of the concept is
/// gone on with, not doubled.
@Suite struct ReleaseCommandTests {
    static func published(_ h: Harness, files: [String: String]) async throws -> Deposition {
        var metadata = DepositionMetadata()
        metadata.title = "Released data"
        metadata.uploadType = "dataset"
        metadata.creators = [Person(name: "Doe, Jane")]
        metadata.raw["version"] = "1.0"
        let draft = try await h.client.createDeposition(metadata: metadata)
        for (name, text) in files {
            let file = try TempFile.make(name: name, content: Data(text.utf8))
            defer { TempFile.remove(file) }
            _ = try await h.client.upload(file: file, bucketURL: draft.bucketURL!)
        }
        return try await h.client.publish(draft.id)
    }

    /// LocalZenodo, the binary's environment, and a directory to release; both directories go after.
    static func with(_ body: (Harness, [String: String], URL) async throws -> Void) async throws {
        let state = try TempFile.directory()
        let dir = try TempFile.directory()
        defer {
            try? FileManager.default.removeItem(at: state)
            try? FileManager.default.removeItem(at: dir)
        }
        try await Harness.with { h in try await body(h, h.commandEnvironment(state: state), dir) }
    }

    @Test func aDirectoryBecomesTheNextVersionOnceAndOnlyOnce() async throws {
        try await Self.with { h, env, dir in
            let first = try await Self.published(h, files: ["a.csv": "1\n", "old.txt": "gone soon\n"])
            try Data("1\n2\n".utf8).write(to: dir.appendingPathComponent("a.csv"))
            try Data("new\n".utf8).write(to: dir.appendingPathComponent("b.csv"))

            let dry = try await Binary.run(
                ["release", dir.path, "--concept", String(first.id), "--dry-run"], environment: env)
            #expect(
                dry.status == 0 && dry.stdout.contains("changed   a.csv") && dry.stdout.contains("delete    old.txt"),
                "\(dry.stdout)\(dry.stderr)")
            #expect(
                try await h.client.allDepositions(DepositionQuery(allVersions: true)).count == 1,
                "a dry run makes nothing")

            let released = try await Binary.run(
                ["release", dir.path, "--concept", String(first.id), "--yes"], environment: env)
            #expect(released.status == 0, "\(released.stderr)")
            #expect(released.stdout.contains("Released version 1.1 as record"), "\(released.stdout)")
            let all = try await h.client.allDepositions(DepositionQuery(allVersions: true))
            let second = try #require(all.filter { $0.id != first.id }.first)
            let record = try await h.client.deposition(second.id)
            #expect(record.state == .done && record.metadata.version == "1.1")
            #expect(record.files.map(\.filename).sorted() == ["a.csv", "b.csv"])
            #expect(record.files.first { $0.filename == "a.csv" }?.size == 4)

            let again = try await Binary.run(
                ["release", dir.path, "--concept", String(first.id), "--yes"], environment: env)
            #expect(again.status == 0 && again.stdout.contains("Nothing to release"), "\(again.stdout)\(again.stderr)")
            #expect(try await h.client.allDepositions(DepositionQuery(allVersions: true)).count == 2)
        }
    }

    @Test func anOpenDraftOfTheConceptIsGoneOnWith() async throws {
        try await Self.with { h, env, dir in
            let first = try await Self.published(h, files: ["a.csv": "1\n"])
            let open = try await h.client.newVersion(of: first.id)
            try Data("1\n".utf8).write(to: dir.appendingPathComponent("a.csv"))
            try Data("more\n".utf8).write(to: dir.appendingPathComponent("c.csv"))
            let released = try await Binary.run(
                ["release", dir.path, "--concept", String(first.id), "--version", "2026.12", "--yes"], environment: env)
            #expect(
                released.status == 0 && released.stderr.contains("Going on with the open draft \(open.id)"),
                "\(released.stderr)")
            let record = try await h.client.deposition(open.id)
            #expect(record.state == .done && record.metadata.version == "2026.12")
            #expect(try await h.client.allDepositions(DepositionQuery(allVersions: true)).count == 2, "no second draft")
        }
    }
}
