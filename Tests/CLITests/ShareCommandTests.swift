import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// Sharing from scripts (issue 32): the real binary makes, lists and revokes secret links, gives
/// and takes access by username or public e-mail, and asks for access; an anonymous client uses
/// the link it printed. Alice owns; bob (`bob`, e-mail public) is the other user.
@Suite struct ShareCommandTests {
    static func with(_ body: (Harness, [String: String]) async throws -> Void) async throws {
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        try await Harness.with(configure: { configuration in
            configuration.users = [
                UserSeed(token: Harness.token, username: "alice"),
                UserSeed(token: Harness.otherToken, username: "bob", email: "bob@lab.example", emailPublic: true),
            ]
        }) { h in try await body(h, h.commandEnvironment(state: state)) }
    }

    /// A published record whose files are restricted.
    static func restricted(_ h: Harness) async throws -> Deposition {
        var metadata = DepositionMetadata()
        metadata.title = "Shared data"
        metadata.uploadType = "dataset"
        metadata.description = "Restricted until the paper is out."
        metadata.creators = [Person(name: "Doe, Jane")]
        metadata.accessRight = "restricted"
        metadata.accessConditions = "Ask the PI"
        let draft = try await h.client.createDeposition(metadata: metadata)
        let file = try TempFile.make(name: "data.csv", content: Data("a,b\n".utf8))
        defer { TempFile.remove(file) }
        _ = try await h.client.upload(file: file, bucketURL: draft.bucketURL!)
        return try await h.client.publish(draft.id)
    }

    /// The status an anonymous `curl` gets (no token: only what the link's token gives).
    static func anonymous(_ url: String) async throws -> Int {
        let run = try await Binary.runTool("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", url])
        return Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    @Test func aLinkIsMadeUsedAnonymouslyListedAndRevoked() async throws {
        try await Self.with { h, env in
            let record = try await Self.restricted(h)
            let made = try await Binary.run(
                [
                    "share", "link", String(record.id), "--permission", "view", "--days", "7", "--description",
                    "reviewers",
                    "--json",
                ], environment: env)
            #expect(made.status == 0, "\(made.stderr)")
            let link = try JSONValue.decode(Data(made.stdout.utf8))
            let address = try #require(link["address"]?.string)
            let origin = h.server.apiURL.replacingOccurrences(of: "/api", with: "")
            #expect(address.hasPrefix("\(origin)/records/\(record.id)?token="), "\(address)")
            let token = String(address.split(separator: "=").last ?? "")
            #expect(!made.stderr.contains(token), "the token only where asked for")
            let content = "\(h.server.apiURL)/records/\(record.id)/files/data.csv/content"
            #expect(try await Self.anonymous(content) == 403)
            #expect(try await Self.anonymous("\(content)?token=\(token)") == 200, "the link's token opens the files")

            let listed = try await Binary.run(["share", "links", String(record.id)], environment: env)
            #expect(listed.stdout.contains("view  until ") && listed.stdout.contains("reviewers"), "\(listed.stdout)")
            let linkID = try #require(link["id"]?.string)
            let revoked = try await Binary.run(["share", "revoke", String(record.id), linkID], environment: env)
            #expect(revoked.status == 0, "\(revoked.stderr)")
            #expect(try await Self.anonymous("\(content)?token=\(token)") == 403, "revoked: nothing")
            let empty = try await Binary.run(["share", "links", String(record.id)], environment: env)
            #expect(empty.stdout.contains("has no secret link"))
            // --copy into a pipe: no OSC 52 in the JSON, and the reason said.
            let piped = try await Binary.run(
                ["share", "link", String(record.id), "--copy", "--json"], environment: env)
            #expect(!piped.stdout.contains("\u{1B}") && (try? JSONValue.decode(Data(piped.stdout.utf8))) != nil)
            #expect(piped.stderr.contains("not copied: no terminal"), "\(piped.stderr)")
        }
    }

