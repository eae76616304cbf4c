import Foundation
import Testing

@Suite struct RateLimitTests {
    @Test func everyResponseCarriesTheHeadersAndTheExcessIs429() async throws {
        try await TestServer.with({ $0.rateLimit = 3 }) { server in
            var remaining: [String] = []
            // The window opens with the first request: its reset lies a minute after a moment
            // between `before` and the answer (bounds, not a tolerance: the suite runs on busy
            // machines, where an answer took 12 s).
            let before = Int(Date().timeIntervalSince1970)
            for _ in 0..<3 {
                let reply = try await HTTP.get(server.depositions)
                let after = Int(Date().timeIntervalSince1970)
                #expect(reply.status == 200)
                #expect(reply.header("X-RateLimit-Limit") == "3")
                remaining.append(reply.header("X-RateLimit-Remaining") ?? "")
                let reset = Int(reply.header("X-RateLimit-Reset") ?? "") ?? 0
                #expect(
                    reset >= before + 60 - 1 && reset <= after + 60 + 1,
                    "reset is in Unix seconds, a minute ahead: \(reset) for \(before)...\(after)")
            }
            #expect(remaining == ["2", "1", "0"])
            let refused = try await HTTP.get(server.depositions)
            #expect(refused.status == 429)
            #expect(refused.json["message"].string == "3 per 1 minute")
            #expect(Int(refused.header("Retry-After") ?? "") ?? 0 >= 1)
            #expect(try await HTTP.get(server.depositions, token: TestServer.tokenB).status == 200, "counted per token")
        }
    }

    @Test func withoutALimitNothingIsRefused() async throws {
        // One window however slow the machine: the server's clock stands still.
        let frozen = Date()
        try await TestServer.with({ $0.clock = { frozen } }) { server in
            var statuses: [Int] = []
            for _ in 0..<20 { statuses.append(try await HTTP.get(server.depositions).status) }
            #expect(statuses == Array(repeating: 200, count: 20))
            let last = try await HTTP.get(server.depositions)
            #expect(last.header("X-RateLimit-Remaining") == "979", "headers count down even when nothing is enforced")
        }
    }
}
