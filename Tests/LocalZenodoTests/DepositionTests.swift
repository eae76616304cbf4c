import Foundation
import Testing

/// `/api/deposit/depositions`: list, create, get, update, delete, and Zenodo's error answers.
@Suite struct DepositionTests {
    @Test func listIsABareArrayWithoutBucketLinksAndPagesBySize() async throws {
        try await TestServer.with { server in
            for n in 0..<7 { _ = try await server.create(["title": "Deposition \(n)"]) }
            let page1 = try await HTTP.get("\(server.depositions)?size=3&page=1")
            #expect(page1.status == 200)
            #expect(page1.json.array.count == 3)
            #expect(page1.header("Link") == nil, "Zenodo sends no Link header")
            #expect(page1.json.array.allSatisfy { !$0["links"]["bucket"].exists })
            let page3 = try await HTTP.get("\(server.depositions)?size=3&page=3")
            #expect(page3.json.array.count == 1, "a short page ends the listing")
            let ids = page1.json.array.compactMap { $0["id"].int }
            #expect(ids == ids.sorted(by: >), "default sort is newest first")
            let oldest = try await HTTP.get("\(server.depositions)?size=3&sort=oldest")
            #expect(oldest.json[0]["title"].string == "Deposition 0")
            let mostrecent = try await HTTP.get("\(server.depositions)?size=3&sort=mostrecent")
            #expect(mostrecent.json[0]["title"].string == "Deposition 6")
            let reversed = try await HTTP.get("\(server.depositions)?size=3&sort=-mostrecent")
            #expect(reversed.json[0]["title"].string == "Deposition 0")
        }
    }

