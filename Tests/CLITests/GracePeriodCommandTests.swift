import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// `fix-files` and `delete --published` (issue 31), the real binary against LocalZenodo: a
/// published record's file replaced and republished under the same DOI, a deletion behind its
/// typed confirmation, and both refused outside the window with what to do instead.
@Suite struct GracePeriodCommandTests {

    static func with(_ body: (Harness, ClockOffset, [String: String]) async throws -> Void) async throws {
        let offset = ClockOffset()
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        try await Harness.with(configure: { $0.clock = { Date() + offset.value } }) { h in
            try await body(h, offset, h.commandEnvironment(state: state))
        }
    }

    @Test func fixFilesThenUploadDeleteAndPublishKeepTheDOI() async throws {
        try await Self.with { h, _, env in
            let record = try await h.published(files: ["results.csv": "wrong\n"])
            let locked = try await Binary.run(["upload", String(record.id), "/dev/null"], environment: env)
            #expect(locked.status == 5 && locked.stderr.contains("fix-files \(record.id)"), "\(locked.stderr)")

            let fix = try await Binary.run(["fix-files", String(record.id), "--json"], environment: env)
            #expect(fix.status == 0, "\(fix.stderr)")
            let answer = try JSONValue.decode(Data(fix.stdout.utf8))
            #expect(answer["files_unlocked"]?.bool == true && answer["state"]?.string == "inprogress")

            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let fixed = directory.appendingPathComponent("results-v2.csv")
            try Data("right\n".utf8).write(to: fixed)
            let upload = try await Binary.run(["upload", String(record.id), fixed.path], environment: env)
            #expect(upload.status == 0, "\(upload.stderr)")
            #expect(upload.stderr.contains("the server decides"), "said before sending into an edit draft")
            let delete = try await Binary.run(
                ["delete", String(record.id), "--file", "results.csv", "--yes"], environment: env)
            #expect(delete.status == 0, "\(delete.stderr)")
            let publish = try await Binary.run(["publish", String(record.id), "--yes"], environment: env)
            #expect(publish.status == 0, "\(publish.stderr)")
            let after = try await h.client.deposition(record.id)
            #expect(after.doi == record.doi && after.state == .done)
            #expect(after.files.map(\.filename) == ["results-v2.csv"])
        }
    }

    @Test func deletingAPublishedRecordNeedsItsReasonAndItsNameTyped() async throws {
        try await Self.with { h, _, env in
            let record = try await h.published()
            let id = String(record.id)
            let plain = try await Binary.run(["delete", id, "--yes"], environment: env)
            #expect(plain.status != 0 && plain.stderr.contains("--published --reason"), "\(plain.stderr)")
            let noReason = try await Binary.run(["delete", id, "--published"], environment: env)
            #expect(noReason.status == 2 && noReason.stderr.contains("test-record, duplicate"))
            let unasked = try await Binary.run(
                ["delete", id, "--published", "--reason", "duplicate"], environment: env)
            #expect(unasked.status != 0)
            #expect(unasked.stderr.contains("DOI \(record.doi!)") && unasked.stderr.contains("tombstone"))
            #expect(unasked.stderr.contains("--confirm \(id)"))
            let wrong = try await Binary.run(
                ["delete", id, "--published", "--reason", "duplicate", "--confirm", "12345"], environment: env)
            #expect(wrong.status != 0 && wrong.stderr.contains("nothing was deleted"))
            #expect(h.requests(matching: "request-deletion").isEmpty, "nothing asked before the confirmation")

            let deleted = try await Binary.run(
                ["delete", id, "--published", "--reason", "duplicate", "--confirm", record.doi!, "--json"],
                environment: env)
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(try JSONValue.decode(Data(deleted.stdout.utf8))["outcome"]?.string == "deleted")
            let show = try await Binary.run(["show", id], environment: env)
            #expect(show.status == 4 && show.stderr.contains("Duplicate of another record"), "\(show.stderr)")
        }
    }

    @Test func outsideTheWindowBothSayWhyAndOfferANewVersion() async throws {
        try await Self.with { h, offset, env in
            let record = try await h.published()
            let id = String(record.id)
            offset.set(40 * 86_400)
            let fix = try await Binary.run(["fix-files", id], environment: env)
            #expect(fix.status != 0)
            #expect(fix.stderr.contains("grace period") && fix.stderr.contains("new-version \(id)"), "\(fix.stderr)")
            let delete = try await Binary.run(
                ["delete", id, "--published", "--reason", "test-record", "--confirm", id], environment: env)
            #expect(delete.status != 0 && delete.stderr.contains("new-version \(id)"), "\(delete.stderr)")
            #expect(try await h.client.deposition(record.id).state == .done, "the record is as it was")
        }
    }
}
