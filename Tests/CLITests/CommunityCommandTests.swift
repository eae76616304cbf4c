import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// Communities and review requests from scripts (issue 32): the real binary against LocalZenodo
/// with a reviewed community (its curator's token is bob's) and one the user adds to directly.
@Suite struct CommunityCommandTests {
    static func with(_ body: (Harness, [String: String]) async throws -> Void) async throws {
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        try await Harness.with(configure: { configuration in
            for spec in [
                "glaciology:review=closed:title=Alpine glaciology:curator=\(Harness.otherToken)",
                "ice-lab:review=members:member=\(Harness.token)",
            ] {
                if case .success(let seed) = CommunitySeed.parse(spec) { configuration.communities.append(seed) }
            }
        }) { h in try await body(h, h.commandEnvironment(state: state)) }
    }

    /// A draft with its file and complete metadata, never published.
    static func draft(_ h: Harness) async throws -> Deposition {
        var metadata = DepositionMetadata()
        metadata.title = "Submitted data"
        metadata.uploadType = "dataset"
        metadata.creators = [Person(name: "Doe, Jane")]
        let draft = try await h.client.createDeposition(metadata: metadata)
        let file = try TempFile.make(name: "data.csv", content: Data("a,b\n".utf8))
        defer { TempFile.remove(file) }
        _ = try await h.client.upload(file: file, bucketURL: draft.bucketURL!)
        return draft
    }

    @Test func findSubmitAndFollowAReviewThenTheCuratorAccepts() async throws {
        try await Self.with { h, env in
            let search = try await Binary.run(["communities", "search", "glac"], environment: env)
            #expect(search.status == 0 && search.stdout.contains("glaciology  Alpine glaciology"), "\(search.stdout)")
            #expect(search.stdout.contains("its curators review every submission"))
            let show = try await Binary.run(["communities", "show", "nope"], environment: env)
            #expect(show.status == 4 && show.stderr.contains("has no community 'nope'"), "\(show.stderr)")

            let draft = try await Self.draft(h)
            let submit = try await Binary.run(
                ["submit", String(draft.id), "--community", "glaciology", "--message", "Please add it", "--json"],
                environment: env)
            #expect(submit.status == 0, "\(submit.stderr)")
            let request = try JSONValue.decode(Data(submit.stdout.utf8))
            #expect(request["status"]?.string == "submitted" && request["actions"]?.array == ["cancel"])
            let id = try #require(request["id"]?.string)
            // The owner cannot publish while it waits.
            let publish = try await Binary.run(["publish", String(draft.id), "--yes"], environment: env)
            #expect(publish.status != 0 && publish.stderr.contains("open review"), "\(publish.stderr)")
            let listed = try await Binary.run(["requests", "list", String(draft.id)], environment: env)
            #expect(listed.stdout.contains("submitted: waiting for the community's curators"), "\(listed.stdout)")

            // The curator (bob) accepts: the record is published and in the community.
            var curatorEnv = env
            curatorEnv["ZENODO_TOKEN"] = Harness.otherToken
            let wrong = try await Binary.run(["requests", "act", "accept", id], environment: env)
            #expect(wrong.status != 0 && wrong.stderr.contains("only the receiver (a community's curators"))
            let accept = try await Binary.run(
                ["requests", "act", "accept", id, "--comment", "Welcome"], environment: curatorEnv)
            #expect(accept.status == 0 && accept.stdout.contains("accepted"), "\(accept.stderr)")
            #expect(try await h.client.deposition(draft.id).state == .done)
            let shown = try await Binary.run(["requests", "show", id], environment: env)
            #expect(shown.stdout.contains("Please add it") && shown.stdout.contains("[accepted]"), "\(shown.stdout)")
        }
    }

    @Test func aMemberSubmitsDirectlyAndAnotherCancels() async throws {
        try await Self.with { h, env in
            let direct = try await Self.draft(h)
            let member = try await Binary.run(
                ["submit", String(direct.id), "--community", "ice-lab"], environment: env)
            #expect(member.status == 0 && member.stdout.contains("is published and in ice-lab"), "\(member.stdout)")
            #expect(try await h.client.deposition(direct.id).state == .done)

            let other = try await Self.draft(h)
            let submitted = try await h.client.submit(other.id, to: "glaciology")
            guard case .submitted(let request) = submitted else {
                Issue.record("accepted without review: \(submitted)")
                return
            }
            let cancel = try await Binary.run(["requests", "act", "cancel", request.id], environment: env)
            #expect(cancel.status == 0 && cancel.stdout.contains("cancelled"), "\(cancel.stderr)")
            #expect(try await h.client.review(of: other.id) == nil, "the review is detached")
            let publish = try await Binary.run(["publish", String(other.id), "--yes"], environment: env)
            #expect(publish.status == 0, "\(publish.stderr)")
        }
    }
}

extension CommunityCommandTests {
    /// A legacy publish with communities: said beforehand that they are only asked for, and
    /// afterwards where the record stands with each (Zenodo itself reports nothing).
    @Test func aLegacyPublishSaysWhereTheRecordStands() async throws {
        try await Self.with { h, env in
            var draft = try await Self.draft(h)
            draft = try await h.client.deposition(draft.id)
            var metadata = draft.metadata
            metadata.communities = ["ice-lab", "glaciology", "no-such-community"]
            _ = try await h.client.updateMetadata(draft.id, metadata)
            let publish = try await Binary.run(["publish", String(draft.id), "--yes"], environment: env)
            #expect(publish.status == 0, "\(publish.stderr)")
            #expect(publish.stdout.contains("only asked for at publish"), "\(publish.stdout)")
            #expect(publish.stdout.contains("community in ice-lab"), "\(publish.stdout)")
            #expect(publish.stdout.contains("community glaciology: waiting for its curators"), "\(publish.stdout)")
            #expect(publish.stdout.contains("community no-such-community: no such community"), "\(publish.stdout)")
        }
    }

    @Test func aPublishedRecordIsAddedToCommunitiesWithEachRefusalSaid() async throws {
        try await Self.with { h, env in
            let record = try await h.published()
            let add = try await Binary.run(
                ["communities", "add", String(record.id), "ice-lab", "glaciology", "nope"], environment: env)
            #expect(add.status == 0, "\(add.stderr)")
            #expect(add.stdout.contains("in: ") && add.stdout.contains("asked: "), "\(add.stdout)")
            #expect(add.stderr.contains("refused by nope: Community not found."), "\(add.stderr)")
            let again = try await Binary.run(["communities", "add", String(record.id), "ice-lab"], environment: env)
            #expect(again.status == 5 && again.stderr.contains("already included"), "\(again.stderr)")
            let of = try await Binary.run(["communities", "of", String(record.id), "--json"], environment: env)
            let listed = try JSONValue.decode(Data(of.stdout.utf8))
            #expect(listed["communities"]?.array?.compactMap { $0["slug"]?.string } == ["ice-lab"])
            #expect(listed["requests"]?.array?.count == 2)
            let remove = try await Binary.run(
                ["communities", "remove", String(record.id), "ice-lab"], environment: env)
            #expect(remove.status == 0, "\(remove.stderr)")
            #expect(try await h.client.recordCommunities(record.id).isEmpty)
        }
    }
}
