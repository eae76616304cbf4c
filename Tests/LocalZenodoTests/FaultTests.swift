import AsyncHTTPClient
import Foundation
import LocalZenodo
import NIOCore
import Testing

/// Fault injection through `/_faults` and `--fault`.
@Suite struct FaultTests {
    static func inject(_ server: TestServer, _ rule: [String: Any]) async throws {
        let reply = try await HTTP.send(
            .POST, server.server.apiURL.replacingOccurrences(of: "/api", with: "/_faults"), json: Body(rule))
        precondition(reply.status == 201, "fault rule refused: \(reply.text)")
    }

    static func faultsURL(_ server: TestServer) -> String {
        server.api.replacingOccurrences(of: "/api", with: "/_faults")
    }

    @Test func dropClosesTheConnectionMidBodyAndStoresNothing() async throws {
        try await TestServer.with { server in
            let draft = try await server.create()
            try await Self.inject(
                server, ["method": "PUT", "path": "/api/files/*", "times": 1, "action": "drop", "after_bytes": 65536])
            let data = Data(count: 1024 * 1024)
            await #expect(throws: (any Error).self) {
                _ = try await server.put(data, key: "a.bin", bucket: draft["links"]["bucket"].string!)
            }
            #expect(
                try await server.deposition(draft["id"].int!)["files"].array.isEmpty, "a torn upload is never visible")
            let retry = try await server.put(data, key: "a.bin", bucket: draft["links"]["bucket"].string!)
            #expect(retry.status == 201, "the rule was used up")
            #expect(retry.json["checksum"].string == "md5:" + md5Hex(data))
        }
    }

    @Test func statusRulesApplyTimesThenStop() async throws {
        try await TestServer.with { server in
            try await Self.inject(
                server, ["method": "GET", "path": "/api/deposit/*", "times": 2, "action": "status", "status": 503])
            let first = try await HTTP.get(server.depositions)
            #expect(first.status == 503)
            #expect(first.header("Content-Type") == "text/html", "gateway errors come as HTML")
            #expect(try await HTTP.get(server.depositions).status == 503)
            #expect(try await HTTP.get(server.depositions).status == 200)
            #expect(try await HTTP.get(Self.faultsURL(server)).json.array.isEmpty)
        }
    }

    @Test func tooManyRequestsCarryRetryAfterInSecondsOrAsADate() async throws {
        try await TestServer.with { server in
            try await Self.inject(
                server, ["path": "/api/deposit/depositions", "action": "status", "status": 429, "retry_after": 7])
            let seconds = try await HTTP.get(server.depositions)
            #expect(seconds.status == 429)
            #expect(seconds.header("Retry-After") == "7")
            let date = "Wed, 21 Oct 2026 07:28:00 GMT"
            try await Self.inject(
                server,
                ["path": "/api/deposit/depositions", "action": "status", "status": 429, "retry_after_date": date])
            #expect(try await HTTP.get(server.depositions).header("Retry-After") == date)
        }
    }

    @Test func stallDelaysTheAnswer() async throws {
        try await TestServer.with { server in
            try await Self.inject(server, ["path": "/api/deposit/depositions", "action": "stall", "seconds": 0.3])
            let start = ContinuousClock.now
            #expect(try await HTTP.get(server.depositions).status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(300))
        }
    }

    @Test func wrongChecksumStoresTheFileButReportsAnotherMD5() async throws {
        try await TestServer.with { server in
            let draft = try await server.create()
            try await Self.inject(server, ["method": "PUT", "path": "/api/files/*", "action": "wrong_checksum"])
            let data = Data("payload".utf8)
            let reply = try await server.put(data, key: "p.txt", bucket: draft["links"]["bucket"].string!)
            #expect(reply.status == 201)
            #expect(reply.json["checksum"].string != "md5:" + md5Hex(data))
            #expect(try await server.deposition(draft["id"].int!)["files"][0]["checksum"].string == md5Hex(data))
        }
    }

    @Test func commitThenStatusPublishesAndStillAnswers504() async throws {
        try await TestServer.with { server in
            let draft = try await server.create(TestServer.completeMetadata)
            let id = draft["id"].int!
            _ = try await server.put(Data("1".utf8), key: "a", bucket: draft["links"]["bucket"].string!)
            try await Self.inject(
                server, ["method": "POST", "path": "*/actions/publish", "action": "commit_then_status", "status": 504])
            let reply = try await server.action(id, "publish")
            #expect(reply.status == 504)
            #expect(try await server.deposition(id)["state"].string == "done", "the publish happened anyway")
        }
    }

    @Test func faultRulesCanBeListedClearedAndRejectedWhenMalformed() async throws {
        try await TestServer.with { server in
            try await Self.inject(server, ["path": "/x", "times": 3, "action": "status", "status": 500])
            let listed = try await HTTP.get(Self.faultsURL(server))
            #expect(listed.json[0]["times"].int == 3)
            #expect(try await HTTP.send(.DELETE, Self.faultsURL(server)).status == 204)
            #expect(try await HTTP.get(Self.faultsURL(server)).json.array.isEmpty)
            let bad = try await HTTP.send(.POST, Self.faultsURL(server), json: Body(["action": "explode"]))
            #expect(bad.status == 400)
            let noStatus = try await HTTP.send(.POST, Self.faultsURL(server), json: Body(["action": "status"]))
            #expect(noStatus.status == 400)
        }
    }

    @Test func faultRoutesExistOnlyWithTheFlagButStartupRulesAlwaysApply() async throws {
        let adjust: (inout LocalZenodoConfiguration) -> Void = {
            $0.faultsAPI = false
            $0.faults = [FaultRuleFixture.startup]
        }
        try await TestServer.with(adjust) { server in
            let admin = try await HTTP.get(Self.faultsURL(server))
            #expect(admin.status == 404)
            #expect(try await HTTP.get(server.depositions).status == 502)
            #expect(try await HTTP.get(server.depositions).status == 200)
        }
    }
}

enum FaultRuleFixture {
    static let startup = FaultRule(
        method: "GET", path: "/api/deposit/depositions", times: 1, action: .status, status: 502)
}
