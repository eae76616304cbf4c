import Foundation
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// `upload --pack` and `sync --pack` through the real binary against LocalZenodo (issue 30):
/// pre-flight explains what --pack would send instead of refusing a tree with folders; a packed
/// tree is sent as one verified archive (or one per folder); an unchanged tree packs to the same
/// bytes, so sync finds it identical.
@Suite struct PackCommandTests {
    static func tree() throws -> URL {
        let root = try TempFile.directory().appendingPathComponent("survey")
        for (name, size) in [("raw/2024/a.bin", 40_000), ("raw/b.txt", 10), ("code/run.py", 300), ("README.md", 50)] {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(repeating: UInt8(size & 0xFF), count: size).write(to: url)
        }
        try Data().write(to: root.appendingPathComponent("raw/.DS_Store"))
        return root
    }

    @Test func preflightExplainsThePackAndThePackedTreeGoesAsOneArchive() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            let root = try Self.tree()
            defer {
                try? FileManager.default.removeItem(at: root.deletingLastPathComponent())
                try? FileManager.default.removeItem(at: state)
            }
            let environment = h.commandEnvironment(state: state)
            let draft = try await h.client.createDeposition()
            let refused = try await Binary.run(["upload", String(draft.id), root.path], environment: environment)
            #expect(refused.status == 5)
            #expect(refused.stderr.contains("3 of its 4 files"), "\(refused.stderr)")
            #expect(refused.stderr.contains("archive, survey.zip, of all 4 files"), "\(refused.stderr)")
            #expect(
                refused.stderr.contains("--pack-per-dir sends 2 archives (code.zip")
                    && refused.stderr.contains("and the 1 file at the top as it is"), "\(refused.stderr)")

            let packed = try await Binary.run(
                ["upload", String(draft.id), root.path, "--pack", "zip"], environment: environment)
            #expect(packed.status == 0, "\(packed.stderr)")
            #expect(packed.stderr.contains("junk (.DS_Store)"), "the junk is left out of the archive too")
            let files = try await h.client.files(of: draft.id)
            #expect(files.map(\.filename) == ["survey.zip"])
            let planned = PackPlanner.plan(root: root.path, PackRequest(format: .zip), filters: FileScanner.Filters())
            #expect(files.first?.md5 == (try LocalDigest.md5(of: planned.archives[0].archive)))

            // Unchanged, the tree packs to the same bytes: sync finds the archive identical.
            let sync = try await Binary.run(
                ["sync", root.path, String(draft.id), "--pack", "zip"], environment: environment)
            #expect(sync.status == 0 && sync.stdout.contains("identical survey.zip"), "\(sync.stdout) \(sync.stderr)")

            // One per folder, tar: code.tar, raw.tar and README.md as it is.
            let second = try await h.client.createDeposition()
            let perDir = try await Binary.run(
                ["upload", String(second.id), root.path, "--pack", "tar", "--pack-per-dir"], environment: environment)
            #expect(perDir.status == 0, "\(perDir.stderr)")
            #expect(
                try await h.client.files(of: second.id).map(\.filename).sorted() == [
                    "README.md", "code.tar", "raw.tar",
                ])

            let usage = try await Binary.run(
                ["upload", String(second.id), root.path, "--pack-per-dir"], environment: environment)
            #expect(usage.status == 2 && usage.stderr.contains("--pack-per-dir goes with --pack"), "\(usage.stderr)")
        }
    }
}

/// `upload --request-quota` through the real binary (issue 30): pre-flight says by how much a
/// batch is over the record's quota and what the increase would be; with the flag the quota is
/// raised through LocalZenodo's self-service route and the files go. The default quota is made
/// 1 MB on both sides (`serve --quota`, `ZENODO_TUI_RECORD_QUOTA`) so that 3 MB exceed it.
@Suite struct QuotaCommandTests {
    @Test func preflightOffersTheIncreaseAndRequestQuotaTakesIt() async throws {
        try await Harness.with(configure: { $0.limits.quota = 1_000_000 }) { h in
            let state = try TempFile.directory()
            let data = try TempFile.directory()
            defer {
                try? FileManager.default.removeItem(at: state)
                try? FileManager.default.removeItem(at: data)
            }
            try Data(repeating: 1, count: 1_500_000).write(to: data.appendingPathComponent("a.bin"))
            try Data(repeating: 2, count: 1_500_000).write(to: data.appendingPathComponent("b.bin"))
            var environment = h.commandEnvironment(state: state)
            environment["ZENODO_TUI_RECORD_QUOTA"] = "1000000"
            let draft = try await h.client.createDeposition()
            let refused = try await Binary.run(["upload", String(draft.id), data.path], environment: environment)
            #expect(refused.status == 5)
            #expect(
                refused.stderr.contains(
                    "the deposition would hold 3 MB, 2 MB more than its quota of 1 MB: --request-quota raises this record's quota to 1 GB"
                ), "\(refused.stderr)")
            let raised = try await Binary.run(
                ["upload", String(draft.id), data.path, "--request-quota"], environment: environment)
            #expect(raised.status == 0, "\(raised.stderr)")
            #expect(raised.stderr.contains("Raised deposition \(draft.id)'s quota to 1 GB"), "\(raised.stderr)")
            #expect(try await h.client.files(of: draft.id).count == 2)
        }
    }
}
