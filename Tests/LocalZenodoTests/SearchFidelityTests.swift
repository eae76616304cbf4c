import Foundation
import LocalZenodo
import Testing

/// Records search as Zenodo's configuration and InvenioRDM's code answer it (issue 27, rows B1–B4).
@Suite struct SearchFidelityTests {
    func published(_ server: TestServer, date: String) async throws -> Int {
        var metadata = TestServer.completeMetadata
        metadata["publication_date"] = date
        let draft = try await server.create(metadata)
        let id = draft["id"].int!
        _ = try await server.put(Data("x".utf8), key: "x.txt", bucket: draft["links"]["bucket"].string!)
        #expect(try await server.action(id, "publish").status == 202)
        return id
    }

    @Test func publicationDateSortsNewestFirstAndItsMinusOldestFirst() async throws {
        try await TestServer.with { server in
            let old = try await published(server, date: "2001-01-01")
            let new = try await published(server, date: "2024-06-30")
            let mid = try await published(server, date: "2012-03-04")
            func order(_ sort: String) async throws -> [Int] {
                try await HTTP.get("\(server.api)/records?sort=\(sort)", token: nil).json["hits"]["hits"].array
                    .compactMap { $0["id"].int }
            }
            #expect(
                try await order("publication_date") == [new, mid, old],
                "`-metadata.publication_date` in Zenodo's invenio.cfg")
            #expect(try await order("-publication_date") == [old, mid, new])
            #expect(try await order("publication-desc") == [new, mid, old])
            for name in [
                "-mostviewed", "journal", "-journal", "conference_session", "-conference_session", "newestactivity",
            ] {
                #expect(
                    try await HTTP.get("\(server.api)/records?sort=\(name)", token: nil).status == 200,
                    "\(name) is one of Zenodo's")
            }
        }
    }

    @Test func theZenodoJSONEnvelopeHasNoSortBy() async throws {
        try await TestServer.with { server in
            _ = try await server.publishedRecord()
            let reply = try await HTTP.get("\(server.api)/records", token: nil)
            #expect(reply.json["sortBy"] == .missing, "`load_only` in ZenodoListSchema; sample 13 has none")
            #expect(reply.json["aggregations"] != .missing)
        }
    }

    @Test func versionsAllowGuests25APage() async throws {
        try await TestServer.with { server in
            let id = try await server.publishedRecord()
            let guest = try await HTTP.get("\(server.api)/records/\(id)/versions?size=26", token: nil)
            #expect(guest.status == 400)
            #expect(
                guest.json["errors"][0]["messages"][0].string
                    == "Page size cannot be greater than 25. Please use authenticated requests to increase the limit to 100."
            )
            #expect(try await HTTP.get("\(server.api)/records/\(id)/versions?size=25", token: nil).status == 200)
            #expect(try await HTTP.get("\(server.api)/records/\(id)/versions?size=100").status == 200, "with a token")
        }
    }
}

/// `records.search` has its own limit, 30 a minute (zenodo-rdm `invenio.cfg` `RATELIMIT_PER_ENDPOINT`).
@Suite struct SearchRateLimitServerTests {
    @Test func theThirtyFirstSearchInAWindowIs429WithTheSearchLimitsHeaders() async throws {
        // The server's clock stands still: the 31 searches fall in one window however slow the machine.
        let frozen = Date()
        try await TestServer.with({
            $0.rateLimit = 1000
            $0.clock = { frozen }
        }) { server in
            var last: Reply?
            for _ in 1...30 { last = try await HTTP.get("\(server.api)/records?q=x", token: nil) }
            #expect(last?.status == 200)
            #expect(last?.header("x-ratelimit-limit") == "30", "the search's own limit")
            #expect(last?.header("x-ratelimit-remaining") == "0")
            let refused = try await HTTP.get("\(server.api)/records?q=y", token: nil)
            #expect(refused.status == 429)
            #expect(refused.json["message"].string == "30 per 1 minute")
            #expect(refused.header("retry-after") != nil)
            let other = try await HTTP.get("\(server.api)/licenses", token: nil)
            #expect(other.status != 429, "other routes keep the general limit")
            #expect(other.header("x-ratelimit-limit") == "133")
            // invenio-app's `set_rate_limit` gives the search its own limit instead of the guest's:
            // 31 searches took nothing of the 133.
            #expect(
                other.header("x-ratelimit-remaining") == "132",
                "only this request counted: \(other.header("x-ratelimit-remaining") ?? "-")")
        }
    }
}

/// `communities=` as zenodo_rdm's `LegacyCommunitiesParam` reads it (row B7).
@Suite struct CommunityFilterTests {
    @Test func anUnknownSlugIsDroppedAndWithNoneLeftNothingIsFiltered() async throws {
        try await TestServer.with({ $0.seedDemo = true }) { server in
            let all = try await HTTP.get("\(server.api)/records", token: nil).json["hits"]["total"].int ?? 0
            let glaciology =
                try await HTTP.get("\(server.api)/records?communities=glaciology", token: nil).json["hits"]["total"].int
                ?? 0
            #expect(glaciology > 0 && glaciology < all, "a known community filters")
            let unknown = try await HTTP.get("\(server.api)/records?communities=no-such-community", token: nil)
            #expect(unknown.json["hits"]["total"].int == all, "no slug resolves: no filter at all")
            let mixed = try await HTTP.get("\(server.api)/records?communities=glaciology&communities=nope", token: nil)
            #expect(mixed.json["hits"]["total"].int == glaciology, "the unknown one is dropped")
            #expect(try await HTTP.get("\(server.api)/communities/glaciology", token: nil).status == 200)
            #expect(try await HTTP.get("\(server.api)/communities/nope", token: nil).status == 404)
        }
    }
}

/// What a repository serves at `/` names it: clients tell InvenioRDM by its generator tag.
@Suite struct FrontPageTests {
    @Test(arguments: [(Flavor.inveniordm, "InvenioRDM 14.0"), (.production, "InvenioRDM 15.0")])
    func theFrontPageNamesInvenioRDMInItsGeneratorTag(_ flavor: Flavor, _ generator: String) async throws {
        try await TestServer.with({ $0.flavor = flavor }) { server in
            let page = try await HTTP.get(server.api.replacingOccurrences(of: "/api", with: "/"), token: nil)
            #expect(page.status == 200)
            #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(page.text.contains("<meta name=\"generator\" content=\"\(generator)\"/>"), "\(page.text)")
        }
    }
}
