import Foundation
import LocalZenodo
import TestScratch
import Testing

/// The owner's window on a published record (issue 31), on the wire: `file-modification` and
/// `request-deletion` as invenio-rdm-records 1f23bb9e answers them under Zenodo's policies
/// (`services/request_policies.py`, `services/services.py`, `requests/*.py`,
/// `services/components/files.py`), the server's clock moved forward to leave the window.
@Suite struct GracePeriodTests {
    static let day = 86_400.0

    /// A server whose clock runs `offset` ahead.
    static func with(
        flavor: Flavor = .production, _ body: (TestServer, ClockOffset) async throws -> Void
    ) async throws {
        let offset = ClockOffset()
        try await TestServer.with({
            $0.flavor = flavor
            $0.clock = { Date() + offset.value }
        }) { server in try await body(server, offset) }
    }

    static func post(_ url: String, _ body: [String: Any]? = nil, token: String = TestServer.tokenA) async throws
        -> Reply
    {
        try await HTTP.send(
            .POST, url, token: token, headers: NativeAPITests.rdmAccept, json: body.map { Body($0) })
    }

    static func keys(_ record: JSON) -> [String] { record["files"].array.compactMap { $0["key"].string }.sorted() }

    @Test func unlockedFilesChangeInTheDraftAndReachTheRecordOnlyWhenPublished() async throws {
        try await Self.with { server, _ in
            let id = try await server.publishedRecord()
            let record = "\(server.api)/records/\(id)"
            let doi = try await HTTP.get(record).json["doi"].string
            // The links are on every published record, whatever the policy (`when=is_published`).
            let rdm = try await HTTP.send(.GET, record, headers: NativeAPITests.rdmAccept).json
            #expect(rdm["links"]["file_modification"].string == record + "/file-modification")
            #expect(rdm["links"]["request_deletion"].string == record + "/request-deletion")
            // Without an edit draft there is nothing to unlock: the draft's resolve finds none.
            let early = try await Self.post(record + "/file-modification")
            #expect(early.status == 404 && early.json["message"].string == "Not found.", "\(early.text)")
            #expect(try await Self.post(record + "/draft").status == 201)
            // Still locked before the request.
            let bucket = try #require(try await server.deposition(id)["links"]["bucket"].string)
            #expect(try await server.put(Data("x\n".utf8), key: "early.csv", bucket: bucket).status == 403)

            let short = try await Self.post(record + "/file-modification", ["comment": "too short"])
            #expect(short.status == 400, "a comment has 25 characters or none")
            let unlocked = try await Self.post(record + "/file-modification")
            #expect(unlocked.status == 200, "\(unlocked.text)")
            #expect(unlocked.json["type"].string == "file-modification")
            #expect(unlocked.json["status"].string == "accepted")
            #expect(unlocked.json["payload"]["policy_id"].string == "file-modification-grace-period-v1")
            #expect(unlocked.json["title"].string == "File modification request for \"Sensor calibration data\"")

            let fixed = Data("fixed,data\n".utf8)
            #expect(try await server.put(fixed, key: "fixed.csv", bucket: bucket).status == 201)
            let removed = try await HTTP.send(
                .DELETE, "\(record)/draft/files/readings.csv", headers: NativeAPITests.rdmAccept)
            #expect(removed.status == 204)
            // The public record is unchanged until the draft is published.
            #expect(Self.keys(try await HTTP.get(record, token: nil).json) == ["readings.csv"])
            #expect(try await HTTP.get("\(record)/files/readings.csv/content", token: nil).status == 200)

            let published = try await Self.post(record + "/draft/actions/publish")
            #expect(published.status == 202, "\(published.text)")
            let after = try await HTTP.get(record, token: nil).json
            #expect(Self.keys(after) == ["fixed.csv"])
            #expect(after["doi"].string == doi, "the DOI stays")
            #expect(try await HTTP.get("\(record)/files/fixed.csv/content", token: nil).body == fixed)
            #expect(try await HTTP.get("\(record)/files/readings.csv/content", token: nil).status == 404)
            let versions = try await HTTP.get("\(record)/versions", token: nil).json
            #expect(versions["hits"]["total"].int == 1, "no new version")
            // Published, the files are locked again.
            #expect(try await Self.post(record + "/draft").status == 201)
            #expect(try await server.put(Data("y\n".utf8), key: "late.csv", bucket: bucket).status == 403)
        }
    }

