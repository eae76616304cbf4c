import Foundation
import TestScratch
import TestSupport
import Testing
import TransferAgent
import ZenodoKit

/// `zenodo-tui transfers` (issue 28, item 1): the background batches of both directions, under a
/// name that says so; `uploads` goes on working as its alias, and `cancel --all` says what it
/// stopped, by direction, and how each resumes.
@Suite struct TransfersCommandTests {
    @Test func bothDirectionsAreListedAndCancelAllSaysWhichItStopped() async throws {
        try await Harness.with { h in
            let setup = try AgentCommandTests.Setup(h)
            defer { setup.cleanUp() }
            var environment = setup.environment
            environment["ZENODO_TUI_AGENT_IDLE"] = "2"
            // Both batches stall at their first byte, so that both are running when listed.
            let record = try await h.published(files: ["x.csv": "1,2\n"])
            try await h.inject(
                #"{"method":"GET","path":"/api/records/*/files/*/content","times":1,"action":"stall","seconds":100}"#)
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","times":1,"action":"stall","seconds":100}"#)
            // A download handed to the agent, as the interface hands one.
            let store = DownloadJournalStore(directories: ConfigDirectories(environment: environment))
            let file = try #require(try await h.client.record(record.id).files.first)
            let journal = DownloadJournal(
                server: h.profile.apiURL, reference: String(record.id),
                destination: setup.data.appendingPathComponent("fetched").path,
                entries: [
                    DownloadJournal.Entry(
                        key: file.key, url: try #require(file.contentURL), md5: file.md5, size: file.size)
                ],
                recordID: record.id, title: "Published data")
            try store.save(journal)
            let agent = AgentClient(environment: environment, executable: Binary.url.path)
            let handover = FetchHandover(
                profile: h.profile,
                credentials: Credentials(token: Harness.token, source: .environment("ZENODO_TOKEN")),
                environment: environment, journal: journal, store: store)
            let downloadID = try agent.fetch(handover)
            try TempFile.makeFiles(["a.bin"], size: 1000, in: setup.data)
            let draft = try await h.client.createDeposition()
            let detached = try await Binary.run(
                ["upload", "--detach", String(draft.id), setup.data.appendingPathComponent("a.bin").path],
                environment: environment)
            #expect(detached.status == 0, "\(detached.stderr)")

            let listed = try await Binary.run(["transfers"], environment: environment)
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stdout.contains("KIND"), "\(listed.stdout)")
            let lines = listed.stdout.split(separator: "\n")
            #expect(
                lines.contains {
                    $0.hasPrefix(downloadID.prefix(8)) && $0.contains("download") && $0.contains("running")
                }, "\(listed.stdout)")
            #expect(lines.contains { $0.contains("upload ") && $0.contains("running") }, "\(listed.stdout)")
            let alias = try await Binary.run(["uploads", "--json"], environment: environment)
            let batches = try #require(try JSONValue.decode(Data(alias.stdout.utf8)).array)
            #expect(Set(batches.compactMap { $0["direction"]?.string }) == ["upload", "download"], "\(alias.stdout)")
            for batch in batches { #expect(EventSchema.summaryProblems(batch) == [], "\(batch)") }

            let cancelled = try await Binary.run(["transfers", "cancel", "--all"], environment: environment)
            #expect(cancelled.status == 0, "\(cancelled.stderr)")
            #expect(
                cancelled.stdout.contains(
                    "Stopped 1 upload (zenodo-tui upload --resume) and 1 download (zenodo-tui download --resume); they stay resumable."
                ),
                "\(cancelled.stdout)")
            let stoppedAt = Date()
            defer { print("agent gone \(Int(Date().timeIntervalSince(stoppedAt) * 1000)) ms after cancel --all") }
            // Stopped, the download is told by its journal, with the command that resumes it.
            #expect(try await setup.waitForAgentToExit(seconds: 60))
            let after = try await Binary.run(
                ["transfers", "wait", String(downloadID.prefix(8))], environment: environment)
            #expect(after.status != 0)
            #expect(after.stderr.contains("zenodo-tui download --resume"), "\(after.stderr)")
        }
    }
}
