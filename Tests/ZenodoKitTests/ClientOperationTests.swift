import Foundation
import TestSupport
import Testing
import ZenodoKit

/// Every client operation over real HTTP against LocalZenodo.
@Suite struct ClientOperationTests {
    @Test func createUpdateListShowDelete() async throws {
        try await Harness.with { h in
            let draft = try await h.client.createDeposition()
            #expect(draft.state == .unsubmitted)
            #expect(draft.metadata.prereservedDOI == "10.5281/zenodo.\(draft.id)")
            var metadata = draft.metadata
            metadata.title = "Glacier mass balance"
            metadata.uploadType = "dataset"
            metadata.creators = [Person(name: "Müller, Anna", affiliation: "ETH Zürich", orcid: "0000-0002-1825-0097")]
            metadata.keywords = ["ice"]
            let updated = try await h.client.updateMetadata(draft.id, metadata)
            #expect(updated.title == "Glacier mass balance")
            #expect(updated.metadata.creators.first?.affiliation == "ETH Zürich")
            let listed = try await h.client.allDepositions()
            #expect(listed.map(\.id) == [draft.id])
            let fetched = try await h.client.deposition(draft.id)
            #expect(fetched.bucketURL != nil)
            try await h.client.deleteDraft(draft.id)
            await #expect(throws: ZenodoError.self) { _ = try await h.client.deposition(draft.id) }
        }
    }

    @Test func pagesThroughEveryDepositionHundredAtATime() async throws {
        try await Harness.with { h in
            for _ in 0..<250 { _ = try await h.client.createDeposition() }
            var pages: [Int] = []
            for try await page in h.client.depositionPages() { pages.append(page.count) }
            #expect(pages == [100, 100, 50])
            let ids = try await h.client.allDepositions().map(\.id)
            #expect(Set(ids).count == 250)
            #expect(h.requests(matching: "GET /api/deposit/depositions?").allSatisfy { $0.contains("size=100") })
        }
    }

    @Test func metadataRoundTripKeepsEveryFieldTheModelDoesNotKnow() async throws {
        try await Harness.with { h in
            var metadata = DepositionMetadata()
            metadata.raw = [
                "title": "Round trip", "upload_type": "publication", "publication_type": "article",
                "journal_title": "Journal of Glaciology", "journal_volume": "12", "conference_acronym": "EGU",
                "custom": ["code:codeRepository": "https://example.org/repo"],
                "locations": [["place": "Geneva", "lat": 46.2, "lon": 6.1]],
                "dates": [["start": "2020-01-01", "end": "2020-03-31", "type": "Collected"]],
                "subjects": [["term": "Glaciers", "identifier": "http://id.loc.gov/x", "scheme": "url"]],
                "grants": [["id": "10.13039/501100000780::654039"]], "references": ["Doe 2020"],
                "related_identifiers": [["identifier": "10.1234/abc", "relation": "cites"]],
                "imprint_isbn": "978-3-16-148410-0", "thesis_university": "ETH", "notes": "<p>n</p>",
                "method": "<p>m</p>",
            ]
            let created = try await h.client.createDeposition(metadata: metadata)
            let before = try await h.client.deposition(created.id).metadata
            var edited = before
            edited.title = "Round trip, edited"
            let after = try await h.client.updateMetadata(created.id, edited).metadata
            var expected = before.raw
            expected["title"] = "Round trip, edited"
            #expect(after.raw == expected)
            #expect(after.raw["journal_title"] == "Journal of Glaciology")
            #expect(after.raw["custom"]?["code:codeRepository"] == "https://example.org/repo")
        }
    }

    @Test func uploadStreamsAndVerifiesThenFilesAndDeleteFile() async throws {
        try await Harness.with { h in
            let draft = try await h.client.deposition(try await h.client.createDeposition().id)
            var content = Data(count: 3 * 1024 * 1024 + 5)
            for i in stride(from: 0, to: content.count, by: 997) { content[i] = UInt8(i % 256) }
            let file = try TempFile.make(name: "Données été.bin", content: content)
            let progress = ProgressLog()
            let uploaded = try await h.client.upload(
                file: file, bucketURL: draft.bucketURL!, progress: { progress.add($0) })
            #expect(uploaded.md5 == md5Hex(content))
            #expect(uploaded.key == "Données été.bin")
            #expect(progress.values.last == Int64(content.count))
            #expect(progress.values == progress.values.sorted())
            let files = try await h.client.files(of: draft.id)
            #expect(files.map(\.filename) == ["Données été.bin"])
            #expect(files.first?.md5 == uploaded.md5)
            try await h.client.deleteFile(files[0].id, of: draft.id)
            #expect(try await h.client.files(of: draft.id).isEmpty)
        }
    }

