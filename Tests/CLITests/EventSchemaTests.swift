import Foundation
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// One event vocabulary and one JSON dialect (issue 28, item 2): every line the program prints
/// about transfers fits `EventSchema`, which `docs/events.md` is made from.
@Suite struct EventSchemaTests {
    /// Every event the engines can emit, as the one encoder prints it.
    static let everyEvent: [TransferEvent] = {
        var progress = BatchProgress()
        progress.files = 2
        progress.totalBytes = 10
        progress.eta = 3
        return [
            .queued(key: "a", size: 5), .started(key: "a", attempt: 1),
            .progress(key: "a", sent: 2, total: 5, rate: 10),
            .verifying(key: "a"), .retrying(key: "a", attempt: 2, maxAttempts: 6, delay: 1.5, reason: "reset"),
            .verified(key: "a", md5: "00"), .arrived(key: "a", md5: "00"), .skipped(key: "b", reason: "same MD5"),
            .failed(key: "b", reason: "gone"), .paced(seconds: 4), .batch(progress), .finished(BatchProgress()),
        ]
    }()

    @Test func everyEncodedEventFitsTheSchema() {
        for event in Self.everyEvent {
            #expect(EventSchema.problems(event.json) == [], "\(event)")
        }
        let announcements = [
            BatchAnnouncement(batch: "b1", direction: .upload, files: 2, bytes: 10, resumed: false, deposition: 7),
            BatchAnnouncement(
                batch: "b2", direction: .download, files: 1, bytes: 5, resumed: true, reference: "10.5281/zenodo.3",
                destination: "/d"),
        ]
        for announcement in announcements {
            #expect(EventSchema.problems(announcement.json) == [])
        }
        #expect(EventSchema.problems(announcements[1].legacyDownloadJSON) == [])
        let notice = RetryNotice(host: "zenodo.org", reason: "503", attempt: 1, maxAttempts: 5, delay: 2)
        #expect(EventSchema.problems(notice.json) == [])
    }

