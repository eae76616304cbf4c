import Foundation
import LocalZenodo
import Testing

/// What Zenodo puts on the wire that a client can trip over (issue 10, point 7; docs/fidelity.md
/// rows 7b, 7c, 7l): header names and limits, float sizes, nulls, replaced and broken uploads.
@Suite struct WireFidelityTests {
    /// The header block curl received, as lines.
    private func headerLines(_ arguments: [String]) async throws -> [String] {
        let result = try await Curl.run(["-D", "/dev/stderr"] + arguments)
        return result.trace.components(separatedBy: "\r\n")
    }

    @Test func rateLimitHeadersAreLowerCaseOnEveryAnswerAndGuestsGetFewer() async throws {
        try await TestServer.with { server in
            // Not the search: `records.search` has its own limit, 30 (sample 20 is a record GET).
            let guest = try await headerLines(["\(server.api)/vocabularies/licenses"])
            #expect(guest.contains("x-ratelimit-limit: 133"), "anonymous: RATELIMIT_GUEST_USER, sample 20")
            #expect(guest.contains { $0.hasPrefix("x-ratelimit-remaining: ") })
            #expect(guest.contains { $0.hasPrefix("x-ratelimit-reset: ") })
            let retry = guest.first { $0.hasPrefix("retry-after: ") }.map { Int($0.dropFirst(13)) ?? 0 } ?? 0
            #expect((1...60).contains(retry), "retry-after on a 200 as in samples 05 and 23: \(guest)")

            let user = try await headerLines(["-H", "Authorization: Bearer \(TestServer.tokenA)", server.depositions])
            #expect(user.contains("x-ratelimit-limit: 1000"))
            let missing = try await headerLines([
                "-H", "Authorization: Bearer \(TestServer.tokenA)", "\(server.depositions)/999999",
            ])
            #expect(missing.first?.contains("404") == true)
            #expect(missing.contains("x-ratelimit-limit: 1000"), "errors carry them too")
            #expect(!guest.contains { $0.hasPrefix("X-RateLimit") }, "never the capitalised names")
        }
    }

    @Test func guestsAreLimitedTogetherAndBeforeUsers() async throws {
        try await TestServer.with({
            $0.rateLimit = 5
            $0.anonymousRateLimit = 2
        }) { server in
            // Not the search: `records.search` has a limit of its own instead (row B10).
            let guests = [
                try await HTTP.get("\(server.api)/vocabularies/licenses", token: nil).status,
                try await HTTP.get("\(server.api)/vocabularies/licenses", token: "not-a-token").status,
                try await HTTP.get("\(server.api)/vocabularies/licenses", token: nil).status,
            ]
            #expect(guests == [200, 200, 429], "an unknown token counts as a guest")
            let user = try await HTTP.get(server.depositions)
            #expect(user.status == 200)
            #expect(user.header("x-ratelimit-limit") == "5")
        }
    }

    @Test func gatewayPagesCarryNoRateLimitHeaders() async throws {
        try await TestServer.with({
            $0.faults = [FaultRule(method: "GET", path: "/api/records", action: .status, status: 503)]
        }) { server in
            let reply = try await HTTP.get("\(server.api)/records")
            #expect(reply.status == 503)
            #expect(reply.header("retry-after") == nil, "nginx's own page: a client must not wait a minute for it")
            #expect(reply.header("x-ratelimit-limit") == nil)
        }
    }

    @Test func theFilesListingWritesSizesAsFloatsAndDepositionsAsInts() async throws {
        try await TestServer.with { server in
            let draft = try await server.create()
            let id = draft["id"].int!
            _ = try await server.put(Data("12345678".utf8), key: "a.csv", bucket: draft["links"]["bucket"].string!)
            let listing = try await HTTP.get("\(server.depositions)/\(id)/files")
            #expect(listing.text.contains("\"filesize\":8.0"), "sample 03: \(listing.text)")
            let deposition = try await HTTP.get("\(server.depositions)/\(id)")
            #expect(deposition.text.contains("\"filesize\":8,"), "sample 02")
        }
    }

    @Test func peopleAlwaysHaveAnAffiliationAndUnknownRolesAreNull() async throws {
        try await TestServer.with { server in
            let draft = try await server.create()
            let id = draft["id"].int!
            let metadata: [String: Any] = [
                "title": "People", "upload_type": "dataset", "description": "d",
                "creators": [["name": "Doe, Jane"], ["name": "Roe, Rick", "affiliation": "CERN"]],
                "contributors": [
                    ["name": "Poe, Pat", "type": "DataCurator"], ["name": "Loe, Lee", "type": "Wizard"],
                ],
            ]
            let saved = try await HTTP.send(.PUT, "\(server.depositions)/\(id)", json: Body(["metadata": metadata]))
            #expect(saved.status == 200)
            let creators = saved.json["metadata"]["creators"].array
            #expect(creators[0]["affiliation"] == .null, "sample 22: null, not absent")
            #expect(creators[1]["affiliation"].string == "CERN")
            let contributors = saved.json["metadata"]["contributors"].array
            #expect(contributors[0]["type"].string == "DataCurator")
            #expect(contributors[0]["affiliation"] == .null)
            #expect(contributors[1]["type"] == .null, "ContributorSchema.dump_role")
        }
    }

    @Test func replacingAKeyMakesANewFileWithANewCreated() async throws {
        try await TestServer.with { server in
            let draft = try await server.create()
            let bucket = draft["links"]["bucket"].string!
            let first = try await server.put(Data("one".utf8), key: "a.csv", bucket: bucket)
            let second = try await server.put(Data("two".utf8), key: "a.csv", bucket: bucket)
            #expect(first.json["created"].string != nil)
            #expect(second.json["created"].string != first.json["created"].string, "deleted, then created again")
            #expect(second.json["version_id"].string != first.json["version_id"].string)
        }
    }

    @Test func aBodyShorterThanItsLengthStoresNothingAndKeepsTheOldFile() async throws {
        try await TestServer.with { server in
            let draft = try await server.create()
            let id = draft["id"].int!
            let bucket = draft["links"]["bucket"].string!
            _ = try await server.put(Data("the original".utf8), key: "a.csv", bucket: bucket)
            let path = URL(string: bucket)!.path + "/a.csv"
            let head =
                "PUT \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TestServer.tokenA)\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n"
            // A deadline for a busy machine: the answer comes at once when all is well.
            let answer = try await RawSocket.exchange(
                port: server.server.port, bytes: Data((head + "only 19 bytes here.").utf8), timeout: 90)
            // The client closed its sending half after 19 of 100 bytes: the server still answers.
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
            #expect(answer.contains("The file upload transfer failed, please try again."))
            let files = try await server.deposition(id)["files"].array
            #expect(files.count == 1)
            #expect(files.first?["checksum"].string == md5Hex(Data("the original".utf8)), "the old content stays")
            #expect(try await HTTP.get("\(bucket)/a.csv").text == "the original")
        }
    }
}
