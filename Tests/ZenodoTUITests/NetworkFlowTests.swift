import Foundation
import LocalZenodo
import Testing
import ZenodoKit

/// When the network is the problem (issue 16): every retry in the status line with `r` to retry
/// now and `Esc` to stop; a server that cannot be reached is said in the list within seconds, and
/// `r` tries again. In-process (`InProcessApp`, wired as `browse` is) against LocalZenodo.
@Suite struct NetworkFlowTests {
    static func listRequests(_ server: LocalZenodoServer) -> Int {
        server.accessLog.all().filter { $0.method == "GET" && $0.target.hasPrefix("/api/deposit/depositions?") }.count
    }

    /// Waits (10 s at most) until LocalZenodo has seen `count` list requests.
    static func requests(_ server: LocalZenodoServer, reach count: Int) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if listRequests(server) >= count { return listRequests(server) == count }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func aRetryWaitIsShownAndRCutsItShortAndEscStopsIt() async throws {
        let server = try await FlowTests.server()
        do {
            // A 429 asking for a minute: without `r` the list would wait 60 s.
            server.faults.add(
                FaultRule(
                    method: "GET", path: "/api/deposit/depositions", times: 1, action: .status, status: 429,
                    retryAfter: 60))
            let ui = try InProcessApp(server: server, token: FlowTests.token)
            defer { ui.abandon() }
            var screen = try await ui.wait(for: "r retries now, Esc stops")
            #expect(screen.contains("retry 2/5 in 60 s"), "\(screen)")
            #expect(screen.contains("127.0.0.1:"), "the server is named: \(screen)")
            #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 80 })
            let started = ContinuousClock.now
            try await ui.keys("r")
            screen = try await ui.wait("the list, loaded on the retry") {
                $0.contains("Alpine glacier") && !$0.contains("r retries now")
            }
            #expect(ContinuousClock.now - started < .seconds(30), "r did not wait out the minute")
            #expect(Self.listRequests(server) == 2)

            // Again (a reload), and this time Esc: the list loaded before stays, the status line says
            // the reload stopped, the program does not quit, and r loads.
            server.faults.add(
                FaultRule(
                    method: "GET", path: "/api/deposit/depositions", times: 1, action: .status, status: 429,
                    retryAfter: 60))
            try await ui.keys("r")
            _ = try await ui.wait(for: "r retries now, Esc stops")
            try await ui.keys("Escape")
            screen = try await ui.wait(for: "Reload failed, r tries again: stopped retrying")
            #expect(screen.contains("Alpine glacier"), "the list stays: \(screen)")
            #expect(!ui.hasEnded, "Esc stopped the retry, it did not quit")
            try await ui.keys("r")
            screen = try await ui.wait("the list again") {
                $0.contains("Alpine glacier") && !$0.contains("Reload failed")
            }
            // The r clears the status line at once; the reload's request may still be on its way.
            #expect(
                await Self.requests(server, reach: 4),
                "\(server.accessLog.all().map { "\($0.method) \($0.target) \($0.status)" })")
            try await ui.keys("q")
            #expect(try await ui.waitForExit() == 0)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// Nobody listens at the server's port: the list says so within seconds, naming the server and
    /// what to check; once the server is up, `r` loads the list.
    @Test func aServerThatCannotBeReachedIsSaidAtOnceAndRTriesAgain() async throws {
        // A port that was free a moment ago: LocalZenodo starts on it later.
        let probe = try await FlowTests.server()
        let port = probe.port
        await probe.stop()
        let ui = try InProcessApp(apiURL: "http://127.0.0.1:\(port)/api", token: FlowTests.token)
        defer { ui.abandon() }
        let started = ContinuousClock.now
        var screen = try await ui.wait(for: "Press r to try again")
        let took = ContinuousClock.now - started
        // Idle it takes well under a second; two CPU hogs beside the whole suite have made it 14 s.
        // Retries would take over a minute (and show "retry 2/", checked below).
        #expect(took < .seconds(45), "said at once, not after a minute of retries: \(took)")
        #expect(screen.contains("Could not load your depositions"), "\(screen)")
        #expect(screen.contains("refused the connection"), "\(screen)")
        #expect(screen.contains("127.0.0.1:\(port)"), "\(screen)")
        #expect(screen.contains("LOCAL"), "the badge stays: \(screen)")
        #expect(!screen.contains("retry 2/"), "a refused connection is not retried")

        let server = try await FlowTests.server(port: port)
        do {
            try await ui.keys("r")
            screen = try await ui.wait("the list, once the server is up") { $0.contains("Alpine glacier") }
            try await ui.keys("q")
            #expect(try await ui.waitForExit() == 0)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
