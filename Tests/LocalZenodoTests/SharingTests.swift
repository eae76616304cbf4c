import Foundation
import LocalZenodo
import Synchronization
import Testing

/// Secret links, grants and access requests on the wire (issue 32), as invenio-rdm-records'
/// `RecordAccessService` gives them: a link's token gives its permission to anyone who presents
/// it, until it is revoked or expires; a grant gives it to a user; an access request, accepted,
/// becomes a grant.
@Suite struct SharingTests {
    static let rdm = NativeAPITests.rdmAccept

    /// The user id behind a token, as users search shows the caller to themself.
    static func userID(_ server: TestServer, _ token: String) async throws -> String {
        let all = try await HTTP.get("\(server.api)/users", token: token).json["hits"]["hits"].array
        return try #require(all.first { $0["is_current_user"] == .bool(true) }?["id"].string)
    }

    static func link(_ server: TestServer, _ id: Int, _ body: [String: Any]) async throws -> Reply {
        try await HTTP.send(.POST, "\(server.api)/records/\(id)/access/links", json: Body(body))
    }

    func publishedRestricted(_ server: TestServer) async throws -> Int {
        var metadata = TestServer.completeMetadata
        metadata["access_right"] = "restricted"
        metadata["access_conditions"] = "Ask the PI"
        let draft = try await server.create(metadata)
        let id = draft["id"].int!
        _ = try await server.put(Data("secret".utf8), key: "data.csv", bucket: draft["links"]["bucket"].string!)
        #expect(try await server.action(id, "publish").status == 202)
        return id
    }

