import Foundation
import LocalZenodo
import Synchronization
import TestScratch
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// Zenodo allows 30 records searches a minute (`records.search`, row B10). Typing fast in the
/// records view must stay inside it: no 429 reaches the user (issue 27).
@Suite struct SearchRateLimitTests {
    @Test func typingFastStaysInsideTheSearchLimit() async throws {
        var configuration = LocalZenodoConfiguration()
        configuration.port = 0
        configuration.seedDemo = true
        configuration.tokens = ["search-token"]
        configuration.logger.logLevel = .critical
        // 30 a window, as on Zenodo; the window shortened to 6 s and enforced.
        configuration.rateLimit = 1000
        configuration.rateLimitWindow = 6
        let server = try await LocalZenodoServer.start(configuration)
        let profile = try ServerProfile(parsing: server.apiURL)
        let transport = HTTPTransport(environment: [:], forHost: profile.host)
        defer {
            Task {
                await transport.shutdown()
                await server.stop()
            }
        }
        let client = ZenodoClient(
            profile: profile, credentials: Credentials(token: "search-token", source: .environment("ZENODO_TOKEN")),
            transport: transport)
        let state = try TestScratch.directory("search-limit")
        let inbox = Inbox(wake: {})
        // No pause in typing: every query goes out as soon as the window allows.
        let runner = EffectRunner(
            client: client, journals: JournalStore(directory: state.appendingPathComponent("uploads")), inbox: inbox,
            searchPause: .zero)

        // 34 queries, each typed as soon as the previous one's results arrive: more than the window
        // allows. Then a burst of keys, of which only the last searches.
        var messages: [Message] = []
        var generation = 0
        func answered(_ generation: Int) -> Bool {
            messages.contains { message in
                switch message {
                case .recordsFound(generation, _, _), .recordsFailed(generation, _): return true
                default: return false
                }
            }
        }
        for query in (1...34).map({ "glacier \($0)" }) {
            generation += 1
            runner.search(client, RecordSearch(query: query), generation: generation)
            let deadline = Date() + 60
            while Date() < deadline, !answered(generation) {
                try await Task.sleep(for: .milliseconds(10))
                messages += inbox.drain()
            }
        }
        for query in (1...10).map({ "river \($0)" }) {
            generation += 1
            runner.search(client, RecordSearch(query: query), generation: generation)
        }
        // The last query's answer arrives, however long the window makes it wait.
        let last = generation
        let deadline = Date() + 60
        while Date() < deadline,
            !messages.contains(where: {
                if case .recordsFound(last, _, _) = $0 { return true }
                return false
            })
        {
            try await Task.sleep(for: .milliseconds(50))
            messages += inbox.drain()
        }
        #expect(
            messages.contains {
                if case .recordsFound(last, _, _) = $0 { return true }
                return false
            }, "the last query answered")
        let failures = messages.compactMap { message -> String? in
            if case .recordsFailed(_, let why) = message { return why }
            return nil
        }
        #expect(failures.isEmpty, "\(failures)")
        let searches = server.accessLog.all().filter { $0.method == "GET" && $0.target.hasPrefix("/api/records?") }
        #expect(searches.allSatisfy { $0.status == 200 }, "no 429: \(searches.map(\.status))")
        #expect(searches.count >= 35, "34 typed one by one, then the burst's last: \(searches.count) searches")
        #expect(searches.count < 44, "the burst's superseded queries were not sent: \(searches.count)")
    }
}
