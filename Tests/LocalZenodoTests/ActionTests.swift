import Foundation
import Testing

/// Publish, edit, discard and newversion as Zenodo answers them today.
@Suite struct ActionTests {
    @Test func publishChecksEveryRuleOnlyAtPublishTime() async throws {
        try await TestServer.with { server in
            let draft = try await server.create([
                "upload_type": "publication", "title": "ab", "creators": [["name": ""]],
                "contributors": [["name": "Doe, J"]], "access_right": "embargoed", "embargo_date": "2001-01-01",
                "description": "x",
            ])
            #expect(draft["state"].string == "unsubmitted", "incomplete metadata is saved without complaint")
            let reply = try await server.action(draft["id"].int!, "publish")
            #expect(reply.status == 400)
            #expect(reply.json["message"].string == "A validation error occurred.")
            let fields = Set(reply.json["errors"].array.compactMap { $0["field"].string })
            #expect(
                fields == [
                    "metadata.resource_type", "metadata.title", "metadata.creators.0.person_or_org.family_name",
                    "metadata.contributors.0.role", "access.embargo.until", "metadata.description",
                ], "files only once the metadata is valid (`_validate_draft` raises first)")
        }
    }

    @Test func publishAnswers202WithDOIsAndLocksTheRecord() async throws {
        try await TestServer.with { server in
            let draft = try await server.create(TestServer.completeMetadata)
            let id = draft["id"].int!
            _ = try await server.put(Data("1".utf8), key: "a.txt", bucket: draft["links"]["bucket"].string!)
            let reply = try await server.action(id, "publish")
            #expect(reply.status == 202)
            #expect(reply.json["state"].string == "done")
            #expect(reply.json["submitted"].bool == true)
            #expect(reply.json["doi"].string == "10.5281/zenodo.\(id)")
            #expect(reply.json["doi_url"].string == "https://doi.org/10.5281/zenodo.\(id)")
            #expect(reply.json["conceptdoi"].string == "10.5281/zenodo.\(id - 1)")
            #expect(reply.json["links"]["record"].string == "\(server.api)/records/\(id)")
            #expect(try await server.action(id, "publish").status == 404, "publishing again without a draft is 404")
        }
    }

    @Test func editOpensAnInProgressDraftWithFilesLockedAndDiscardDropsIt() async throws {
        try await TestServer.with { server in
            let id = try await server.publishedRecord()
            let edit = try await server.action(id, "edit")
            #expect(edit.status == 201)
            #expect(edit.json["state"].string == "inprogress")
            #expect(edit.json["submitted"].bool == true)
            #expect(try await server.action(id, "edit").status == 201, "editing again returns the same draft")
            let bucket = edit.json["links"]["bucket"].string!
            #expect(
                try await server.put(Data("x".utf8), key: "new.txt", bucket: bucket).status == 403, "files stay locked")

            var metadata = TestServer.completeMetadata
            metadata["title"] = "Edited title"
            let put = try await HTTP.send(.PUT, "\(server.depositions)/\(id)", json: Body(["metadata": metadata]))
            #expect(put.status == 200)
            #expect(
                try await HTTP.get("\(server.api)/records/\(id)", token: nil).json["title"].string
                    == "Sensor calibration data",
                "the public record shows the edit only after publish")
            let discard = try await server.action(id, "discard")
            #expect(discard.status == 204)
            #expect(discard.body.isEmpty)
            let after = try await server.deposition(id)
            #expect(after["state"].string == "done")
            #expect(after["title"].string == "Sensor calibration data")

            _ = try await server.action(id, "edit")
            _ = try await HTTP.send(.PUT, "\(server.depositions)/\(id)", json: Body(["metadata": metadata]))
            #expect(try await server.action(id, "publish").status == 202)
            #expect(
                try await HTTP.get("\(server.api)/records/\(id)", token: nil).json["title"].string == "Edited title")
        }
    }

    @Test func discardOnANeverPublishedDraftDeletesIt() async throws {
        try await TestServer.with { server in
            let id = try await server.create(["title": "Precious"])["id"].int!
            #expect(try await server.action(id, "discard").status == 204)
            #expect(try await HTTP.get("\(server.depositions)/\(id)").status == 404)
        }
    }

    @Test func newVersionCopiesFilesDropsVersionResetsDateAndTrapsASecondCall() async throws {
        try await TestServer.with { server in
            var metadata = TestServer.completeMetadata
            metadata["version"] = "1.0"
            let first = try await server.create(metadata)
            let id = first["id"].int!
            _ = try await server.put(Data("v1".utf8), key: "data.csv", bucket: first["links"]["bucket"].string!)
            #expect(try await server.action(id, "publish").status == 202)

            let reply = try await server.action(id, "newversion")
            #expect(reply.status == 201)
            let draft = reply.json
            let newID = try #require(draft["id"].int)
            #expect(newID != id, "the body is the new draft")
            #expect(draft["state"].string == "unsubmitted")
            #expect(draft["conceptrecid"].string == first["conceptrecid"].string)
            #expect(draft["links"]["latest_draft"].string == "\(server.depositions)/\(newID)")
            #expect(!draft["metadata"]["version"].exists, "version is dropped")
            #expect(
                draft["metadata"]["publication_date"].string
                    == String(ISO8601DateFormatter().string(from: Date()).prefix(10)))
            #expect(draft["files"].array.map { $0["filename"].string } == ["data.csv"], "files are copied")
            #expect(draft["conceptdoi"].string == "10.5281/zenodo.\(id - 1)")

            let again = try await server.action(id, "newversion")
            #expect(again.status == 400)
            #expect(again.json["errors"][0]["field"].string == "files.enabled")
            #expect(again.json["errors"][0]["messages"][0].string == "Please remove all files first.")

            // Empty the draft: newversion then reuses it and imports the files again.
            let fileID = draft["files"][0]["id"].string!
            #expect(try await HTTP.send(.DELETE, "\(server.depositions)/\(newID)/files/\(fileID)").status == 204)
            let reused = try await server.action(id, "newversion")
            #expect(reused.status == 201)
            #expect(reused.json["id"].int == newID)
            #expect(reused.json["files"].array.count == 1)

            // Publish v2: v1 may still be named (Zenodo starts from the latest); the draft that makes
            // already holds the latest's files, so naming v2 next is "Please remove all files first.".
            let bucket = try await server.deposition(newID)["links"]["bucket"].string!
            _ = try await server.put(Data("v2".utf8), key: "data.csv", bucket: bucket)
            #expect(try await server.action(newID, "publish").status == 202)
            #expect(try await server.action(id, "newversion").status == 201)
            #expect(try await server.action(newID, "newversion").status == 400)
            let unpublished = try await server.create()["id"].int!
            #expect(try await server.action(unpublished, "newversion").status == 404)

            // The old version keeps its own file content.
            let old = try await HTTP.get("\(server.api)/records/\(id)/files/data.csv/content", token: nil)
            #expect(old.text == "v1")
        }
    }
}