    @Test func discardingTheDraftPutsTheRecordsFilesBack() async throws {
        try await Self.with { server, _ in
            let id = try await server.publishedRecord()
            let record = "\(server.api)/records/\(id)"
            #expect(try await Self.post(record + "/draft").status == 201)
            #expect(try await Self.post(record + "/file-modification").status == 200)
            #expect(
                try await HTTP.send(.DELETE, "\(record)/draft/files/readings.csv", headers: NativeAPITests.rdmAccept)
                    .status == 204)
            #expect(try await HTTP.send(.DELETE, "\(record)/draft", headers: NativeAPITests.rdmAccept).status == 204)
            #expect(Self.keys(try await HTTP.get(record, token: nil).json) == ["readings.csv"])
            let content = try await HTTP.get("\(record)/files/readings.csv/content", token: nil)
            #expect(content.status == 200 && content.text == "a,b\n1,2\n")
            // A new edit starts locked.
            #expect(try await Self.post(record + "/draft").status == 201)
            let bucket = try #require(try await server.deposition(id)["links"]["bucket"].string)
            #expect(try await server.put(Data("z\n".utf8), key: "z.csv", bucket: bucket).status == 403)
        }
    }

    @Test func outsideTheWindowOrForSomeoneElseTheServerRefuses() async throws {
        try await Self.with { server, offset in
            let id = try await server.publishedRecord()
            let record = "\(server.api)/records/\(id)"
            #expect(try await Self.post(record + "/draft").status == 201)
            let stranger = try await Self.post(record + "/file-modification", token: TestServer.tokenB)
            #expect(stranger.status == 403)
            #expect(
                try await Self.post(record + "/request-deletion", ["reason": "test-record"], token: TestServer.tokenB)
                    .status == 403)
            // `record.created + 30 days > now`: one second short is inside, 30 days on is outside.
            offset.set(30 * Self.day - 60)
            #expect(try await Self.post(record + "/file-modification").status == 200)
            offset.set(30 * Self.day + 1)
            let late = try await Self.post(record + "/file-modification")
            #expect(late.status == 403 && late.json["message"].string == "Permission denied.")
            let deletion = try await Self.post(record + "/request-deletion", ["reason": "test-record"])
            #expect(deletion.status == 403, "the deletion request is off on Zenodo: nothing past the window")
        }
    }

    @Test func unlockedFilesCannotBePublishedOnceTheModificationPeriodHasPassed() async throws {
        try await Self.with { server, offset in
            let id = try await server.publishedRecord()
            let record = "\(server.api)/records/\(id)"
            offset.set(29 * Self.day)
            #expect(try await Self.post(record + "/draft").status == 201)
            #expect(try await Self.post(record + "/file-modification").status == 200)
            offset.set(45 * Self.day + 60)
            let publish = try await Self.post(record + "/draft/actions/publish")
            #expect(publish.status == 400)
            #expect(publish.text.contains("File modification grace period has passed"), "\(publish.text)")
            // Discarding is the way out: the record keeps its files.
            #expect(try await HTTP.send(.DELETE, "\(record)/draft", headers: NativeAPITests.rdmAccept).status == 204)
            #expect(Self.keys(try await HTTP.get(record, token: nil).json) == ["readings.csv"])
        }
    }

    @Test func aDeletedRecordLeavesATombstoneAndItsPreviousVersionBecomesTheLatest() async throws {
        try await Self.with { server, _ in
            let first = try await server.publishedRecord()
            let newVersion = try await server.action(first, "newversion")
            let second = try #require(
                newVersion.json["links"]["latest_draft"].string.flatMap { Int($0.split(separator: "/").last!) })
            #expect(try await server.action(second, "publish").status == 202)
            let record = "\(server.api)/records/\(second)"

            let missing = try await Self.post(record + "/request-deletion", [:])
            #expect(missing.status == 400 && missing.text.contains("payload.reason"), "\(missing.text)")
            let spam = try await Self.post(record + "/request-deletion", ["reason": "spam"])
            #expect(spam.status == 400 && spam.json["message"].string == "Invalid removal reason", "not an owner's")

            let deleted = try await Self.post(
                record + "/request-deletion",
                ["reason": "test-record", "comment": "Uploaded to the wrong community by mistake."])
            #expect(deleted.status == 200, "\(deleted.text)")
            #expect(deleted.json["type"].string == "record-deletion" && deleted.json["status"].string == "accepted")
            #expect(deleted.json["payload"]["policy_id"].string == "grace-period-v1")

            let gone = try await HTTP.get(record, token: nil)
            #expect(gone.status == 410 && gone.json["message"].string == "Record deleted")
            let tombstone = gone.json["tombstone"]
            #expect(tombstone["removal_reason"]["id"].string == "test-record")
            #expect(tombstone["deletion_policy"]["id"].string == "grace-period-v1")
            #expect(tombstone["is_visible"].bool == true)
            #expect(tombstone["citation_text"].string?.contains("10.5281/zenodo.\(second)") == true)
            #expect(try await HTTP.get("\(record)/files/readings.csv/content", token: nil).status == 410)
            // The previous version stands; `latest` and the search move to it.
            #expect(try await HTTP.get("\(server.api)/records/\(first)", token: nil).status == 200)
            let latest = try await HTTP.get("\(server.api)/records/\(first)/versions/latest", token: nil)
            #expect(latest.header("Location")?.hasSuffix("/records/\(first)") == true)
            let search = try await HTTP.get("\(server.api)/records", token: nil).json
            #expect(search["hits"]["hits"].array.compactMap { $0["id"].int } == [first])
            let mine = try await HTTP.get(server.depositions).json
            #expect(!mine.array.contains { $0["id"].int == second }, "gone from the owner's list too")
            let again = try await Self.post(record + "/request-deletion", ["reason": "test-record"])
            #expect(again.status == 400 && again.json["message"].string == "Record in unexpected deletion status.")
        }
    }

    /// InvenioRDM's defaults: file modification for admins only, deletion off.
    @Test func inveniordmOffersAnOwnerNeither() async throws {
        try await Self.with(flavor: .inveniordm) { server, _ in
            let draft = try await Self.post(
                "\(server.api)/records", ["metadata": NativeAPITests.metadata, "files": ["enabled": false]])
            let id = try #require(draft.json["id"].string.flatMap(Int.init))
            let record = "\(server.api)/records/\(id)"
            #expect(try await Self.post(record + "/draft/actions/publish").status == 202)
            #expect(try await Self.post(record + "/draft").status == 201)
            #expect(try await Self.post(record + "/file-modification").status == 403)
            #expect(try await Self.post(record + "/request-deletion", ["reason": "test-record"]).status == 403)
        }
    }
}

extension GracePeriodTests {
    /// Unlocked or not, a record is not published without files (`DraftFilesComponent.publish`).
    @Test func anUnlockedRecordIsNotPublishedWithoutFiles() async throws {
        try await Self.with { server, _ in
            let id = try await server.publishedRecord()
            let record = "\(server.api)/records/\(id)"
            #expect(try await server.action(id, "edit").status == 201)
            #expect(try await Self.post(record + "/file-modification").status == 200)
            let files = try await HTTP.get("\(server.depositions)/\(id)/files").json.array
            let only = try #require(files.first?["id"].string)
            #expect(try await HTTP.send(.DELETE, "\(server.depositions)/\(id)/files/\(only)").status == 204)
            let legacy = try await server.action(id, "publish")
            #expect(legacy.status == 400 && legacy.text.contains("Missing uploaded files"), "\(legacy.text)")
            let native = try await Self.post(record + "/draft/actions/publish")
            #expect(native.status == 400, "\(native.text)")
            #expect(Self.keys(try await HTTP.get(record, token: nil).json) == ["readings.csv"])
        }
    }
}
