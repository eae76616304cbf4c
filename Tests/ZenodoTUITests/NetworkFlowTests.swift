import Foundation
import LocalZenodo
import Testing
import ZenodoKit

/// When the network is the problem (issue 16): every retry in the status line with `r` to retry
/// now and `Esc` to stop; a server that cannot be reached is said in the list within seconds, and
/// `r` tries again. The real binary in tmux against LocalZenodo.
@Suite(.serialized) struct NetworkFlowTests {
    static func environment(_ apiURL: String, state: URL) -> [String: String] {
        [
            "ZENODO_SERVER": apiURL, "ZENODO_TOKEN": FlowTests.token, "XDG_STATE_HOME": state.path, "HOME": state.path,
            "XDG_RUNTIME_DIR": state.path, "ZENODO_TUI_AGENT_IDLE": "1", "ZENODO_API": "legacy",
        ]
    }

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
        let tmux = Tmux()
        defer { tmux.stop() }
        let state = try FlowTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: state) }
        do {
            // A 429 asking for a minute: without `r` the list would wait 60 s.
            server.faults.add(FaultRule(method: "GET", path: "/api/deposit/depositions", times: 1, action: .status, status: 429, retryAfter: 60))
            try await tmux.start("\(Tmux.binary) browse", environment: Self.environment(server.apiURL, state: state), width: 80, height: 24)
            var screen = try await tmux.wait(for: "r retries now, Esc stops")
            #expect(screen.contains("retry 2/5 in 60 s"), "\(screen)")
            #expect(screen.contains("127.0.0.1:"), "the server is named: \(screen)")
            #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 80 })
            let started = ContinuousClock.now
            try await tmux.keys("r")
            screen = try await tmux.wait("the list, loaded on the retry") { $0.contains("Alpine glacier") && !$0.contains("r retries now") }
            #expect(ContinuousClock.now - started < .seconds(30), "r did not wait out the minute")
            #expect(Self.listRequests(server) == 2)

            // Again (a reload), and this time Esc: the list loaded before stays, the status line says
            // the reload stopped, the program does not quit, and r loads.
            server.faults.add(FaultRule(method: "GET", path: "/api/deposit/depositions", times: 1, action: .status, status: 429, retryAfter: 60))
            try await tmux.keys("r")
            _ = try await tmux.wait(for: "r retries now, Esc stops")
            try await tmux.keys("Escape")
            screen = try await tmux.wait(for: "Reload failed, r tries again: stopped retrying")
            #expect(screen.contains("Alpine glacier"), "the list stays: \(screen)")
            #expect(!screen.contains("EXITED"), "Esc stopped the retry, it did not quit")
            try await tmux.keys("r")
            screen = try await tmux.wait("the list again") { $0.contains("Alpine glacier") && !$0.contains("Reload failed") }
            // The r clears the status line at once; the reload's request may still be on its way.
            #expect(await Self.requests(server, reach: 4), "\(server.accessLog.all().map { "\($0.method) \($0.target) \($0.status)" })")
            try await tmux.keys("q")
            _ = try await FlowTests.waitForExit(tmux, code: 0)
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
        let tmux = Tmux()
        defer { tmux.stop() }
        let state = try FlowTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: state) }
        try await tmux.start(
            "\(Tmux.binary) browse", environment: Self.environment("http://127.0.0.1:\(port)/api", state: state), width: 80, height: 24)
        let started = ContinuousClock.now
        var screen = try await tmux.wait(for: "Press r to try again")
        let took = ContinuousClock.now - started
        #expect(took < .seconds(10), "said within seconds, not after a minute of retries: \(took)")
        #expect(screen.contains("Could not load your depositions"), "\(screen)")
        #expect(screen.contains("refused the connection"), "\(screen)")
        #expect(screen.contains("127.0.0.1:\(port)"), "\(screen)")
        #expect(screen.contains("LOCAL"), "the badge stays: \(screen)")
        #expect(!screen.contains("retry 2/"), "a refused connection is not retried")

        let server = try await FlowTests.server(port: port)
        do {
            try await tmux.keys("r")
            screen = try await tmux.wait("the list, once the server is up") { $0.contains("Alpine glacier") }
            try await tmux.keys("q")
            _ = try await FlowTests.waitForExit(tmux, code: 0)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