    /// The checker catches drift: an unknown field, a missing one, a wrong type, no version.
    @Test func theCheckerRefusesWhatTheSchemaDoesNotSay() throws {
        let line = try JSONValue.decode(Data(#"{"v":1,"event":"verified","key":"a","md5":"00"}"#.utf8))
        #expect(EventSchema.problems(line) == [])
        let cases = [
            #"{"v":1,"event":"verified","key":"a","md5":"00","extra":1}"#: "unknown field",
            #"{"v":1,"event":"verified","key":"a"}"#: "no \"md5\"",
            #"{"v":1,"event":"verified","key":3,"md5":"00"}"#: "is not string",
            #"{"event":"verified","key":"a","md5":"00"}"#: "no \"v\"",
            #"{"v":1,"event":"teleported"}"#: "unknown event",
            #"{"v":1,"event":"started","attempt":1}"#: "fits none of its shapes",
        ]
        for (text, problem) in cases {
            let problems = EventSchema.problems(try JSONValue.decode(Data(text.utf8)))
            #expect(problems.contains { $0.contains(problem) }, "\(text): \(problems)")
        }
    }

    /// A watcher reads both versions' progress lines (an agent of the last release may still run).
    @Test func progressIsReadInBothVersions() throws {
        let v1 = try JSONValue.decode(Data(#"{"v":1,"event":"progress","key":"a","bytes":2,"size":5,"rate":1}"#.utf8))
        let v0 = try JSONValue.decode(Data(#"{"event":"progress","key":"a","sent":2,"total":5,"rate":1}"#.utf8))
        #expect(TransferEvent(json: v1) == .progress(key: "a", sent: 2, total: 5, rate: 1))
        #expect(TransferEvent(json: v0) == .progress(key: "a", sent: 2, total: 5, rate: 1))
        for event in Self.everyEvent { #expect(TransferEvent(json: event.json) == event) }
    }

    /// The real binary, both directions, the agent and the listing: every JSON line it prints (on
    /// standard output, and the request notices on standard error) fits the schema.
    @Test func everyLineTheProgramPrintsFitsTheSchema() async throws {
        try await Harness.with { h in
            let setup = try AgentCommandTests.Setup(h)
            var lines: [(String, JSONValue)] = []
            func collect(_ what: String, _ result: Binary.Result) throws {
                for line in (result.stdout + "\n" + result.stderr).split(separator: "\n") where line.hasPrefix("{") {
                    lines.append((what, try JSONValue.decode(Data(line.utf8))))
                }
            }
            try TempFile.makeFiles(["a.bin", "b.bin"], size: 40_000, in: setup.data)
            let draft = try await h.client.createDeposition()
            // A request retried (standard error) and a file's attempt retried.
            try await h.inject(
                #"{"method":"GET","path":"/api/deposit/depositions/\#(draft.id)","times":1,"action":"status","status":503}"#
            )
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","times":1,"action":"status","status":503}"#)
            let upload = try await setup.run(["upload", String(draft.id), setup.data.path, "--json"])
            #expect(upload.status == 0, "\(upload.stderr)")
            try collect("upload", upload)
            let again = try await setup.run(["upload", String(draft.id), setup.data.path, "--json"])
            try collect("upload again", again)
            let sync = try await setup.run(["sync", setup.data.path, String(draft.id), "--json"])
            try collect("sync", sync)
            // A file that never verifies.
            let bad = try TempFile.directory()
            try TempFile.makeFiles(["c.bin"], size: 1000, in: bad)
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","times":2,"action":"wrong_checksum"}"#)
            let failed = try await setup.run(["upload", String(draft.id), bad.path, "--json", "--retries", "1"])
            #expect(failed.status != 0)
            try collect("failed upload", failed)
            // Downloads: retried, skipped, failed.
            let record = try await h.published(files: ["x.csv": "1,2\n", "y.csv": "3,4\n"])
            let dest = try TempFile.directory()
            try await h.inject(
                #"{"method":"GET","path":"/api/records/*/files/x.csv/content","times":1,"action":"status","status":503}"#
            )
            let download = try await setup.run(["download", String(record.id), "--dest", dest.path, "--json"])
            #expect(download.status == 0, "\(download.stderr)")
            try collect("download", download)
            try collect(
                "download again", try await setup.run(["download", String(record.id), "--dest", dest.path, "--json"]))
            try await h.inject(
                #"{"method":"GET","path":"/api/records/*/files/y.csv/content","times":5,"action":"status","status":404}"#
            )
            let missing = try await setup.run([
                "download", String(record.id), "--dest", try TempFile.directory().path, "--json",
            ])
            #expect(missing.status != 0)
            try collect("failed download", missing)
            // The agent: handed over, listed, followed over its wire.
            let second = try await h.client.createDeposition()
            // Held a moment, so that `wait` follows it over the wire (else it is told by its result).
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","times":1,"action":"stall","seconds":2}"#)
            let detached = try await setup.run(["upload", "--detach", String(second.id), setup.data.path, "--json"])
            #expect(detached.status == 0, "\(detached.stderr)")
            try collect("upload --detach", detached)
            let id = try #require(lines.last?.1["batch"]?.string)
            let listed = try await setup.run(["uploads", "--json"])
            let summaries = try #require(try JSONValue.decode(Data(listed.stdout.utf8)).array)
            for summary in summaries { #expect(EventSchema.summaryProblems(summary) == [], "\(summary)") }
            let waited = try await setup.run(["uploads", "wait", id, "--json"])
            #expect(waited.status == 0, "\(waited.stderr)")
            try collect("uploads wait", waited)

            for (what, line) in lines {
                #expect(EventSchema.problems(line) == [], "\(what): \(line)")
            }
            let kinds = Set(lines.compactMap { $0.1["event"]?.string })
            print(
                "event kinds the real binary printed: \(kinds.count) of \(EventSchema.kinds.count): \(kinds.sorted().joined(separator: ", "))"
            )
            let expected: Set = [
                "batch_started", "queued", "started", "progress", "verifying", "retrying", "verified", "skipped",
                "failed", "batch",
                "finished", "detached", "plan",
            ]
            #expect(expected.isSubset(of: kinds), "not seen: \(expected.subtracting(kinds).sorted())")
            #expect(lines.contains { $0.1["event"] == "retrying" && $0.1["host"] != nil }, "a request's retry")
            #expect(lines.contains { $0.1["event"] == "retrying" && $0.1["key"] != nil }, "a file's retry")
            #expect(
                lines.contains { $0.0 == "download" && $0.1["event"] == "retrying" },
                "a download's retry, in the dialect")
            #expect(
                lines.contains { $0.0 == "uploads wait" && $0.1["event"] == "verified" },
                "uploads wait --json tells each file's end")
        }
    }
}

/// `docs/events.md` is made from the schema; this fails when they drift apart.
@Suite struct EventSchemaDocTests {
    @Test func theEventsDocumentMatchesTheSchema() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("docs/events.md")
        let generated = EventSchema.markdown
        if ProcessInfo.processInfo.environment["ZENODO_TUI_RECORD_SNAPSHOTS"] == "1" {
            try generated.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded docs/events.md: review it, then run the tests without ZENODO_TUI_RECORD_SNAPSHOTS")
            return
        }
        #expect(
            try String(contentsOf: url, encoding: .utf8) == generated, "regenerate with ZENODO_TUI_RECORD_SNAPSHOTS=1")
    }
}
