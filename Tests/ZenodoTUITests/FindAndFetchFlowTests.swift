import Foundation
import LocalZenodo
import Testing

@testable import ZenodoKit
@testable import ZenodoTUI

/// Find and fetch in the interface (issue 13): search public records as one types, open one, and
/// download its files into `./<record id>`, each verified with its MD5.
@Suite(.serialized) struct FindAndFetchFlowTests {
    @Test func searchOpenAndDownloadARecordsFilesInTheInterface() async throws {
        let server = try await FlowTests.server()
        let tmux = Tmux()
        let state = try FlowTests.temporaryDirectory()
        let work = try FlowTests.temporaryDirectory()
        var failure: (any Error)?
        do {
            try await tmux.start("cd '\(work.path)' && \(Tmux.binary) browse", environment: FlowTests.environment(server, state: state))
            _ = try await tmux.wait(for: "Alpine glacier")
            try await tmux.keys("S")
            _ = try await tmux.wait(for: "records, newest first")
            try await tmux.type("alpine")
            var screen = try await tmux.wait("the search for alpine") { $0.contains("Search: alpine") && $0.contains("1 of 1 records") }
            #expect(screen.contains("Alpine glacier"))
            try await tmux.keys("Enter", "Enter")
            screen = try await tmux.wait(for: "Files (")
            let id = try #require(screen.firstMatch(of: /Record\s+(\d+)/).flatMap { Int($0.1) })
            let transport = HTTPTransport(environment: [:], forHost: "127.0.0.1")
            let client = ZenodoClient(
                profile: try ServerProfile(parsing: server.apiURL), credentials: Credentials(token: FlowTests.token, source: .explicit),
                transport: transport)
            let record: Record
            do {
                record = try await client.record(id)
                await transport.shutdown()
            } catch {
                await transport.shutdown()
                throw error
            }
            try await tmux.keys("D")
            screen = try await tmux.wait("every file verified") { s in
                s.components(separatedBy: "✓ verified").count - 1 == record.files.count && s.contains("Downloaded and verified")
            }
            for file in record.files {
                let local = work.appendingPathComponent(String(id)).appendingPathComponent(file.key)
                let digest: String = try LocalDigest.md5(of: local)
                #expect(digest == file.md5, "the file on disk is the record's \(file.key)")
            }
            try await tmux.keys("q", "q", "q")
        } catch {
            failure = error
        }
        tmux.stop()
        try? FileManager.default.removeItem(at: state)
        try? FileManager.default.removeItem(at: work)
        await server.stop()
        if let failure { throw failure }
    }

    /// An answer to an older query never replaces the newer one's.
    @Test func aSlowAnswerToAnOlderQueryIsDropped() throws {
        var state = Fixtures.state()
        _ = update(&state, .keyPressed(.character("S")))
        let first = state.records.generation
        _ = update(&state, .keyPressed(.character("a")))
        let second = state.records.generation
        #expect(second > first)
        let newer = RecordPage(records: [], total: 0, nextURL: nil)
        _ = update(&state, .recordsFound(generation: second, newer))
        #expect(!state.records.loading && state.records.total == 0)
        let older = try RecordPage(records: [Record(json: ["id": 7, "metadata": ["title": "old"]])], total: 1, nextURL: nil)
        _ = update(&state, .recordsFound(generation: first, older))
        #expect(state.records.results.isEmpty && state.records.total == 0, "the old answer is dropped")
    }
}
