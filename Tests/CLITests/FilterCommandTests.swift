import Foundation
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// `upload` and `sync` leave the junk out, read the tree's `.zenodoignore`, and take
/// `--exclude`, `--exclude-from`, `--include` and `--include-junk` (issue 30), through the real
/// binary against LocalZenodo.
@Suite struct FilterCommandTests {
    static func tree() throws -> URL {
        let root = try TempFile.directory()
        for file in [
            "data/a.csv", "data/.DS_Store", "notes.txt", ".notes.txt.swp", "run.log", ".git/config", "keep.tmp",
            "drop.tmp",
        ] {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((file + "\n").utf8).write(to: url)
        }
        try Data("*.log\n".utf8).write(to: root.appendingPathComponent(".zenodoignore"))
        return root
    }

    @Test func uploadSendsTheDataAndNamesWhatItLeftOut() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            let root = try Self.tree()
            defer {
                try? FileManager.default.removeItem(at: root)
                try? FileManager.default.removeItem(at: state)
            }
            let draft = try await h.client.createDeposition()
            let result = try await Binary.run(
                ["upload", String(draft.id), root.path, "--flatten", "--exclude", "*.tmp", "--include", "keep.tmp"],
                environment: h.commandEnvironment(state: state))
            #expect(result.status == 0, "\(result.stderr)")
            let keys = try await h.client.files(of: draft.id).map(\.filename).sorted()
            #expect(keys == ["data__a.csv", "keep.tmp", "notes.txt"])
            #expect(
                result.stderr.contains("Left out 5 files and 1 directory: "), "\(result.stderr)")
            for reason in ["junk (.DS_Store)", "junk (.git/)", ".zenodoignore line 1: *.log", "--exclude: *.tmp"] {
                #expect(result.stderr.contains(reason), "\(reason) in \(result.stderr)")
            }

            // --include-junk and --exclude-from: the junk goes, the file's patterns leave out more.
            let patterns = state.appendingPathComponent("filter-patterns.txt")
            try Data("data/\n".utf8).write(to: patterns)
            #expect(FileManager.default.fileExists(atPath: patterns.path))
            let second = try await h.client.createDeposition()
            let junk = try await Binary.run(
                [
                    "upload", String(second.id), root.path, "--flatten", "--include-junk", "--exclude-from",
                    patterns.path,
                ],
                environment: h.commandEnvironment(state: state))
            #expect(junk.status == 0, "\(junk.stdout) \(junk.stderr)")
            let junkKeys = try await h.client.files(of: second.id).map(\.filename).sorted()
            #expect(
                junkKeys == [".git__config", ".notes.txt.swp", ".zenodoignore", "drop.tmp", "keep.tmp", "notes.txt"])

            // An exclude file that cannot be read is a usage error, before anything is sent.
            let missing = try await Binary.run(
                ["upload", String(second.id), root.path, "--exclude-from", "/nonexistent/patterns"],
                environment: h.commandEnvironment(state: state))
            #expect(
                missing.status == 2 && missing.stderr.contains("--exclude-from /nonexistent/patterns: cannot be read"))
        }
    }

    /// As rsync does: `sync --delete` does not delete from the deposition what the filters leave
    /// out here (uploaded on purpose once, it stays).
    @Test func syncDeleteKeepsWhatTheFiltersLeaveOut() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            let root = try Self.tree()
            defer {
                try? FileManager.default.removeItem(at: root)
                try? FileManager.default.removeItem(at: state)
            }
            let draft = try await h.client.createDeposition()
            // run.log went up once, by hand.
            let bucket = try #require(draft.bucketURL)
            _ = try await h.client.upload(file: root.appendingPathComponent("run.log"), bucketURL: bucket)
            let result = try await Binary.run(
                ["sync", root.path, String(draft.id), "--flatten", "--delete"],
                environment: h.commandEnvironment(state: state))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let keys = try await h.client.files(of: draft.id).map(\.filename).sorted()
            #expect(keys.contains("run.log"), "left out here, kept there: \(keys)")
            #expect(!keys.contains(".DS_Store") && keys.contains("data__a.csv"))
        }
    }
}