    @Test func listRejectsBadPagingAndSortWithZenodosMessages() async throws {
        try await TestServer.with { server in
            let big = try await HTTP.get("\(server.depositions)?size=101")
            #expect(big.status == 400)
            #expect(big.json["errors"][0]["messages"][0].string == "Page size cannot be greater than 100.")
            let far = try await HTTP.get("\(server.depositions)?size=100&page=101")
            #expect(
                far.json["message"].string == "Invalid querystring parameters.",
                "Pagination.valid's error, the handler's words")
            // `(page - 1) * size < 10000`: the last page that starts inside the window is valid.
            #expect(try await HTTP.get("\(server.depositions)?size=30&page=334").status == 200, "starts at 9990")
            #expect(try await HTTP.get("\(server.depositions)?size=30&page=335").status == 400, "starts at 10020")
            let sort = try await HTTP.get("\(server.depositions)?sort=sideways")
            #expect(sort.status == 400)
            #expect(sort.json["message"].string == "A validation error occurred.")
            #expect(sort.json["errors"][0]["field"].string == "_schema")
            #expect(sort.json["errors"][0]["messages"][0].string == "Invalid sort option 'sideways'.")
            let junk = try await HTTP.get("\(server.depositions)?page=abc")
            #expect(junk.json["message"].string == "Invalid querystring parameters.")
            // page × size past Int's range crashed the server (found by the `query` fuzz target).
            for url in [
                "\(server.depositions)?page=999999999999999999&size=25",
                "\(server.api)/records?page=9223372036854775807&size=2",
            ] {
                let overflow = try await HTTP.get(url)
                #expect(
                    overflow.status == 400 && overflow.json["message"].string == "Invalid querystring parameters.",
                    "\(url)")
            }
            #expect(try await HTTP.get("\(server.depositions)").status == 200, "the server is still up")
        }
    }

    @Test func queryFiltersByTitleAndLegacyFields() async throws {
        try await TestServer.with { server in
            let glacier = try await server.create(["title": "Glacier mass balance", "keywords": ["ice"]])
            _ = try await server.create(["title": "River sediment"])
            let byWord = try await HTTP.get("\(server.depositions)?q=glacier")
            #expect(byWord.json.array.map { $0["id"].int } == [glacier["id"].int])
            let byField = try await HTTP.get("\(server.depositions)?q=conceptrecid:\(glacier["conceptrecid"].string!)")
            #expect(byField.json.array.count == 1)
            let byQuoted = try await HTTP.get("\(server.depositions)?q=title:%22river%20sediment%22")
            #expect(byQuoted.json.array.count == 1)
        }
    }

    @Test func allVersionsListsEveryVersionOtherwiseOnlyTheLatest() async throws {
        try await TestServer.with { server in
            let id = try await server.publishedRecord()
            let newVersion = try await server.action(id, "newversion")
            #expect(newVersion.status == 201)
            let latest = try await HTTP.get(server.depositions)
            #expect(latest.json.array.map { $0["id"].int } == [newVersion.json["id"].int])
            let all = try await HTTP.get("\(server.depositions)?all_versions")
            #expect(Set(all.json.array.compactMap { $0["id"].int }) == [id, newVersion.json["id"].int!])
            let published = all.json.array.first { $0["id"].int == id }!
            #expect(
                published["links"]["self"].string == "\(server.api)/records/\(id)", "published items load as records")
        }
    }

    @Test func createAcceptsEmptyObjectOrMetadataAndRejectsUnknownTopLevelKeys() async throws {
        try await TestServer.with { server in
            let empty = try await HTTP.send(.POST, server.depositions, json: Body([:]))
            #expect(empty.status == 201)
            #expect(empty.json["state"].string == "unsubmitted")
            #expect(empty.json["submitted"].bool == false)
            #expect(empty.json["title"].string == "")
            #expect(!empty.json["doi"].exists, "no DOI before publish; only the prereserved one")
            let unknown = try await HTTP.send(
                .POST, server.depositions, json: Body(["unknownkey": "x", "metadata": [:]]))
            #expect(unknown.status == 400)
            #expect(unknown.json["errors"][0]["field"].string == "unknownkey")
            #expect(unknown.json["errors"][0]["messages"][0].string == "Unknown field.")
            let nothing = try await HTTP.send(.POST, server.depositions, body: Data(), )
            #expect(nothing.status == 415, "no Content-Type: Zenodo wants application/json")
        }
    }

    @Test func malformedJSONAndWrongContentTypeGetJSONErrors() async throws {
        try await TestServer.with { server in
            let broken = try await HTTP.send(
                .POST, server.depositions, headers: [("Content-Type", "application/json")],
                body: Data("{\"metadata\":".utf8))
            #expect(broken.status == 400)
            #expect(broken.json["message"].string == "Unable to decode JSON data in request body.")
            let form = try await HTTP.send(
                .POST, server.depositions, headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Data("a=b".utf8))
            #expect(form.status == 415)
            #expect(form.json["message"].string == "Invalid 'Content-Type' header. Expected one of: application/json")
            let accept = try await HTTP.send(.GET, server.depositions, headers: [("Accept", "text/html")])
            #expect(accept.status == 406)
            let stillUp = try await HTTP.get(server.depositions)
            #expect(stillUp.status == 200)
        }
    }

    @Test func putReplacesTheWholeMetadataDropsUnknownKeysAndFillsDefaults() async throws {
        try await TestServer.with { server in
            let draft = try await server.create([
                "title": "First", "upload_type": "dataset", "access_right": "restricted", "license": "mit",
                "publication_date": "2020-01-01", "keywords": ["a"],
            ])
            let id = draft["id"].int!
            let reply = try await HTTP.send(
                .PUT, "\(server.depositions)/\(id)",
                json: Body(["metadata": ["title": "Second", "upload_type": "software", "colour": "blue"]]))
            #expect(reply.status == 200)
            let m = reply.json["metadata"]
            #expect(m["title"].string == "Second")
            #expect(!m["colour"].exists, "unknown metadata keys are dropped")
            #expect(!m["keywords"].exists, "a field left out is deleted")
            #expect(m["access_right"].string == "open", "missing access_right turns the record open")
            #expect(m["license"].string == "cc-by-4.0", "missing license: CC-BY-4.0 for non-datasets")
            #expect(m["publication_date"].string == String(ISO8601DateFormatter().string(from: Date()).prefix(10)))
            #expect(reply.json["title"].string == "Second")
            let dataset = try await HTTP.send(
                .PUT, "\(server.depositions)/\(id)", json: Body(["metadata": ["upload_type": "dataset"]]))
            #expect(dataset.json["metadata"]["license"].string == "cc-zero", "datasets default to CC0")
        }
    }

    @Test func putRejectsTheWholeDepositionObjectAndMalformedValues() async throws {
        try await TestServer.with { server in
            let draft = try await server.create()
            let url = "\(server.depositions)/\(draft["id"].int!)"
            let whole = try await HTTP.send(.PUT, url, json: Body(["metadata": [:], "id": 5, "links": [:]]))
            #expect(whole.status == 400)
            #expect(Set(whole.json["errors"].array.compactMap { $0["field"].string }) == ["id", "links"])
            let license = try await HTTP.send(.PUT, url, json: Body(["metadata": ["license": "not-a-license"]]))
            #expect(license.json["errors"][0]["field"].string == "metadata.license")
            #expect(license.json["errors"][0]["messages"][0].string == "Invalid license provided: not-a-license")
            let language = try await HTTP.send(.PUT, url, json: Body(["metadata": ["language": "english"]]))
            #expect(
                language.json["errors"][0]["messages"][0].string
                    == "Language must be either ISO-639-1 or 639-2 compatible.")
            let embargo = try await HTTP.send(.PUT, url, json: Body(["metadata": ["access_right": "embargoed"]]))
            #expect(embargo.json["errors"][0]["field"].string == "_schema")
            let communities = try await HTTP.send(.PUT, url, json: Body(["metadata": ["communities": ["zenodo"]]]))
            #expect(communities.json["errors"][0]["field"].string == "communities")
            let related = try await HTTP.send(.PUT, url, json: Body(["metadata": ["related_identifiers": "10.1/x"]]))
            #expect(related.json["errors"][0]["field"].string == "related_identifiers")
        }
    }

    @Test func legacyNormalisationMatchesZenodo() async throws {
        try await TestServer.with { server in
            let draft = try await server.create([
                "creators": [["name": " Müller ,  Anna ", "orcid": "https://orcid.org/0000-0002-1825-0097"]],
                "thesis_supervisors": [["name": "Ødegård, Sigrid"]],
                "contributors": [["name": "李, 娜", "type": "datacurator"]],
                "access_right": "closed", "language": "de", "access_conditions": "ask me",
                "prereserve_doi": true,
            ])
            let m = draft["metadata"]
            #expect(m["creators"][0]["name"].string == "Müller, Anna")
            #expect(m["creators"][0]["orcid"].string == "0000-0002-1825-0097")
            #expect(m["contributors"].array.count == 2)
            #expect(m["contributors"][0]["type"].string == "DataCurator")
            #expect(m["contributors"][1]["type"].string == "Supervisor")
            #expect(!m["thesis_supervisors"].exists)
            #expect(m["access_right"].string == "restricted", "closed is stored as restricted")
            #expect(!m["license"].exists, "no default license for restricted access")
            #expect(m["language"].string == "deu")
            #expect(!m["access_conditions"].exists, "access_conditions are ignored")
            #expect(m["imprint_publisher"].string == "Zenodo")
        }
    }

    @Test func ifMatchWithAStaleRevisionIs412() async throws {
        try await TestServer.with { server in
            let draft = try await server.create()
            let url = "\(server.depositions)/\(draft["id"].int!)"
            let etag = try await HTTP.get(url).header("ETag")!
            let ok = try await HTTP.send(
                .PUT, url, headers: [("If-Match", etag)], json: Body(["metadata": ["title": "a"]]))
            #expect(ok.status == 200)
            let stale = try await HTTP.send(
                .PUT, url, headers: [("If-Match", etag)], json: Body(["metadata": ["title": "b"]]))
            #expect(stale.status == 412)
        }
    }

    @Test func deleteRemovesANeverPublishedDraftAndRefusesAPublishedRecord() async throws {
        try await TestServer.with { server in
            let draft = try await server.create()
            let url = "\(server.depositions)/\(draft["id"].int!)"
            let deleted = try await HTTP.send(.DELETE, url)
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            #expect(try await HTTP.get(url).status == 404)
            #expect(try await HTTP.send(.DELETE, url).status == 404)
            let published = try await server.publishedRecord()
            #expect(try await HTTP.send(.DELETE, "\(server.depositions)/\(published)").status == 404)
            #expect(
                try await HTTP.send(.PUT, "\(server.depositions)/\(published)", json: Body(["metadata": [:]])).status
                    == 404)
        }
    }

    @Test func unknownRoutesAndMethodsAnswerJSON() async throws {
        try await TestServer.with { server in
            let route = try await HTTP.get("\(server.api)/nothing/here")
            #expect(route.status == 404)
            #expect(route.header("Content-Type") == "application/json")
            #expect(route.json["status"].int == 404)
            let id = try await HTTP.get("\(server.depositions)/99999999")
            #expect(id.status == 404)
            #expect(id.json["message"].string == "The persistent identifier does not exist.")
            let method = try await HTTP.send(.PATCH, server.depositions)
            #expect(method.status == 405)
            #expect(method.json["status"].int == 405)
            let index = try await HTTP.get(server.api + "/", token: nil)
            #expect(index.json["links"]["depositions"].string == server.depositions)
        }
    }
}