    @Test func aWrongChecksumFromTheServerIsAnIntegrityError() async throws {
        try await Harness.with { h in
            let draft = try await h.client.deposition(try await h.client.createDeposition().id)
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","action":"wrong_checksum"}"#)
            let file = try TempFile.make(name: "a.txt", content: Data("abc".utf8))
            let error = await #expect(throws: ZenodoError.self) {
                _ = try await h.client.upload(file: file, bucketURL: draft.bucketURL!)
            }
            #expect(error?.kind == .integrity)
            #expect(error?.message.contains("checksum mismatch for a.txt") == true)
        }
    }

    @Test func publishEditDiscardAndTheGuardOnNeverPublishedDrafts() async throws {
        try await Harness.with { h in
            let record = try await h.published()
            #expect(record.state == .done)
            #expect(record.doi == "10.5281/zenodo.\(record.id)")
            let editing = try await h.client.edit(record.id)
            #expect(editing.state == .inprogress)
            try await h.client.discard(record.id)
            #expect(try await h.client.deposition(record.id).state == .done)

            let draft = try await h.client.createDeposition()
            let refused = await #expect(throws: ZenodoError.self) { try await h.client.discard(draft.id) }
            #expect(refused?.kind == .refused)
            #expect(try await h.client.deposition(draft.id).state == .unsubmitted, "nothing was sent")
            try await h.client.discard(draft.id, deletingNeverPublishedDraft: true)
            await #expect(throws: ZenodoError.self) { _ = try await h.client.deposition(draft.id) }
        }
    }

    @Test func newVersionResolvesTheLatestAndReusesAPendingDraft() async throws {
        try await Harness.with { h in
            let v1 = try await h.published(files: ["data.csv": "v1"])
            let draft = try await h.client.newVersion(of: v1.id)
            #expect(draft.id != v1.id)
            #expect(draft.files.map(\.filename) == ["data.csv"])
            let again = try await h.client.newVersion(of: v1.id)
            #expect(again.id == draft.id, "the pending draft (with files) is returned, not an error")
            let viaConcept = try await h.client.newVersion(of: Int(v1.conceptRecordID!)!)
            #expect(viaConcept.id == draft.id)

            // Uploading an inherited file's name replaces it in the draft only.
            let newer = try TempFile.make(name: "data.csv", content: Data("v2, longer".utf8))
            let replaced = try await h.client.upload(
                file: newer, bucketURL: try await h.client.deposition(draft.id).bucketURL!)
            let draftFiles = try await h.client.deposition(draft.id).files
            #expect(draftFiles.map(\.filename) == ["data.csv"] && draftFiles.first?.md5 == replaced.md5)
            #expect(
                try await h.client.deposition(v1.id).files.first?.md5 == v1.files.first?.md5,
                "the published version keeps its file")

            var metadata = draft.metadata
            metadata.version = "2.0"
            _ = try await h.client.updateMetadata(draft.id, metadata)
            let v2 = try await h.client.publish(draft.id)
            #expect(try await h.client.latestPublishedVersion(of: v1.id).id == v2.id)
            let v3 = try await h.client.newVersion(of: v1.id)
            #expect(![v1.id, v2.id].contains(v3.id), "an old version id leads to the latest")
            #expect(
                h.requests(matching: "/actions/newversion").allSatisfy {
                    $0.contains("/\(v1.id)/") || $0.contains("/\(v2.id)/")
                })
        }
    }

    @Test func searchRecordsGetRecordAndDownloadVerified() async throws {
        try await Harness.with { h in
            let published = try await h.published(title: "Searchable glacier data", files: ["g.csv": "glacier\n"])
            let page = try await h.client.searchRecords(query: "glacier")
            #expect(page.total == 1)
            let record = try await h.client.record(published.id)
            #expect(record.files.first?.key == "g.csv")
            let directory = try TempFile.directory()
            let target = directory.appendingPathComponent("g.csv")
            let md5 = try await h.client.download(
                record.files[0].contentURL!, to: target, expectedMD5: record.files[0].md5)
            #expect(md5 == md5Hex(Data("glacier\n".utf8)))
            #expect(try String(contentsOf: target, encoding: .utf8) == "glacier\n")

            let corrupt = directory.appendingPathComponent("corrupt.csv")
            let error = await #expect(throws: ZenodoError.self) {
                try await h.client.download(
                    record.files[0].contentURL!, to: corrupt, expectedMD5: String(repeating: "0", count: 32))
            }
            #expect(error?.kind == .integrity)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(leftovers == ["g.csv"], "a corrupted download leaves nothing behind")
        }
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Int64] = []
    func add(_ value: Int64) { lock.withLock { storage.append(value) } }
    var values: [Int64] { lock.withLock { storage } }
}