    @Test func badLinkOptionsAreUsageErrorsAndAPastDayIsTheServersNo() async throws {
        try await Self.with { h, env in
            let record = try await Self.restricted(h)
            let level = try await Binary.run(
                ["share", "link", String(record.id), "--permission", "own"], environment: env)
            #expect(level.status == 2 && level.stderr.contains("view, preview or edit"))
            let past = try await Binary.run(
                ["share", "link", String(record.id), "--expires", "2020-01-01"], environment: env)
            #expect(
                past.status != 0 && past.stderr.contains("Expiration date must be set to the future"), "\(past.stderr)")
        }
    }

    @Test func aPersonIsGivenAccessByEmailOrUsernameAndLosesIt() async throws {
        try await Self.with { h, env in
            let record = try await Self.restricted(h)
            let hidden = try await Binary.run(
                ["share", "grant", String(record.id), "alice@localzenodo.test"], environment: env)
            #expect(hidden.status != 0 && hidden.stderr.contains("only when they made their address public"))
            let granted = try await Binary.run(
                ["share", "grant", String(record.id), "bob@lab.example", "--permission", "view"], environment: env)
            #expect(granted.status == 0 && granted.stdout.contains("bob (user "), "\(granted.stderr)")
            var bobEnv = env
            bobEnv["ZENODO_TOKEN"] = Harness.otherToken
            let download = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: download) }
            let fetched = try await Binary.run(
                ["download", String(record.id), "--dest", download.path], environment: bobEnv)
            #expect(fetched.status == 0, "bob reads the files: \(fetched.stderr)")
            let grants = try await Binary.run(["share", "grants", String(record.id)], environment: env)
            #expect(grants.stdout.contains("bob (user ") && grants.stdout.contains("view:"), "\(grants.stdout)")
            let twice = try await Binary.run(["share", "grant", String(record.id), "bob"], environment: env)
            #expect(twice.status != 0 && twice.stderr.contains("already exists"), "\(twice.stderr)")
            let taken = try await Binary.run(["share", "ungrant", String(record.id), "bob"], environment: env)
            #expect(taken.status == 0, "\(taken.stderr)")
            let empty = try await Binary.run(["share", "grants", String(record.id), "--json"], environment: env)
            #expect(try JSONValue.decode(Data(empty.stdout.utf8)).array?.isEmpty == true)
        }
    }

    @Test func bobAsksAliceAcceptsAndBobReadsTheFiles() async throws {
        try await Self.with { h, env in
            let record = try await Self.restricted(h)
            var bobEnv = env
            bobEnv["ZENODO_TOKEN"] = Harness.otherToken
            let asked = try await Binary.run(
                [
                    "share", "ask", String(record.id), "--email", "bob@lab.example", "--message",
                    "For the meta-analysis",
                    "--json",
                ], environment: bobEnv)
            #expect(asked.status == 0, "\(asked.stderr)")
            let id = try #require(try JSONValue.decode(Data(asked.stdout.utf8))["id"]?.string)
            let inbox = try await Binary.run(["requests", "list"], environment: env)
            #expect(
                inbox.stdout.contains("user-access-request  submitted: waiting for the record's owner"),
                "\(inbox.stdout)")
            let shown = try await Binary.run(["requests", "show", id], environment: env)
            #expect(shown.stdout.contains("For the meta-analysis"), "\(shown.stdout)")
            let accepted = try await Binary.run(["requests", "accept", id], environment: env)
            #expect(accepted.status == 0 && accepted.stdout.contains("accepted: the requester may see the files"))
            let grants = try await Binary.run(["share", "grants", String(record.id), "--json"], environment: env)
            let first = try JSONValue.decode(Data(grants.stdout.utf8)).array?.first
            #expect(first?["username"]?.string == "bob" && first?["origin"]?.string == "request:\(id)")
        }
    }
}
