import Foundation
import Testing

/// LocalZenodo's JSON compared with hand-written fixtures in Zenodo's real shapes.
@Suite struct ShapeTests {
    @Test func draftWithFileHasTheLegacyDepositionShape() async throws {
        try await TestServer.with { server in
            let draft = try await server.create(TestServer.completeMetadata)
            let put = try await server.put(
                Data("x,y\n".utf8), key: "readings.csv", bucket: draft["links"]["bucket"].string!)
            #expect(put.status == 201)
            let reply = try await HTTP.get("\(server.depositions)/\(draft["id"].int!)")
            #expect(reply.status == 200)
            #expect(shapeProblems(reply.json, like: Fixture.load("deposition-draft")) == [])
            let d = reply.json
            #expect(d["conceptrecid"].string == String(d["id"].int! - 1))
            #expect(d["record_id"].int == d["id"].int)
            #expect(d["metadata"]["prereserve_doi"]["doi"].string == "10.5281/zenodo.\(d["id"].int!)")
            #expect(d["metadata"]["license"].string == "cc-zero", "CC0-1.0 comes back as the legacy id")
            #expect(d["files"][0]["checksum"].string?.count == 32, "deposition files carry a bare MD5")
            #expect(d["files"][0]["checksum"].string == md5Hex(Data("x,y\n".utf8)))
            #expect(isZenodoTimestamp(d["created"].string))
            #expect(isZenodoTimestamp(d["modified"].string))
            #expect(reply.header("ETag")?.hasPrefix("\"") == true)
            #expect(d["links"]["self"].string?.hasPrefix(server.api + "/deposit/depositions/") == true)
        }
    }

    @Test func bucketPutAnswersTheObjectShapeWithPrefixedChecksum() async throws {
        try await TestServer.with { server in
            let draft = try await server.create()
            let data = Data(repeating: 7, count: 48213)
            let reply = try await server.put(data, key: "readings.csv", bucket: draft["links"]["bucket"].string!)
            #expect(reply.status == 201)
            #expect(shapeProblems(reply.json, like: Fixture.load("bucket-object")) == [])
            #expect(reply.json["checksum"].string == "md5:" + md5Hex(data))
            #expect(reply.json["size"].int == 48213)
            #expect(reply.json["mimetype"].string == "text/csv")
        }
    }

    @Test func publishedDepositionAndRecordHaveTheirOwnShapes() async throws {
        try await TestServer.with { server in
            let id = try await server.publishedRecord()
            let deposition = try await HTTP.get("\(server.depositions)/\(id)")
            let fixture = Fixture.load("deposition-published")
            // The fixture's metadata has fewer fields than `completeMetadata`: compare the envelope exactly
            // and the metadata by inclusion.
            #expect(shapeProblems(deposition.json, like: fixture, exactKeys: false) == [])
            #expect(deposition.json.keys == fixture.keys)
            #expect(deposition.json["links"].keys == fixture["links"].keys)
            #expect(deposition.json["links"]["self"].string == "\(server.api)/records/\(id)")

            let record = try await HTTP.get("\(server.api)/records/\(id)", token: nil)
            #expect(record.status == 200)
            #expect(shapeProblems(record.json, like: Fixture.load("record"), exactKeys: false) == [])
            #expect(record.json["recid"].string == String(id))
            #expect(record.json["metadata"]["resource_type"]["type"].string == "dataset")
            #expect(record.json["metadata"]["license"]["id"].string == "cc-zero")
            #expect(record.json["files"][0]["checksum"].string?.hasPrefix("md5:") == true)
            #expect(!record.json["links"]["bucket"].exists, "Zenodo JSON has no bucket link")
            #expect(!record.json["metadata"]["upload_type"].exists)
        }
    }

    @Test func publishValidationErrorHasTheRDMShape() async throws {
        try await TestServer.with { server in
            let draft = try await server.create()
            let reply = try await server.action(draft["id"].int!, "publish")
            #expect(reply.status == 400)
            #expect(shapeProblems(reply.json, like: Fixture.load("publish-validation-error")) == [])
            let fields = Set(reply.json["errors"].array.compactMap { $0["field"].string })
            // Metadata first: files are judged only once it is valid (`DraftFilesComponent.publish`).
            #expect(fields == ["metadata.creators", "metadata.resource_type", "metadata.title"])
        }
    }

    @Test func recordSearchHasHitsTotalAndLinks() async throws {
        try await TestServer.with { server in
            for _ in 0..<3 { _ = try await server.publishedRecord() }
            let reply = try await HTTP.get("\(server.api)/records?size=2", token: nil)
            #expect(shapeProblems(reply.json, like: Fixture.load("records-search")) == [])
            #expect(reply.json["hits"]["total"].int == 3)
            #expect(reply.json["hits"]["hits"].array.count == 2)
            #expect(reply.json["links"]["next"].string == "\(server.api)/records?page=2&size=2")
            let second = try await HTTP.get(reply.json["links"]["next"].string!, token: nil)
            #expect(second.json["hits"]["hits"].array.count == 1)
            #expect(!second.json["links"]["next"].exists)
            #expect(second.json["links"]["prev"].exists)
        }
    }
}

/// The shape comparison itself must be able to fail, or the tests above prove nothing.
@Suite struct ShapeComparisonTests {
    @Test func reportsMissingKeysWrongTypesAndExtras() {
        let fixture = JSON(parse: Data(#"{"id": 1, "conceptrecid": "1", "links": {"self": "x"}}"#.utf8))
        let actual = JSON(parse: Data(#"{"id": "1", "links": {"self": "x", "bucket": "y"}}"#.utf8))
        let problems = shapeProblems(actual, like: fixture)
        #expect(problems.contains("$.id: expected integer, got string"))
        #expect(problems.contains("$.conceptrecid: expected string, got missing"))
        #expect(problems.contains("$.links.bucket: not in fixture"))
        #expect(shapeProblems(actual, like: fixture, exactKeys: false).count == 2)
    }

    @Test func timestampsWithZOrWithoutOffsetAreNotZenodos() {
        #expect(isZenodoTimestamp("2026-03-02T10:15:42.123456+00:00"))
        #expect(isZenodoTimestamp("2026-03-02T10:15:42+00:00"))
        #expect(!isZenodoTimestamp("2026-03-02T10:15:42Z"))
        #expect(!isZenodoTimestamp("2026-03-02T10:15:42.123+00:00"))
    }
}
