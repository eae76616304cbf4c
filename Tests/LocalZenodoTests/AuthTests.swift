import Foundation
import Testing

/// Tokens: header or query, anonymous and unknown tokens refused, depositions private to their owner,
/// and tokens never in the access log.
@Suite struct AuthTests {
    /// invenio-oauth2server leaves a request whose token does not verify anonymous: deposit routes
    /// answer 403 as for no token, public record routes answer as for anyone (never 401).
    @Test func anUnknownTokenIsAnonymous403OnDepositsAnd200OnPublicRecords() async throws {
        try await TestServer.with { server in
            let anonymous = try await HTTP.get(server.depositions, token: nil)
            #expect(anonymous.status == 403)
            #expect(anonymous.json["message"].string == "Permission denied.")
            let unknown = try await HTTP.get(server.depositions, token: "not-a-token")
            #expect(unknown.status == 403)
            #expect(unknown.json == anonymous.json)
            #expect(
                try await HTTP.send(.POST, server.depositions, token: "not-a-token", json: Body([String: Any]())).status
                    == 403)
            let id = try await server.publishedRecord()
            #expect(try await HTTP.get("\(server.api)/records", token: "not-a-token").status == 200)
            let record = try await HTTP.get("\(server.api)/records/\(id)", token: "not-a-token")
            #expect(record.status == 200)
            #expect(record.json["id"].int == id)
            let page = try await HTTP.get("\(server.api)/records?size=26", token: "not-a-token")
            #expect(page.status == 400, "an unknown token gets the anonymous page-size limit")
        }
    }

    @Test func depositionsBelongToTheTokenThatCreatedThem() async throws {
        try await TestServer.with { server in
            let alice = try await server.create(["title": "Alice's"])
            let id = alice["id"].int!
            #expect(try await HTTP.get("\(server.depositions)/\(id)", token: TestServer.tokenB).status == 403)
            #expect(try await HTTP.send(.DELETE, "\(server.depositions)/\(id)", token: TestServer.tokenB).status == 403)
            #expect(try await server.action(id, "publish", token: TestServer.tokenB).status == 403)
            #expect(try await HTTP.get(server.depositions, token: TestServer.tokenB).json.array.isEmpty)
            let bob = try await server.create(["title": "Bob's"], token: TestServer.tokenB)
            #expect(bob["owner"].int != alice["owner"].int)
            #expect(try await HTTP.get(server.depositions).json.array.count == 1)
        }
    }

    @Test func queryTokenWorksButIsRedactedInTheAccessLog() async throws {
        try await TestServer.with { server in
            let viaQuery = try await HTTP.get(
                "\(server.depositions)?access_token=\(TestServer.tokenA)&size=5", token: nil)
            #expect(viaQuery.status == 200)
            _ = try await HTTP.get(server.depositions)
            let log = server.server.accessLog.all()
            #expect(log.count == 2)
            #expect(log[0].credential == "query")
            #expect(log[0].target == "/api/deposit/depositions?access_token=REDACTED&size=5")
            #expect(log[1].credential == "header")
            #expect(!log.map(\.line).joined().contains(TestServer.tokenA))
        }
    }
}
