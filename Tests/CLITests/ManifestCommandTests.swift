import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// Checksum manifests and `verify` (issue 33), the real binary against LocalZenodo: an upload
/// writes `SHA256SUMS` and sends it beside the files; a download writes `MD5SUMS` that coreutils'
/// `md5sum -c` accepts; `verify` compares a tree with the record and its manifest, and says what
/// is missing, different or extra (exit 9).
@Suite struct ManifestCommandTests {
    @Test func anUploadedManifestVerifiesADownloadAndCatchesEveryDifference() async throws {
        let state = try TempFile.directory()
        let work = try TempFile.directory()
        defer {
            try? FileManager.default.removeItem(at: state)
            try? FileManager.default.removeItem(at: work)
        }
        try await Harness.with { h in
            let env = h.commandEnvironment(state: state)
            var metadata = DepositionMetadata()
            metadata.title = "Manifested data"
            metadata.uploadType = "dataset"
            metadata.creators = [Person(name: "Doe, Jane")]
            let draft = try await h.client.createDeposition(metadata: metadata)
            let source = work.appendingPathComponent("source")
            try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
            try Data("alpha,beta\n1,2\n".utf8).write(to: source.appendingPathComponent("a.csv"))
            try Data(repeating: 7, count: 70_000).write(to: source.appendingPathComponent("b.bin"))
            // The manifest lands in the working directory: run there (through sh, for the cwd).
            let binary = Binary.url.path
            let upload = try await Binary.runTool(
                "/bin/sh",
                [
                    "-c",
                    "cd '\(work.path)' && env HOME='\(state.path)' XDG_STATE_HOME='\(state.path)' ZENODO_SERVER='\(h.server.apiURL)' ZENODO_TOKEN='\(Harness.token)' ZENODO_TUI_NO_AGENT=1 '\(binary)' upload \(draft.id) source --manifest sha256 --upload-manifest",
                ])
            #expect(upload.status == 0, "\(upload.stderr)")
            let written = try String(contentsOf: work.appendingPathComponent("SHA256SUMS"), encoding: .utf8)
            #expect(written.contains("  a.csv\n") && written.contains("  b.bin\n"), "\(written)")
            let record = try await h.client.publish(draft.id)
            #expect(record.files.map(\.filename).sorted() == ["SHA256SUMS", "a.csv", "b.bin"])

            let into = work.appendingPathComponent("fetched")
            let download = try await Binary.run(
                ["download", String(record.id), "--dest", into.path, "--manifest", "sha256"], environment: env)
            #expect(download.status == 0 && download.stderr.contains("has its own"), "\(download.stderr)")
            let sha = try await Binary.runTool("/bin/sh", ["-c", "cd '\(into.path)' && sha256sum -c SHA256SUMS"])
            #expect(sha.status == 0, "coreutils accepts it: \(sha.stdout)\(sha.stderr)")

            let clean = try await Binary.run(["verify", into.path, String(record.id)], environment: env)
            #expect(clean.status == 0 && clean.stdout.contains("ok        b.bin (SHA-256)"), "\(clean.stdout)")
            #expect(clean.stdout.contains("matches record \(record.id) and its SHA256SUMS"))

            // The same size, one byte changed; a file gone; one that is not the record's.
            var bytes = try Data(contentsOf: into.appendingPathComponent("b.bin"))
            bytes[100] = 8
            try bytes.write(to: into.appendingPathComponent("b.bin"))
            try FileManager.default.removeItem(at: into.appendingPathComponent("a.csv"))
            try Data("x".utf8).write(to: into.appendingPathComponent("notes.txt"))
            let dirty = try await Binary.run(["verify", into.path, String(record.id), "--json"], environment: env)
            #expect(dirty.status == 9)
            let answer = try JSONValue.decode(Data(dirty.stdout.utf8))
            let states = Dictionary(
                (answer["files"]?.array ?? []).map { ($0["path"]?.string ?? "", $0["state"]?.string ?? "") },
                uniquingKeysWith: { first, _ in first == "ok" ? first : first })
            #expect(states["a.csv"] == "missing" && states["b.bin"] == "differs" && states["notes.txt"] == "extra")
        }
    }

    @Test func aDownloadsMD5ManifestIsTheServersChecksumsAndCoreutilsAgrees() async throws {
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        try await Harness.with(configure: { $0.seedDemo = true }) { h in
            let env = h.commandEnvironment(state: state)
            let found = try await h.client.searchRecords(query: "glacier")
            let record = try #require(found.records.first { !$0.files.isEmpty && $0.accessRight == "open" })
            let into = state.appendingPathComponent("got")
            let download = try await Binary.run(
                ["download", String(record.id), "--dest", into.path, "--manifest", "md5"], environment: env)
            #expect(download.status == 0, "\(download.stderr)")
            let text = try String(contentsOf: into.appendingPathComponent("MD5SUMS"), encoding: .utf8)
            for file in record.files { #expect(text.contains("\(file.md5 ?? "?")  \(file.key)\n")) }
            let check = try await Binary.runTool("/bin/sh", ["-c", "cd '\(into.path)' && md5sum -c MD5SUMS"])
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        }
    }
}

extension ManifestCommandTests {
    /// `sync --manifest sha256 --delete`: the draft keeps a SHA256SUMS of the directory, sent when
    /// the directory changes, identical (not sent, not deleted) when it does not; the directory
    /// itself gets no file.
    @Test func aSyncedDraftKeepsItsManifestUpToDate() async throws {
        let state = try TempFile.directory()
        let data = try TempFile.directory()
        defer {
            try? FileManager.default.removeItem(at: state)
            try? FileManager.default.removeItem(at: data)
        }
        try await Harness.with { h in
            let env = h.commandEnvironment(state: state)
            let draft = try await h.client.createDeposition()
            try Data("one\n".utf8).write(to: data.appendingPathComponent("a.txt"))
            let arguments = ["sync", data.path, String(draft.id), "--delete", "--manifest", "sha256"]
            let first = try await Binary.run(arguments, environment: env)
            #expect(
                first.status == 0 && first.stdout.contains("new       SHA256SUMS"), "\(first.stdout)\(first.stderr)")
            func manifest() async throws -> String {
                let files = try await h.client.files(of: draft.id)
                let file = try #require(files.first { $0.filename == "SHA256SUMS" })
                return String(decoding: try await h.client.smallFile(try #require(file.downloadURL)), as: UTF8.self)
            }
            #expect(try await manifest().hasSuffix("  a.txt\n"))
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: data.path) == ["a.txt"],
                "the directory is untouched")

            let same = try await Binary.run(arguments, environment: env)
            #expect(same.stdout.contains("identical SHA256SUMS") && !same.stdout.contains("deleted"), "\(same.stdout)")

            try Data("two\n".utf8).write(to: data.appendingPathComponent("b.txt"))
            let changed = try await Binary.run(arguments, environment: env)
            #expect(changed.stdout.contains("changed   SHA256SUMS"), "\(changed.stdout)")
            let text = try await manifest()
            #expect(text.contains("  a.txt\n") && text.contains("  b.txt\n"), "\(text)")
        }
    }
}
