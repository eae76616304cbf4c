import Foundation
import LocalZenodo
import TestScratch
import Testing

/// The native InvenioRDM API LocalZenodo serves beside the legacy one, on the same store (issue 12).
@Suite struct NativeAPITests {
    static let rdmAccept = [("Accept", "application/vnd.inveniordm.v1+json")]

    /// An ISO 8601 timestamp as LocalZenodo writes them (fractional seconds, offset).
    static func instant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    nonisolated(unsafe) static let metadata: [String: Any] = [
        "resource_type": ["id": "dataset"], "title": "Native", "publication_date": "2026-11-30",
        "creators": [
            [
                "person_or_org": [
                    "type": "personal", "family_name": "Doe", "given_name": "Jane",
                    "identifiers": [
                        ["scheme": "orcid", "identifier": "0000-0002-1825-0097"],
                        ["scheme": "isni", "identifier": "0000000121032683"],
                    ],
                ],
                "affiliations": [["name": "CERN"], ["name": "Second"]],
            ]
        ],
        "dates": [["date": "2021-03-04", "type": ["id": "collected"]]],
        "subjects": [["id": "310607", "subject": "Geology"], ["subject": "cores"]],
        "funding": [["funder": ["id": "00k4n6c32"], "award": ["id": "00k4n6c32::777523", "number": "777523"]]],
        "rights": [["id": "cc-by-4.0"], ["id": "mit"]],
    ]

    /// Init, content, commit: the file's checksum is Zenodo's `md5:`.
    static func upload(_ server: TestServer, _ id: Int, key: String, data: Data) async throws -> Reply {
        let base = "\(server.api)/records/\(id)/draft/files"
        let initialised = try await HTTP.send(.POST, base, json: nil, rawArray: [["key": key, "size": data.count]])
        #expect(initialised.status == 201, "\(initialised.text)")
        #expect(initialised.json["entries"].array.first?["status"].string == "pending")
        let content = try await HTTP.send(
            .PUT, "\(base)/\(key)/content", headers: [("Content-Type", "application/octet-stream")], body: data)
        #expect(content.status == 200, "\(content.text)")
        return try await HTTP.send(.POST, "\(base)/\(key)/commit")
    }

