import Foundation
import TestScratch
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// Inside a ZIP without fetching it (issue 31), in process against the demo server: `Z` on a
/// deposition lists its ZIP as a tree (folders with their totals), Enter opens a folder, `/`
/// filters by path, `a` marks what is shown and `d` fetches the marked members, each checked
/// against its CRC-32, under their own paths; the archive itself is never fetched.
@Suite struct ArchiveFlowTests {
    /// With the server's container API, and without it (the archive's directory and members read
    /// by Range).
    @Test(arguments: [true, false])
    func aDepositionsZipIsListedFilteredAndSomeMembersFetched(containerAPI: Bool) async throws {
        let server = try await InProcessFlowTests.server(containerAPI: containerAPI)
        defer { Task { await server.stop() } }
        let work = try TestScratch.directory("archive-flow")
        defer { try? FileManager.default.removeItem(at: work) }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token, workDirectory: work)
        defer { app.abandon() }
        try await GracePeriodFlowTests.open(app, "Interview transcripts")
        let record = try await GracePeriodFlowTests.deposition(app, "Interview transcripts")
        app.press(.character("Z"))
        let tree = try await app.waitFor("the archive's tree") { $0.contains("26 files") }
        #expect(tree.contains(containerAPI ? "listed by the server" : "range request"), "\(tree)")
        #expect(tree.contains("▸ consent/") && tree.contains("▸ interviews/") && tree.contains("README.txt"), "\(tree)")
        #expect(tree.contains("24 files"), "the interviews folder's total: \(tree)")
        app.press(.down)
        app.press(.enter)
        let opened = try await app.waitFor("interviews opened") { $0.contains("▾ interviews/") && $0.contains("2023/") }
        #expect(opened.contains("12 files"), "\(opened)")

        app.press(.character("/"))
        app.type("lagos")
        try await app.waitFor("the filter's matches") {
            $0.contains("interviews/2022/lagos/interview-1.txt") && !$0.contains("bergen")
        }
        app.press(.enter, .character("a"))
        try await app.waitFor("eight marked") { $0.contains("8 marked") }
        app.press(.character("d"))
        try await app.waitFor("fetched") { $0.contains("Fetched 8 members of transcripts.zip") }

        let into = work.appendingPathComponent(String(record.id))
        for year in [2022, 2023] {
            for n in 1...4 {
                let path = into.appendingPathComponent("interviews/\(year)/lagos/interview-\(n).txt").path
                let text = try String(contentsOfFile: path, encoding: .utf8)
                #expect(text.hasPrefix("Interview \(n), lagos, \(year)"))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: into.appendingPathComponent("interviews/2022/bergen").path))
        // The archive was read by its directory and its members, never whole.
        let whole = server.accessLog.all().filter {
            $0.target.hasSuffix("transcripts.zip/content") && $0.status == 200
        }
        #expect(whole.isEmpty, "\(whole.map(\.target))")
        app.press(.escape)
        #expect(try await app.quit() == 0)
    }
}

extension ArchiveFlowTests {
    /// Enter on a record's ZIP opens it; on another file it says why not.
    @Test func enterOnARecordsZipLooksInside() throws {
        var state = Fixtures.state()
        let record = try Record(json: [
            "id": 7, "metadata": ["title": "Seven"],
            "files": [
                ["key": "data.zip", "size": 100, "links": ["self": "http://x/api/records/7/files/data.zip/content"]],
                ["key": "notes.txt", "size": 5, "links": ["self": "http://x/api/records/7/files/notes.txt/content"]],
            ],
        ])
        state.screens = [.list, .record(RecordView(record: record, destination: "/d/7"))]
        let effects = update(&state, .keyPressed(.enter))
        #expect(
            effects == [
                .listArchive(
                    recordID: 7, key: "data.zip", url: "http://x/api/records/7/files/data.zip/content", size: 100)
            ])
        #expect(state.archive?.destination == "/d/7")
        _ = update(&state, .keyPressed(.escape))
        state.recordView?.selection = 1
        #expect(update(&state, .keyPressed(.enter)).isEmpty)
        #expect(state.status?.contains("not a ZIP") == true, "\(state.status ?? "")")
    }
}
