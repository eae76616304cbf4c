import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// A ZIP in a record listed without fetching it (issue 31): its end and central directory read
/// with range requests from LocalZenodo (counted in its access log, with the bytes each answer
/// carried), through the client and through `download --list-members`.
@Suite struct ArchiveListingTests {
    /// A published record holding `name`: a ZIP of 10,000 small files in 100 folders (packed by
    /// `--pack`'s own writer), made on tmpfs where there is one.
    static func record(_ h: Harness, name: String) async throws -> (id: Int, archive: PackedArchive) {
        let base = try PackLimitsScratch.make()
        defer { try? FileManager.default.removeItem(at: base) }
        let root = base.appendingPathComponent("survey")
        for folder in 0..<100 {
            let directory = root.appendingPathComponent(String(format: "run%03d", folder))
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for index in 0..<100 {
                try Data("\(folder),\(index)\n".utf8).write(to: directory.appendingPathComponent("f\(index).csv"))
            }
        }
        let planned = PackPlanner.plan(root: root.path, PackRequest(format: .zip), filters: FileScanner.Filters())
        let archive = planned.archives[0].archive
        var metadata = DepositionMetadata()
        metadata.title = "A survey, packed"
        metadata.uploadType = "dataset"
        metadata.creators = [Person(name: "Doe, Jane")]
        let draft = try await h.client.createDeposition(metadata: metadata)
        _ = try await h.client.upload(file: archive, key: name, bucketURL: draft.bucketURL!)
        let published = try await h.client.publish(draft.id)
        return (published.id, archive)
    }

    @Test func aTenThousandEntryZipIsListedInThreeRequestsAndUnderTwoMegabytes() async throws {
        try await Harness.with { h in
            let (id, archive) = try await Self.record(h, name: "survey.zip")
            let record = try await h.client.record(id)
            let file = try #require(record.files.first)
            let url = try #require(file.contentURL)
            let before = h.server.accessLog.all().count
            let listing = try await h.client.zipListing(url, size: file.size)
            #expect(listing.entries.map(\.name) == archive.members.map(\.name))
            #expect(listing.entries.filter { !$0.isDirectory }.count == 10_000)
            #expect(listing.requests <= 3 && listing.bytesRead < 2_000_000, "\(listing.requests), \(listing.bytesRead)")
            // What LocalZenodo saw: range answers only, their bytes as counted by the client.
            let seen = h.server.accessLog.all().dropFirst(before)
            #expect(seen.count == listing.requests && seen.allSatisfy { $0.status == 206 }, "\(seen.map(\.line))")
            #expect(seen.reduce(0) { $0 + ($1.bytes ?? 0) } == Int(listing.bytesRead))
            #expect(seen.first?.line.hasSuffix("bytes=\(seen.first!.bytes!)") == true)

            // The same from the command line, as a table and as JSON.
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let table = try await Binary.run(
                ["download", String(id), "--list-members", "survey.zip"],
                environment: h.commandEnvironment(state: state))
            #expect(table.status == 0, "\(table.stderr)")
            #expect(table.stdout.hasPrefix("survey.zip: 10000 files, "), "\(table.stdout.prefix(200))")
            #expect(table.stdout.contains(" stored ") && table.stdout.contains("survey/run099/f99.csv"))
            #expect(table.stderr.contains("range requests"), "\(table.stderr)")
            let json = try await Binary.run(
                ["download", String(id), "--list-members", "survey.zip", "--json"],
                environment: h.commandEnvironment(state: state))
            let document = try JSONValue.decode(Data(json.stdout.utf8))
            #expect(document["entries"]?.array?.count == archive.members.count)
            #expect(document["entries"]?.array?.last?["name"]?.string == "survey/run099/f99.csv")
            #expect((document["requests"]?.int ?? 9) <= 3)
            let missing = try await Binary.run(
                ["download", String(id), "--list-members", "other.zip"], environment: h.commandEnvironment(state: state)
            )
            #expect(missing.status == 4 && missing.stderr.contains("the record has no file other.zip"))
        }
    }

    /// A server that answers the whole file to a range request (Zenodo's application does) is
    /// said in words, not read whole.
    @Test func aServerThatIgnoresRangesIsSaidInWords() async throws {
        try await Harness.with(configure: { $0.ignoresRanges = true }) { h in
            let (id, _) = try await Self.record(h, name: "survey.zip")
            let file = try #require(try await h.client.record(id).files.first)
            do {
                _ = try await h.client.zipListing(file.contentURL!, size: file.size)
                Issue.record("listed through a server that ignores ranges")
            } catch let error as ZenodoError {
                #expect(error.message.contains("does not serve ranges"), "\(error.message)")
            }
        }
    }
}

/// Scratch on tmpfs where there is one (10,000 files on this disk take seconds to make).
enum PackLimitsScratch {
    static func make() throws -> URL {
        if access("/dev/shm", W_OK) == 0 {
            let url = URL(fileURLWithPath: "/dev/shm/zenodo-tui-tests-\(getpid())-\(UUID().uuidString)")
            if (try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)) != nil {
                return url
            }
        }
        return try TempFile.directory()
    }
}
