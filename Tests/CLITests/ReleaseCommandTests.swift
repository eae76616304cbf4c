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

extension ReleaseCommandTests {
    /// `release --pack zip --manifest sha256`: the version holds the archive and a SHA256SUMS of
    /// it (the archive packed once more to be hashed: the same bytes as were sent), which a
    /// download then verifies; run again, the manifest is identical and nothing is released.
    @Test func aPackedReleaseCarriesItsManifestAndIsReleasedOnce() async throws {
        try await Self.with { h, env, dir in
            let first = try await Self.published(h, files: ["a.csv": "1\n"])
            let tree = dir.appendingPathComponent("cores")
            try FileManager.default.createDirectory(
                at: tree.appendingPathComponent("raw"), withIntermediateDirectories: true)
            try Data("depth,age\n1,10\n".utf8).write(to: tree.appendingPathComponent("raw/core1.csv"))
            try Data(repeating: 3, count: 50_000).write(to: tree.appendingPathComponent("raw/core2.bin"))
            let arguments = [
                "release", tree.path, "--concept", String(first.id), "--pack", "zip", "--manifest", "sha256", "--yes",
            ]
            let released = try await Binary.run(arguments, environment: env)
            #expect(released.status == 0, "\(released.stdout)\(released.stderr)")
            let all = try await h.client.allDepositions(DepositionQuery(allVersions: true))
            let second = try #require(all.filter { $0.id != first.id }.first)
            let record = try await h.client.deposition(second.id)
            #expect(record.files.map(\.filename).sorted() == ["SHA256SUMS", "cores.zip"], "\(record.files)")

            let into = dir.appendingPathComponent("fetched")
            let download = try await Binary.run(["download", String(second.id), "--dest", into.path], environment: env)
            #expect(download.status == 0, "\(download.stderr)")
            let sha = try await Binary.runTool("/bin/sh", ["-c", "cd '\(into.path)' && sha256sum -c SHA256SUMS"])
            #expect(sha.status == 0 && sha.stdout.contains("cores.zip: OK"), "\(sha.stdout)\(sha.stderr)")
            let verified = try await Binary.run(["verify", into.path, String(second.id)], environment: env)
            #expect(verified.status == 0 && verified.stdout.contains("and its SHA256SUMS"), "\(verified.stdout)")

            let again = try await Binary.run(arguments, environment: env)
            #expect(again.status == 0 && again.stdout.contains("Nothing to release"), "\(again.stdout)\(again.stderr)")

            // A tree with folders, without --pack, is refused in words, not "nothing to release".
            let folders = try await Binary.run(["release", tree.path, "--concept", String(first.id)], environment: env)
            #expect(folders.status == 5 && folders.stderr.contains("Nothing was changed"), "\(folders.stderr)")
            // A directory with its own SHA256SUMS is not overwritten by one made here.
            let flat = dir.appendingPathComponent("flat")
            try FileManager.default.createDirectory(at: flat, withIntermediateDirectories: true)
            try Data("x\n".utf8).write(to: flat.appendingPathComponent("SHA256SUMS"))
            let clash = try await Binary.run(
                ["release", flat.path, "--concept", String(first.id), "--manifest", "sha256", "--dry-run"],
                environment: env)
            #expect(
                clash.status != 0 && clash.stderr.contains("already has a file called SHA256SUMS"), "\(clash.stderr)")
        }
    }
}
