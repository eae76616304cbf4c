import Foundation
import LocalZenodo
import Synchronization
import Testing

/// Restricted and embargoed files as Zenodo shows them to someone who may not read them, and
/// embargoes that end (issue 27, rows C2 and C3).
@Suite struct FileAccessTests {
    func published(_ server: TestServer, _ changes: [String: Any]) async throws -> Int {
        var metadata = TestServer.completeMetadata
        for (key, value) in changes { metadata[key] = value }
        let draft = try await server.create(metadata)
        let id = draft["id"].int!
        _ = try await server.put(Data("secret".utf8), key: "data.csv", bucket: draft["links"]["bucket"].string!)
        let reply = try await server.action(id, "publish")
        #expect(reply.status == 202, "\(reply.text)")
        return id
    }

    @Test func restrictedFilesAreNotListedToOthersAndTheirRoutesRefuse() async throws {
        try await TestServer.with { server in
            let id = try await published(server, ["access_right": "restricted", "access_conditions": "Ask the PI"])
            let anonymous = try await HTTP.get("\(server.api)/records/\(id)", token: nil)
            #expect(anonymous.json["files"].array.isEmpty, "Zenodo JSON `files: []`")
            let other = try await HTTP.get("\(server.api)/records/\(id)", token: TestServer.tokenB)
            #expect(other.json["files"].array.isEmpty, "a user who is not the owner")
            let rdm = try await HTTP.send(
                .GET, "\(server.api)/records/\(id)", token: nil, headers: NativeAPITests.rdmAccept)
            #expect(rdm.json["files"] == .object(["enabled": .bool(true)]), "RDM JSON: `enabled` only")
            #expect(try await HTTP.get("\(server.api)/records/\(id)/files", token: nil).status == 403)
            #expect(try await HTTP.get("\(server.api)/records/\(id)/files/data.csv/content", token: nil).status == 403)
            #expect(
                try await HTTP.get("\(server.api)/records/\(id)/files/nope.csv/content", token: nil).status == 404,
                "the key first")
            let search = try await HTTP.get("\(server.api)/records", token: nil)
            #expect(search.json["hits"]["hits"].array.first?["files"].array.isEmpty == true)
            let owner = try await HTTP.get("\(server.api)/records/\(id)")
            #expect(owner.json["files"].array.count == 1, "the owner sees them")
            #expect(try await HTTP.get("\(server.api)/records/\(id)/files/data.csv/content").status == 200)
        }
    }

    @Test func anEmbargoEndsOnItsDateAndTheFilesBecomePublic() async throws {
        let offset = Mutex<Double>(0)
        try await TestServer.with({ $0.clock = { Date() + offset.withLock { $0 } } }) { server in
            let day = 86_400.0
            let until = String(ISO8601DateFormatter().string(from: Date() + 2 * day).prefix(10))
            let id = try await published(server, ["access_right": "embargoed", "embargo_date": until])
            let before = try await HTTP.get("\(server.api)/records/\(id)", token: nil)
            #expect(before.json["metadata"]["access_right"].string == "embargoed")
            #expect(before.json["files"].array.isEmpty)
            #expect(try await HTTP.get("\(server.api)/records/\(id)/files/data.csv/content", token: nil).status == 403)

            offset.withLock { $0 = 3 * day }
            let after = try await HTTP.get("\(server.api)/records/\(id)", token: nil)
            #expect(after.json["metadata"]["access_right"].string == "open", "update_expired_embargos lifted it")
            #expect(after.json["files"].array.count == 1)
            #expect(try await HTTP.get("\(server.api)/records/\(id)/files/data.csv/content", token: nil).status == 200)
            let rdm = try await HTTP.send(
                .GET, "\(server.api)/records/\(id)", token: nil, headers: NativeAPITests.rdmAccept)
            #expect(rdm.json["access"]["embargo"]["active"] == .bool(false))
            #expect(rdm.json["access"]["files"].string == "public")
        }
    }
}
