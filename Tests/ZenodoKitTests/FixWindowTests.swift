import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing

@testable import ZenodoKit

/// A published record fixed or deleted within the server's grace period (issue 31), through
/// ZenodoKit against LocalZenodo over loopback, the server's clock moved to leave the window.
@Suite struct FixWindowTests {
    static let day = 86_400.0

    static func with(_ body: (Harness, ClockOffset) async throws -> Void) async throws {
        let offset = ClockOffset()
        try await Harness.with(configure: { $0.clock = { Date() + offset.value } }) { h in
            try await body(h, offset)
        }
    }

    @Test func aPublishedRecordsFilesAreReplacedAndTheDOIStays() async throws {
        try await Self.with { h, _ in
            let record = try await h.published(files: ["data.csv": "wrong\n"])
            #expect(!record.filesEditable)
            #expect(
                Preflight.problems(files: [], deposition: record).first?.message.contains("fix-files \(record.id)")
                    == true)
            let draft = try await h.client.unlockFiles(of: record.id)
            #expect(draft.state == .inprogress && draft.filesUnlocked && draft.filesEditable)
            #expect(Preflight.problems(files: [], deposition: draft).isEmpty)
            let fixed = try TempFile.make(name: "data-fixed.csv", content: Data("right\n".utf8))
            defer { TempFile.remove(fixed) }
            _ = try await h.client.upload(file: fixed, bucketURL: try #require(draft.bucketURL))
            let old = try #require(draft.files.first { $0.filename == "data.csv" })
            try await h.client.deleteFile(old.id, of: record.id)
            let published = try await h.client.publish(record.id)
            #expect(published.doi == record.doi)
            #expect(published.files.map(\.filename) == ["data-fixed.csv"])
            let versions = try await h.client.allDepositions(
                DepositionQuery(query: "conceptrecid:\(record.conceptRecordID!)", allVersions: true))
            #expect(versions.count == 1, "the same version, not a new one")
        }
    }

    /// The same through the native API: the edit draft's files endpoint takes the new file.
    @Test func theNativeBackendFixesFilesToo() async throws {
        try await Self.with { h, _ in
            let record = try await h.published(files: ["data.csv": "wrong\n"])
            let client = RDMClientTests.rdmClient(h)
            let draft = try await client.unlockFiles(of: record.id)
            #expect(draft.filesEditable)
            let fixed = try TempFile.make(name: "data-fixed.csv", content: Data("right\n".utf8))
            defer { TempFile.remove(fixed) }
            _ = try await client.upload(file: fixed, bucketURL: try #require(draft.bucketURL))
            let old = try #require(draft.files.first { $0.filename == "data.csv" })
            try await client.deleteFile(old.id, of: record.id)
            let published = try await client.publish(record.id)
            #expect(published.doi == record.doi)
            #expect(published.files.map(\.filename) == ["data-fixed.csv"])
        }
    }

    @Test func outsideTheWindowTheRefusalSaysWhyAndLeavesTheRecordAsItWas() async throws {
        try await Self.with { h, offset in
            let record = try await h.published()
            offset.set(31 * Self.day)
            do {
                _ = try await h.client.unlockFiles(of: record.id)
                Issue.record("unlocked outside the window")
            } catch let error as ZenodoError {
                #expect(error.kind == .refused && error.status == 403)
                #expect(error.message.contains("grace period"))
                #expect(error.message.contains("zenodo-tui new-version \(record.id)"))
            }
            #expect(try await h.client.deposition(record.id).state == .done, "the edit draft it opened is gone")
            do {
                _ = try await h.client.deleteRecord(record.id, reason: .testRecord)
                Issue.record("deleted outside the window")
            } catch let error as ZenodoError {
                #expect(error.kind == .refused && error.message.contains("refused to delete record \(record.id)"))
            }
            #expect(try await h.client.deposition(record.id).state == .done)
        }
    }

    @Test func aDeletedRecordIsReadAsItsTombstone() async throws {
        try await Self.with { h, _ in
            let record = try await h.published()
            await #expect(throws: ZenodoError.self) {
                _ = try await h.client.deleteRecord(record.id, reason: .duplicate, comment: "too short")
            }
            #expect(h.requests(matching: "request-deletion").isEmpty, "a short comment is refused before sending")
            #expect(try await h.client.deleteRecord(record.id, reason: .duplicate) == .deleted)
            do {
                _ = try await h.client.deposition(record.id)
                Issue.record("a deleted record was read")
            } catch let error as ZenodoError {
                #expect(error.status == 410)
                #expect(error.message.contains("Duplicate of another record"), "\(error.message)")
                #expect(error.message.contains("tombstone"))
            }
        }
    }

    @Test func theDeletionCannotTouchADraft() async throws {
        try await Self.with { h, _ in
            let draft = try await h.client.createDeposition()
            await #expect(throws: ZenodoError.self) {
                _ = try await h.client.deleteRecord(draft.id, reason: .testRecord)
            }
            await #expect(throws: ZenodoError.self) { _ = try await h.client.unlockFiles(of: draft.id) }
            #expect(
                h.requests(matching: "file-modification").isEmpty && h.requests(matching: "request-deletion").isEmpty)
        }
    }

    @Test func theWordsNameTheAgeAndTheMeaning() {
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        #expect(FixWindow.age(now - 3 * Self.day - 5, now: now) == "published 3 days ago")
        #expect(FixWindow.age(now - 60, now: now) == "published today")
        #expect(FixWindow.age(nil, now: now) == "its publication date is unknown")
        let meaning = FixWindow.deletionMeaning(id: 7, doi: "10.5281/zenodo.7", title: "T")
        #expect(meaning.contains("DOI 10.5281/zenodo.7") && meaning.contains("tombstone"))
        #expect(FixWindow.fixMeaning(id: 7, doi: "10.5281/zenodo.7").contains("the DOI stays the same"))
        let tombstone = Tombstone(
            json: ["tombstone": ["removal_date": "2026-12-05T10:00:00+00:00", "removal_reason": ["id": "retracted"]]])
        #expect(tombstone?.summary == "deleted on 2026-12-05 (Retraction/Withdrawal of a record)")
    }
}
