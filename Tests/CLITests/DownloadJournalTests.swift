import Foundation
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// `download --resume` (issue 13): a batch is journalled as its files end; a re-run continues the
/// unfinished files only, without the reference; the journal goes when everything is verified,
/// and a journal that cannot be read is skipped in words.
@Suite struct DownloadJournalTests {
    static func contentGETs(_ h: Harness, _ key: String) -> Int {
        h.server.accessLog.all().filter { $0.method == "GET" && $0.target.contains("/\(key)/content") }.count
    }

    static func journals(_ state: URL) -> [URL] {
        let directory = state.appendingPathComponent("zenodo-tui/downloads")
        return ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }
    }

    @Test func aFailedFileIsResumedAloneWithoutTheReferenceAndTheJournalGoes() async throws {
        try await Harness.with { h in
            let record = try await h.published(files: [
                "a.csv": "1,2\n", "b.csv": String(repeating: "3,4\n", count: 5000), "c.txt": "five\n",
            ])
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let environment = h.commandEnvironment(state: state)
            let dest = state.appendingPathComponent("data")
            // b.csv is refused once (a 404 is not retried): the batch ends with one failure.
            try await h.inject(
                #"{"method":"GET","path":"/api/records/*/files/b.csv/content","action":"status","status":404}"#)
            let first = try await Binary.run(
                ["download", String(record.id), "--dest", dest.path, "--json"], environment: environment)
            #expect(first.status == 4, "a 404 exits 4, as documented: \(first.stdout)\(first.stderr)")
            #expect(first.stderr.contains("download --resume"), "it says how to go on: \(first.stderr)")
            let events = try first.stdout.split(separator: "\n").map { try JSONValue.decode(Data($0.utf8)) }
            #expect(events.first?["event"] == "batch_started" && events.first?["files"] == 3, "\(first.stdout)")
            #expect(
                events.contains { $0["event"] == "progress" && $0["key"] == "a.csv" },
                "progress events: \(first.stdout)")
            #expect(events.filter { $0["event"] == "verified" }.count == 2)
            #expect(events.contains { $0["event"] == "failed" && $0["key"] == "b.csv" })
            #expect(Self.journals(state).count == 1, "the batch is journalled")

            // From another directory, with no reference: only b.csv is fetched, into the batch's own --dest.
            let before = (a: Self.contentGETs(h, "a.csv"), c: Self.contentGETs(h, "c.txt"))
            let resumed = try await Binary.run(["download", "--resume", "--json"], environment: environment)
            #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
            let again = try resumed.stdout.split(separator: "\n").map { try JSONValue.decode(Data($0.utf8)) }
            #expect(
                again.first?["event"] == "batch_started" && again.first?["files"] == 1
                    && again.first?["resumed"] == true, "\(resumed.stdout)")
            #expect(again.last?["event"] == "finished" && again.last?["verified"] == 1 && again.last?["failed"] == 0)
            #expect(
                Self.contentGETs(h, "a.csv") == before.a && Self.contentGETs(h, "c.txt") == before.c,
                "verified files are not fetched again")
            let b = try String(contentsOf: dest.appendingPathComponent("b.csv"), encoding: .utf8)
            #expect(b == String(repeating: "3,4\n", count: 5000))
            #expect(Self.journals(state).isEmpty, "a finished batch leaves no journal")

            let nothing = try await Binary.run(["download", "--resume"], environment: environment)
            #expect(nothing.status == 0 && nothing.stderr.contains("Nothing to resume"), "\(nothing.stderr)")
        }
    }

    @Test func anUnreadableJournalIsSkippedInWordsAndAFinishedBatchLeavesNone() async throws {
        try await Harness.with { h in
            let record = try await h.published(files: ["x.csv": "x\n"])
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let environment = h.commandEnvironment(state: state)
            let directory = state.appendingPathComponent("zenodo-tui/downloads")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data("{\"id\": \"trunc".utf8).write(to: directory.appendingPathComponent("broken.json"))
            let resumed = try await Binary.run(["download", "--resume"], environment: environment)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(
                resumed.stderr.contains("cannot be read") && resumed.stderr.contains("broken.json"), "\(resumed.stderr)"
            )
            let plain = try await Binary.run(
                ["download", String(record.id), "--dest", state.appendingPathComponent("d").path],
                environment: environment)
            #expect(plain.status == 0, "\(plain.stderr)")
            #expect(
                Self.journals(state).map(\.lastPathComponent) == ["broken.json"], "the finished batch's journal is gone"
            )
        }
    }

    /// Journals from a newer zenodo-tui, and journals whose destination is gone (issue 14, row
    /// 41): the newer one is refused in words and left untouched; the other is finished into its
    /// destination made again, verified.
    @Test func aJournalFromANewerVersionIsLeftAndAGoneDestinationIsMadeAgain() async throws {
        try await Harness.with { h in
            let record = try await h.published(files: ["x.csv": "x\n", "y.csv": "y\n"])
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let environment = h.commandEnvironment(state: state)
            let dest = state.appendingPathComponent("gone/deeper")
            // A batch cut short: y.csv refused once (404 is not retried).
            try await h.inject(
                #"{"method":"GET","path":"/api/records/*/files/y.csv/content","action":"status","status":404}"#)
            let first = try await Binary.run(
                ["download", String(record.id), "--dest", dest.path], environment: environment)
            #expect(first.status == 4, "a 404 exits 4, as documented: \(first.stderr)")
            let journal = try #require(Self.journals(state).first)
            let text = try String(contentsOf: journal, encoding: .utf8)
            #expect(text.contains("\"format\":1"), "journals say their format: \(text)")
            // Its destination goes; and a journal from a newer version appears beside it.
            try FileManager.default.removeItem(at: state.appendingPathComponent("gone"))
            let newer = journal.deletingLastPathComponent().appendingPathComponent("newer.json")
            let future = text.replacingOccurrences(of: "\"format\":1", with: "\"format\":7")
            try Data(future.utf8).write(to: newer)
            let resumed = try await Binary.run(["download", "--resume"], environment: environment)
            #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
            #expect(
                resumed.stderr.contains("written by a newer zenodo-tui (format 7; this one reads format 1)"),
                "\(resumed.stderr)")
            #expect(try String(contentsOf: newer, encoding: .utf8) == future, "the newer journal is left as it was")
            for key in ["x.csv", "y.csv"] {
                #expect(
                    FileManager.default.fileExists(atPath: dest.appendingPathComponent(key).path),
                    "\(key) in the destination made again")
            }
            #expect(Self.journals(state).map(\.lastPathComponent) == ["newer.json"])
        }
    }

    @Test(arguments: [
        (["download", "--resume", "123"], "give it no record"),
        (["download", "123", "--parallel", "0"], "--parallel takes 1 to 16"),
        (["sync", ".", "1", "--parallel", "500"], "--parallel takes 1 to 16"),
        (["upload", "1", "x", "--parallel", "17"], "--parallel takes 1 to 16"),
        (["download"], "Missing the record"),
    ])
    func transferOptionsAreValidatedBeforeAnythingIsSent(_ arguments: [String], _ words: String) async throws {
        let home = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try await Binary.run(
            arguments, environment: ["HOME": home.path, "ZENODO_SERVER": "http://127.0.0.1:9/api", "ZENODO_TOKEN": "t"])
        #expect(result.status == 2, "a usage error: \(result.stderr)")
        #expect(result.stderr.contains(words), "\(result.stderr)")
    }
}
