import Foundation
import Testing

/// `/api/records`: public search, Zenodo JSON, downloads, versions.
@Suite struct RecordTests {
    @Test func anonymousSearchIsLimitedTo25PerPage() async throws {
        try await TestServer.with { server in
            let anonymous = try await HTTP.get("\(server.api)/records?size=26", token: nil)
            #expect(anonymous.status == 400)
            #expect(
                anonymous.json["errors"][0]["messages"][0].string?.hasPrefix("Page size cannot be greater than 25.")
                    == true)
            #expect(try await HTTP.get("\(server.api)/records?size=100").status == 200)
            #expect(try await HTTP.get("\(server.api)/records?size=101").status == 400)
        }
    }

    @Test func draftsAreNotRecordsAndSearchFindsByQuery() async throws {
        try await TestServer.with { server in
            let draft = try await server.create(["title": "Secret draft"])["id"].int!
            #expect(try await HTTP.get("\(server.api)/records/\(draft)", token: nil).status == 404)
            _ = try await server.publishedRecord()
            let hits = try await HTTP.get("\(server.api)/records?q=calibration", token: nil)
            #expect(hits.json["hits"]["total"].int == 1)
            let none = try await HTTP.get("\(server.api)/records?q=secret", token: nil)
            #expect(none.json["hits"]["total"].int == 0)
        }
    }

    @Test func versionsLatestRedirectsAndRelationsCountVersions() async throws {
        try await TestServer.with { server in
            let v1 = try await server.publishedRecord()
            let v2 = try await server.action(v1, "newversion").json["id"].int!
            #expect(try await server.action(v2, "publish").status == 202)
            let latest = try await HTTP.get("\(server.api)/records/\(v1)/versions/latest", token: nil)
            #expect(latest.status == 302)
            #expect(latest.header("Location") == "\(server.api)/records/\(v2)")
            let record = try await HTTP.get("\(server.api)/records/\(v1)", token: nil).json
            #expect(record["metadata"]["relations"]["version"][0]["index"].int == 0)
            #expect(record["metadata"]["relations"]["version"][0]["is_last"].bool == false)
            let versions = try await HTTP.get("\(server.api)/records/\(v1)/versions", token: nil)
            #expect(versions.json["hits"]["total"].int == 2)
            let search = try await HTTP.get("\(server.api)/records", token: nil)
            #expect(search.json["hits"]["total"].int == 1, "only the latest version by default")
            let all = try await HTTP.get("\(server.api)/records?all_versions=true", token: nil)
            #expect(all.json["hits"]["total"].int == 2)
        }
    }

    @Test func embargoedFilesNeedTheOwner() async throws {
        try await TestServer.with { server in
            var metadata = TestServer.completeMetadata
            metadata["access_right"] = "embargoed"
            metadata["embargo_date"] = "2999-01-01"
            let draft = try await server.create(metadata)
            let id = draft["id"].int!
            _ = try await server.put(Data("secret".utf8), key: "s.txt", bucket: draft["links"]["bucket"].string!)
            #expect(try await server.action(id, "publish").status == 202)
            let url = "\(server.api)/records/\(id)/files/s.txt/content"
            #expect(try await HTTP.get(url, token: nil).status == 403)
            #expect(try await HTTP.get(url, token: TestServer.tokenB).status == 403)
            #expect(try await HTTP.get(url).text == "secret")
            #expect(try await HTTP.get("\(server.api)/records/\(id)/files/nope.txt/content").status == 404)
        }
    }

    @Test func licensesVocabularyIsServed() async throws {
        try await TestServer.with { server in
            let redirect = try await HTTP.get("\(server.api)/licenses", token: nil)
            #expect(redirect.status == 301)
            let list = try await HTTP.get(redirect.header("Location")!, token: nil)
            #expect(list.json["hits"]["total"].int == 444, "the RDM vocabulary, not legacy ids")
            #expect(list.json["hits"]["hits"].array.count == 25, "25 a page by default (invenio-records-resources)")
            let titles = list.json["hits"]["hits"].array.compactMap { $0["title"]["en"].string?.lowercased() }
            #expect(titles == titles.sorted(), "sorted by title without a query")
            #expect(list.json["hits"]["hits"][0]["props"]["scheme"].string != nil)
            let all = try await HTTP.get("\(server.api)/vocabularies/licenses?size=500", token: nil)
            let ids = all.json["hits"]["hits"].array.compactMap { $0["id"].string }
            #expect(ids.count == 444)
            #expect(ids.contains("cc-by-4.0") && ids.contains("mit") && ids.contains("cc0-1.0"))
            #expect(!ids.contains("cc-zero") && !ids.contains("mit-license"), "legacy ids are not in the vocabulary")
            let mit = try await HTTP.get("\(server.api)/vocabularies/licenses?q=mit%20license", token: nil)
            #expect(
                mit.json["hits"]["hits"].array.contains {
                    $0["id"].string == "mit" && $0["title"]["en"].string == "MIT License"
                })
        }
    }
}