    @Test func aDraftMadeNativelyKeepsWhatTheLegacyViewCannotShow() async throws {
        try await TestServer.with { server in
            let created = try await HTTP.send(
                .POST, "\(server.api)/records", headers: Self.rdmAccept, json: Body(["metadata": Self.metadata]))
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(Int(created.json["id"].string ?? ""))
            #expect(created.json["is_draft"] == .bool(true) && created.json["status"].string == "draft")
            #expect(created.json["metadata"]["dates"].array.first?["date"].string == "2021-03-04")

            // The same deposition through the legacy API: what it cannot carry is not there.
            let legacy = try await server.deposition(id)
            #expect(legacy["title"].string == "Native")
            #expect(legacy["metadata"]["license"].string == "cc-by-4.0", "one licence")
            #expect(
                legacy["metadata"]["keywords"].array.map(\.string) == ["cores"], "vocabulary subjects are not keywords")
            #expect(legacy["metadata"]["dates"].array.first?["start"].exists == false, "a single date shows no value")
            #expect(legacy["metadata"]["creators"].array.first?["affiliation"].string == "CERN")

            // Read natively: everything is still there.
            let draft = try await HTTP.send(.GET, "\(server.api)/records/\(id)/draft", headers: Self.rdmAccept)
            let m = draft.json["metadata"]
            #expect(m["rights"].array.count == 2)
            #expect(m["subjects"].array.count == 2)
            #expect(m["funding"].array.first?["award"]["number"].string == "777523")
            #expect(m["creators"].array.first?["affiliations"].array.count == 2)
            #expect(m["creators"].array.first?["person_or_org"]["identifiers"].array.count == 2)
            #expect(m["dates"].array.first?["date"].string == "2021-03-04")

            // A legacy save rewrites the record from what the legacy form carries (as on Zenodo).
            var sent = legacy["metadata"].object
            sent["title"] = .string("Legacy edit")
            sent["dates"] = nil
            let saved = try await HTTP.send(
                .PUT, "\(server.depositions)/\(id)", json: Body(["metadata": sent.mapValues(\.any)]))
            #expect(saved.status == 200, "\(saved.text)")
            let after = try await HTTP.send(.GET, "\(server.api)/records/\(id)/draft", headers: Self.rdmAccept)
            #expect(after.json["metadata"]["title"].string == "Legacy edit")
            #expect(after.json["metadata"]["rights"].array.count == 1, "the second licence is gone")
            #expect(after.json["metadata"]["subjects"].array.count == 1, "the vocabulary subject is gone")
        }
    }

    @Test func draftsSaveWithMissingFieldsListedAndRefuseUnknownVocabularyValues() async throws {
        try await TestServer.with { server in
            let created = try await HTTP.send(.POST, "\(server.api)/records", headers: Self.rdmAccept, json: Body([:]))
            #expect(created.status == 201)
            let fields = created.json["errors"].array.compactMap { $0["field"].string }
            #expect(Set(fields).isSuperset(of: ["metadata.title", "metadata.creators", "metadata.resource_type"]))
            let id = try #require(Int(created.json["id"].string ?? ""))
            let bad = try await HTTP.send(
                .PUT, "\(server.api)/records/\(id)/draft", headers: Self.rdmAccept,
                json: Body(["metadata": ["title": "x", "resource_type": ["id": "spaceship"]]]))
            #expect(bad.status == 400)
            #expect(bad.json["message"].string == "Invalid value spaceship.")
            let publish = try await HTTP.send(
                .POST, "\(server.api)/records/\(id)/draft/actions/publish", headers: Self.rdmAccept)
            #expect(publish.status == 400)
            #expect(publish.json["errors"].array.contains { $0["field"].string == "metadata.creators" })
        }
    }

    @Test func filesPublishNewVersionsAndEdits() async throws {
        try await TestServer.with { server in
            let created = try await HTTP.send(
                .POST, "\(server.api)/records", headers: Self.rdmAccept, json: Body(["metadata": Self.metadata]))
            let id = try #require(Int(created.json["id"].string ?? ""))
            let data = Data("a,b\n1,2\n".utf8)
            let committed = try await Self.upload(server, id, key: "table.csv", data: data)
            #expect(committed.status == 200, "\(committed.text)")
            #expect(committed.json["status"].string == "completed")
            #expect(committed.json["checksum"].string == "md5:" + md5Hex(data))
            #expect(
                try await server.deposition(id)["files"].array.first?["filename"].string == "table.csv",
                "the legacy view sees it")

            let published = try await HTTP.send(
                .POST, "\(server.api)/records/\(id)/draft/actions/publish", headers: Self.rdmAccept)
            #expect(published.status == 202, "\(published.text)")
            #expect(published.json["is_published"] == .bool(true))
            #expect(published.json["pids"]["doi"]["identifier"].string == "10.5281/zenodo.\(id)")
            let record = try await HTTP.send(.GET, "\(server.api)/records/\(id)", headers: Self.rdmAccept)
            #expect(record.json["metadata"]["rights"].array.count == 2, "RDM JSON on request")
            // A record's use in `StatsSchema`'s shape; a draft has none.
            #expect(record.json["stats"]["this_version"]["downloads"].int == 0)
            #expect(record.json["stats"]["all_versions"]["unique_views"].int == 0)
            #expect(!created.json["stats"].exists, "a draft has no stats")
            #expect(
                try await HTTP.get("\(server.api)/records/\(id)").json["recid"].string == String(id),
                "Zenodo JSON otherwise")

            // New version: no files until imported.
            let version = try await HTTP.send(.POST, "\(server.api)/records/\(id)/versions", headers: Self.rdmAccept)
            #expect(version.status == 201)
            let next = try #require(Int(version.json["id"].string ?? ""))
            #expect(version.json["files"]["count"].int == 0)
            #expect(version.json["metadata"]["version"].exists == false)
            let imported = try await HTTP.send(
                .POST, "\(server.api)/records/\(next)/draft/actions/files-import", headers: Self.rdmAccept)
            #expect(imported.status == 201)
            #expect(imported.json["entries"].array.first?["key"].string == "table.csv")
            #expect(try await HTTP.send(.DELETE, "\(server.api)/records/\(next)/draft/files/table.csv").status == 204)
            #expect(try await Self.upload(server, next, key: "v2.csv", data: Data("v2".utf8)).status == 200)
            #expect(try await HTTP.send(.POST, "\(server.api)/records/\(next)/draft/actions/publish").status == 202)

            // Edit the first version's metadata; its files stay locked.
            let edit = try await HTTP.send(.POST, "\(server.api)/records/\(id)/draft", headers: Self.rdmAccept)
            #expect(edit.status == 201)
            #expect(
                try await HTTP.send(.POST, "\(server.api)/records/\(id)/draft/files", rawArray: [["key": "late.csv"]])
                    .status == 403)
            #expect(
                try await HTTP.send(.DELETE, "\(server.api)/records/\(id)/draft").status == 204, "the edit discarded")
            #expect(try await server.deposition(id)["state"].string == "done")

            let mine = try await HTTP.send(.GET, "\(server.api)/user/records", headers: Self.rdmAccept)
            #expect(mine.json["hits"]["total"].int == 2)
        }
    }

    @Test func aPendingFileShowsWithoutIdInTheLegacyListingAndCannotBeCommittedEmpty() async throws {
        try await TestServer.with { server in
            let created = try await HTTP.send(
                .POST, "\(server.api)/records", headers: Self.rdmAccept, json: Body(["metadata": Self.metadata]))
            let id = try #require(Int(created.json["id"].string ?? ""))
            let base = "\(server.api)/records/\(id)/draft/files"
            _ = try await HTTP.send(
                .POST, base,
                rawArray: [["key": "big.bin", "size": 100, "checksum": "md5:0123456789abcdef0123456789abcdef"]])
            let listing = try await HTTP.get("\(server.depositions)/\(id)/files")
            #expect(listing.json.array.first?["id"] == .null, "LegacyFileSchema: no file id yet")
            #expect(listing.json.array.first?["checksum"].string == "0123456789abcdef0123456789abcdef")
            #expect(try await server.deposition(id)["files"].array.isEmpty, "the deposition itself skips it")
            #expect(try await HTTP.send(.POST, "\(base)/big.bin/commit").status == 400, "no content yet")
            #expect(try await HTTP.send(.POST, base, rawArray: [["key": "big.bin"]]).status == 400, "the key is taken")
        }
    }

    @Test(arguments: [true, false])
    func multipartPartsAreStoredOrRefusedAsTheServerDoes(_ accepts: Bool) async throws {
        try await TestServer.with({ $0.acceptsMultipartParts = accepts }) { server in
            let created = try await HTTP.send(
                .POST, "\(server.api)/records", headers: Self.rdmAccept, json: Body(["metadata": Self.metadata]))
            let id = try #require(Int(created.json["id"].string ?? ""))
            var data = Data(count: 2500)
            for i in data.indices { data[i] = UInt8(i % 251) }
            let base = "\(server.api)/records/\(id)/draft/files"
            let initialised = try await HTTP.send(
                .POST, base,
                rawArray: [
                    ["key": "parts.bin", "size": 2500, "transfer": ["type": "M", "parts": 3, "part_size": 1000]]
                ])
            #expect(initialised.status == 201, "\(initialised.text)")
            let parts = initialised.json["entries"].array.first?["links"]["parts"].array ?? []
            #expect(parts.count == 3)
            #expect(
                initialised.json["entries"].array.first?["links"]["content"] == .missing,
                "a multipart entry has parts, no content link")
            let begun = try #require(initialised.json["entries"].array.first?["created"].string.flatMap(Self.instant))
            let expires = try #require(parts.first?["expiration"].string.flatMap(Self.instant))
            #expect(abs(expires.timeIntervalSince(begun) - 14 * 86400) < 2, "parts' links expire in 14 days")
            #expect(initialised.json["entries"].array.first?["transfer"]["type"].string == "M")
            // Parts in any order, each to its own link.
            var statuses: [Int] = []
            for part in [3, 1, 2] {
                let range = (part - 1) * 1000..<min(part * 1000, 2500)
                let url = try #require(parts[part - 1]["url"].string)
                statuses.append(
                    try await HTTP.send(
                        .PUT, url, headers: [("Content-Type", "application/octet-stream")],
                        body: data.subdata(in: range)
                    ).status)
            }
            if accepts {
                #expect(statuses == [200, 200, 200])
                let committed = try await HTTP.send(.POST, "\(base)/parts.bin/commit")
                #expect(committed.status == 200, "\(committed.text)")
                #expect(committed.json["checksum"] == .null, "InvenioRDM hashes a multipart file later, not at commit")
                let hashed = try await eventually {
                    try await HTTP.get("\(base)/parts.bin").json["checksum"].string == "md5:" + md5Hex(data)
                }
                #expect(hashed, "the whole file, end to end, once the background task ran")
            } else {
                #expect(statuses == [403, 403, 403], "as Zenodo today (zenodo/zenodo-rdm#1443)")
            }
        }
    }

    @Test func thePlainInvenioRDMFlavourHasNoLegacyLayer() async throws {
        try await TestServer.with({ $0.flavor = .inveniordm }) { server in
            #expect(try await HTTP.get(server.depositions).status == 404)
            let created = try await HTTP.send(.POST, "\(server.api)/records", json: Body(["metadata": Self.metadata]))
            #expect(created.status == 201)
            #expect(created.json["metadata"]["title"].string == "Native", "RDM JSON for application/json")
        }
    }
}
