import Foundation
import TestScratch
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// A draft submitted to a community from the interface (issue 32), in process against the demo
/// server and its two communities: `C` searches as it is typed, the question says who reviews,
/// a reviewed community leaves the draft waiting (publish refused, the view says so), `C` cancels,
/// and a community the user owns takes the draft at once, published.
@Suite struct CommunityFlowTests {
    @Test func aDraftIsSubmittedReviewedCancelledThenTakenDirectly() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token)
        defer { app.abandon() }
        try await app.waitFor("Alpine glacier")
        var metadata = DepositionMetadata()
        metadata.title = "Firn cores for the community"
        metadata.uploadType = "dataset"
        metadata.creators = [Person(name: "Doe, Jane")]
        let draft = try await app.client.createDeposition(metadata: metadata)
        let file = try TestScratch.directory("community-flow").appendingPathComponent("cores.csv")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        try Data("depth,density\n1,0.4\n".utf8).write(to: file)
        _ = try await app.client.upload(file: file, bucketURL: try #require(draft.bucketURL))
        app.press(.character("r"))
        try await app.waitFor("the new draft listed") { $0.contains("Firn cores for the community") }
        try await GracePeriodFlowTests.open(app, "Firn cores")

        app.press(.character("C"))
        try await app.waitFor("the community chooser") { $0.contains("Submit draft \(draft.id) to which community?") }
        app.type("alpine")
        try await app.waitFor("the search's answer") {
            $0.contains("alpine-glaciology") && $0.contains("Alpine glaciology · reviewed")
        }
        app.press(.enter)
        let question = try await app.waitFor("the question") { $0.contains("Submit? y / N") }
        #expect(question.contains("review every submission"), "\(question)")
        app.press(.character("y"))
        try await app.waitFor("waiting") { $0.contains("Community review (alpine-glaciology): waiting") }
        app.press(.character("P"))
        try await app.waitFor("publish refused") { $0.contains("Publish: not here, it waits for a community") }
        // A comment for the curators, shown in the review's timeline under its line.
        app.press(.character("m"))
        app.type("The data dictionary is in the README")
        app.press(.enter)
        try await app.waitFor("the comment in the timeline") {
            $0.contains("Comment sent") && $0.contains(": The data dictionary is in the README")
        }
        app.press(.character("q"))
        try await app.waitFor("the list's badge") { $0.contains("in review") && $0.contains("Firn cores") }
        app.press(.enter)
        try await app.waitFor("the draft again") { $0.contains("Community review (alpine-glaciology): waiting") }
        #expect(try await app.client.deposition(draft.id).state == .unsubmitted)

        app.press(.character("C"))
        try await app.waitFor("the cancel question") { $0.contains("Cancel it? y / N") }
        app.press(.character("y"))
        try await app.waitFor("cancelled") { $0.contains("Review of \(draft.id) cancelled") }

        app.press(.character("C"))
        try await app.waitFor("the community chooser again") { $0.contains("to which community?") }
        app.type("ice")
        try await app.waitFor("ice-lab found") { $0.contains("ice-lab") && $0.contains("Ice lab") }
        app.press(.enter)
        try await app.waitFor("the question") { $0.contains("Submit? y / N") }
        app.press(.character("y"))
        try await app.waitFor("accepted") { $0.contains("published and in ice-lab") }
        #expect(try await app.client.deposition(draft.id).state == .done)
        #expect(try await app.client.recordCommunities(draft.id).map(\.slug) == ["ice-lab"])
        #expect(try await app.quit() == 0)
    }

    /// `C` on a published record asks for it to join a community: one the user owns takes it at
    /// once; a reviewed one leaves it waiting for the curators, said with the request.
    @Test func aPublishedRecordJoinsACommunityOrWaitsForItsCurators() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token)
        defer { app.abandon() }
        let record = try await GracePeriodFlowTests.deposition(app, "Analysis scripts")
        try await GracePeriodFlowTests.open(app, "Analysis scripts")
        app.press(.character("C"))
        try await app.waitFor("the chooser") { $0.contains("Add record \(record.id) to which community?") }
        app.type("ice")
        try await app.waitFor("ice-lab found") { $0.contains("ice-lab") && $0.contains("Ice lab") }
        app.press(.enter)
        try await app.waitFor("the question") { $0.contains("Add it? y / N") && $0.contains("stays as published") }
        app.press(.character("y"))
        try await app.waitFor("in it") { $0.contains("Record \(record.id) is in ice-lab") }
        #expect(try await app.client.recordCommunities(record.id).map(\.slug) == ["ice-lab"])

        app.press(.character("C"))
        try await app.waitFor("the chooser again") { $0.contains("to which community?") }
        app.type("alpine")
        try await app.waitFor("alpine found") { $0.contains("alpine-glaciology") }
        app.press(.enter)
        try await app.waitFor("the question") { $0.contains("Add it? y / N") }
        app.press(.character("y"))
        try await app.waitFor("waiting") { $0.contains("waits for alpine-glaciology's curators") }
        #expect(try await app.client.recordCommunities(record.id).map(\.slug) == ["ice-lab"])
        #expect(try await app.quit() == 0)
    }
}