    @Test func aPreviewLinkOpensADraftToAnyoneWithItsTokenUntilRevoked() async throws {
        try await TestServer.with { server in
            let made = try await HTTP.send(
                .POST, "\(server.api)/records", headers: Self.rdm, json: Body(["metadata": NativeAPITests.metadata]))
            let id = try #require(made.json["id"].string.flatMap(Int.init))
            #expect(
                try await NativeAPITests.upload(server, id, key: "data.csv", data: Data("a,b\n".utf8)).status == 200)
            let draft = "\(server.api)/records/\(id)/draft"
            #expect(try await HTTP.get(draft, token: nil).status == 403)
            #expect(try await HTTP.get(draft, token: TestServer.tokenB).status == 403, "another user")

            let created = try await Self.link(server, id, ["permission": "preview", "description": "for Bob"])
            #expect(created.status == 201, "\(created.text)")
            let token = try #require(created.json["token"].string)
            let linkID = try #require(created.json["id"].string)
            #expect(created.json["permission"].string == "preview")
            #expect(created.json["expires_at"] == .null)

            #expect(
                try await HTTP.get("\(draft)?token=\(token)", token: nil).status == 200, "anonymous, with the token")
            #expect(try await HTTP.get("\(draft)/files?token=\(token)", token: nil).status == 200)
            let content = try await HTTP.get("\(draft)/files/data.csv/content?token=\(token)", token: nil)
            #expect(content.status == 200 && content.text == "a,b\n")
            #expect(try await HTTP.get("\(draft)?token=not-\(token)", token: nil).status == 403, "a wrong token")
            // Preview reads; editing needs `edit` (`can_update_draft` = `can_review`).
            let edit = try await HTTP.send(
                .PUT, "\(draft)?token=\(token)", token: nil, headers: Self.rdm,
                json: Body(["metadata": NativeAPITests.metadata]))
            #expect(edit.status == 403)
            // Managing links is the owner's: the token does not list them.
            #expect(
                try await HTTP.get("\(server.api)/records/\(id)/access/links?token=\(token)", token: nil).status == 403)

            let listed = try await HTTP.get("\(server.api)/records/\(id)/access/links").json
            #expect(listed["hits"]["total"].int == 1)
            #expect(listed["hits"]["hits"].array.first?["description"].string == "for Bob")
            let revoked = try await HTTP.send(.DELETE, "\(server.api)/records/\(id)/access/links/\(linkID)")
            #expect(revoked.status == 204)
            #expect(try await HTTP.get("\(draft)?token=\(token)", token: nil).status == 403, "revoked: nothing")
            let again = try await HTTP.send(.DELETE, "\(server.api)/records/\(id)/access/links/\(linkID)")
            #expect(again.status == 404 && again.text.contains("No secret link found with the given ID."))
        }
    }

    @Test func anEditLinkEditsAViewLinkDoesNotEvenPreview() async throws {
        try await TestServer.with { server in
            let made = try await HTTP.send(
                .POST, "\(server.api)/records", headers: Self.rdm, json: Body(["metadata": NativeAPITests.metadata]))
            let id = try #require(made.json["id"].string.flatMap(Int.init))
            let draft = "\(server.api)/records/\(id)/draft"
            let view = try #require(try await Self.link(server, id, ["permission": "view"]).json["token"].string)
            #expect(try await HTTP.get("\(draft)?token=\(view)", token: nil).status == 403, "view < preview")
            let editor = try #require(try await Self.link(server, id, ["permission": "edit"]).json["token"].string)
            var metadata = NativeAPITests.metadata
            metadata["title"] = "Edited through a link"
            let edited = try await HTTP.send(
                .PUT, "\(draft)?token=\(editor)", token: nil, headers: Self.rdm, json: Body(["metadata": metadata]))
            #expect(edited.status == 200, "\(edited.text)")
            let owner = try await HTTP.send(.GET, draft, headers: Self.rdm).json
            #expect(owner["metadata"]["title"].string == "Edited through a link")
        }
    }

    @Test func aViewLinkOpensRestrictedFilesAndExpiresOnItsDate() async throws {
        let offset = Mutex<Double>(0)
        try await TestServer.with({ $0.clock = { Date() + offset.withLock { $0 } } }) { server in
            let id = try await publishedRestricted(server)
            let content = "\(server.api)/records/\(id)/files/data.csv/content"
            #expect(try await HTTP.get(content, token: nil).status == 403)
            let tomorrow = Self.day(Date() + 86_400)
            let created = try await Self.link(server, id, ["permission": "view", "expires_at": tomorrow])
            #expect(created.json["expires_at"].string == tomorrow, "\(created.text)")
            let token = try #require(created.json["token"].string)
            #expect(try await HTTP.get("\(content)?token=\(token)", token: nil).status == 200)
            let record = try await HTTP.get("\(server.api)/records/\(id)?token=\(token)", token: nil).json
            #expect(record["files"].array.count == 1, "the record shows its files to the link")
            offset.withLock { $0 = 3 * 86_400 }
            #expect(try await HTTP.get("\(content)?token=\(token)", token: nil).status == 403, "expired")
        }
    }

    @Test func expiriesAreInTheFutureAndOnlyComeSooner() async throws {
        try await TestServer.with { server in
            let id = try await publishedRestricted(server)
            let past = try await Self.link(server, id, ["permission": "view", "expires_at": "2020-01-01"])
            #expect(past.status == 400 && past.text.contains("Expiration date must be set to the future"))
            let noLevel = try await Self.link(server, id, [:])
            #expect(noLevel.status == 400 && noLevel.text.contains("An access permission level is required"))
            let badLevel = try await Self.link(server, id, ["permission": "manage"])
            #expect(badLevel.status == 400 && badLevel.text.contains("Must be one of: view, preview, edit."))
            let soon = Self.day(Date() + 10 * 86_400)
            let made = try await Self.link(server, id, ["permission": "view", "expires_at": soon])
            let url = "\(server.api)/records/\(id)/access/links/\(made.json["id"].string ?? "")"
            let later = try await HTTP.send(.PATCH, url, json: Body(["expires_at": Self.day(Date() + 20 * 86_400)]))
            #expect(later.status == 400 && later.text.contains("Cannot postpone expiration of links"))
            let never = try await HTTP.send(.PATCH, url, json: Body(["expires_at": NSNull()]))
            #expect(never.status == 400, "removing the expiry postpones it too")
            let sooner = try await HTTP.send(
                .PATCH, url, json: Body(["expires_at": Self.day(Date() + 5 * 86_400), "permission": "preview"]))
            #expect(sooner.status == 200 && sooner.json["permission"].string == "preview", "\(sooner.text)")
        }
    }

    @Test func aGrantGivesAUserViewAndIsRevoked() async throws {
        try await TestServer.with { server in
            let id = try await publishedRestricted(server)
            let bob = try await Self.userID(server, TestServer.tokenB)
            let content = "\(server.api)/records/\(id)/files/data.csv/content"
            #expect(try await HTTP.get(content, token: TestServer.tokenB).status == 403)
            let grants = "\(server.api)/records/\(id)/access/grants"
            let body: [String: Any] = ["grants": [["permission": "view", "subject": ["type": "user", "id": bob]]]]
            let made = try await HTTP.send(.POST, grants, json: Body(body))
            #expect(made.status == 201, "\(made.text)")
            #expect(try await HTTP.get(content, token: TestServer.tokenB).status == 200)
            let twice = try await HTTP.send(.POST, grants, json: Body(body))
            #expect(twice.status == 400 && twice.text.contains("already exists"))
            let nobody = try await HTTP.send(
                .POST, grants,
                json: Body(["grants": [["permission": "view", "subject": ["type": "user", "id": "99"]]]]))
            #expect(nobody.status == 400 && nobody.text.contains("Could not find the specified subject."))
            // Bob may not share it on.
            #expect(try await HTTP.send(.POST, grants, token: TestServer.tokenB, json: Body(body)).status == 403)

            let users = try await HTTP.get("\(server.api)/records/\(id)/access/users?expand=true").json
            #expect(users["hits"]["hits"].array.first?["subject"]["id"].string == bob)
            #expect(users["hits"]["hits"].array.first?["expanded"]["subject"]["username"].string == "user\(bob)")
            let changed = try await HTTP.send(
                .PATCH, "\(server.api)/records/\(id)/access/users/\(bob)", json: Body(["permission": "manage"]))
            #expect(changed.json["permission"].string == "manage")
            let links = "\(server.api)/records/\(id)/access/links"
            #expect(try await HTTP.get(links, token: TestServer.tokenB).status == 200, "manage shares")
            let gone = try await HTTP.send(.DELETE, "\(server.api)/records/\(id)/access/users/\(bob)")
            #expect(gone.status == 204)
            #expect(try await HTTP.get(content, token: TestServer.tokenB).status == 403)
            #expect(
                try await HTTP.send(.DELETE, "\(server.api)/records/\(id)/access/users/\(bob)").text.contains(
                    "No grant found by given user id."))
        }
    }

    @Test func anAccessRequestAcceptedByTheOwnerBecomesAGrant() async throws {
        try await TestServer.with { server in
            let id = try await publishedRestricted(server)
            let bob = try await Self.userID(server, TestServer.tokenB)
            let me = try await HTTP.get("\(server.api)/users/\(bob)", token: TestServer.tokenB).json
            let email = try #require(me["email"].string, "a user sees their own e-mail")
            let ask = "\(server.api)/records/\(id)/access/request"
            let guest = try await HTTP.send(.POST, ask, token: nil, json: Body(["email": "x@example.org"]))
            #expect(guest.json["message"].string == "Verification link sent out, please check your e-mail inbox")
            let made = try await HTTP.send(
                .POST, ask, token: TestServer.tokenB,
                json: Body(["email": email, "message": "For my thesis", "consent_to_share_personal_data": "true"]))
            #expect(made.status == 200 && made.json["status"].string == "submitted", "\(made.text)")
            #expect(made.json["type"].string == "user-access-request")
            let requestID = try #require(made.json["id"].string)
            let twice = try await HTTP.send(.POST, ask, token: TestServer.tokenB, json: Body(["email": email]))
            #expect(twice.status == 400 && twice.text.contains("Identical access requests already exist: \(requestID)"))

            let inbox = try await HTTP.get("\(server.api)/user/requests").json["hits"]["hits"].array
            let received = try #require(inbox.first { $0["id"].string == requestID })
            #expect(received["links"]["actions"]["accept"].string != nil, "the owner decides")
            let timeline = try await HTTP.get("\(server.api)/requests/\(requestID)/timeline").json
            #expect(timeline["hits"]["hits"].array.contains { $0["payload"]["content"].string == "For my thesis" })
            let refused = try await HTTP.send(
                .POST, "\(server.api)/requests/\(requestID)/actions/accept", token: TestServer.tokenB)
            #expect(refused.status == 403, "the requester may not accept")
            let accepted = try await HTTP.send(.POST, "\(server.api)/requests/\(requestID)/actions/accept")
            #expect(accepted.json["status"].string == "accepted", "\(accepted.text)")
            let content = "\(server.api)/records/\(id)/files/data.csv/content"
            #expect(try await HTTP.get(content, token: TestServer.tokenB).status == 200)
            let grant = try await HTTP.get("\(server.api)/records/\(id)/access/users/\(bob)").json
            #expect(grant["origin"].string == "request:\(requestID)")
            let already = try await HTTP.send(.POST, ask, token: TestServer.tokenB, json: Body(["email": email]))
            #expect(already.status == 403, "files already readable")
        }
    }

    @Test func usersAreFoundByUsernameAndByPublicEmailOnly() async throws {
        try await TestServer.with({ $0.seedDemo = true }) { server in
            let byMail = try await HTTP.get("\(server.api)/users?q=curator@localzenodo.test").json
            #expect(byMail["hits"]["hits"].array.first?["username"].string == "curator")
            let hidden = try await HTTP.get("\(server.api)/users?q=demo@localzenodo.test", token: "demo-curator-token")
            #expect(hidden.json["hits"]["total"].int == 0, "the demo user's e-mail is not public")
            #expect(try await HTTP.get("\(server.api)/users", token: nil).status == 403)
        }
    }

    @Test func linksAndRequestsSurviveARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sharing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (id, token) = try await TestServer.with({ $0.dataDirectory = directory }) { server in
            let id = try await publishedRestricted(server)
            let token = try #require(try await Self.link(server, id, ["permission": "view"]).json["token"].string)
            let bob = try await Self.userID(server, TestServer.tokenB)
            let email = try await HTTP.get("\(server.api)/users/\(bob)", token: TestServer.tokenB).json["email"].string
            let asked = try await HTTP.send(
                .POST, "\(server.api)/records/\(id)/access/request", token: TestServer.tokenB,
                json: Body(["email": email ?? ""]))
            #expect(asked.status == 200)
            return (id, token)
        }
        try await TestServer.with({ $0.dataDirectory = directory }) { server in
            let content = "\(server.api)/records/\(id)/files/data.csv/content?token=\(token)"
            let reply = try await HTTP.get(content, token: nil)
            #expect(reply.status == 200)
            let requests = try await HTTP.get("\(server.api)/records/\(id)/requests").json
            #expect(requests["hits"]["hits"].array.map { $0["type"].string } == ["user-access-request"])
        }
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
