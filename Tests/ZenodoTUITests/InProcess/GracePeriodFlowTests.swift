import Foundation
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// A published record fixed or deleted from the interface (issue 31), in process against the
/// demo server: `F` unlocks the files (the server decides), `x` and `P` change and republish them
/// under the same DOI; `X` asks why and wants the id typed before it deletes; outside the window
/// the refusal says why and offers a new version.
@Suite struct GracePeriodFlowTests {
    /// Opens the list's deposition whose title starts with `title`.
    static func open(_ app: InProcessApp, _ title: String) async throws {
        try await app.waitFor("Alpine glacier")
        app.press(.character("/"))
        app.type(title)
        app.press(.enter, .enter)
        try await app.waitFor("the deposition \(title), loaded") {
            $0.contains(title) && $0.contains("State") && !$0.contains("Loading the full deposition")
        }
    }

    static func deposition(_ app: InProcessApp, _ title: String) async throws -> Deposition {
        let all = try await app.client.allDepositions()
        return try #require(all.first { $0.title.hasPrefix(title) })
    }

    @Test func fixFilesUnlocksThenAFileIsDeletedAndTheRecordRepublishedUnderItsDOI() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token)
        defer { app.abandon() }
        let title = "Analysis scripts"
        try await Self.open(app, title)
        let before = try await app.client.deposition(try await Self.deposition(app, title).id)
        try await app.waitFor("the locked files' hint") { $0.contains("F unlocks them") }
        app.press(.character("x"))
        try await app.waitFor("x refused while locked") {
            $0.contains("Delete file: not here") && $0.contains("F unlocks them")
        }
        app.press(.character("F"))
        let asked = try await app.waitFor("the question") { $0.contains("Unlock the files? y / N") }
        #expect(asked.contains("published 20 days ago") && asked.contains("stays"), "\(asked)")
        app.press(.character("y"))
        try await app.waitFor("the files unlocked") { $0.contains("Files unlocked: u uploads") }

        let gone = try #require(before.files.first).filename
        app.press(.character("x"))
        try await app.waitFor("the file chooser") { $0.contains("Delete which file?") }
        app.type(gone)
        app.press(.enter)
        try await app.waitFor("the file question") { $0.contains("Delete it? y / N") }
        app.press(.character("y"))
        try await app.waitFor("the file deleted") { $0.contains("Deleted \(gone)") }
        app.press(.character("P"))
        let question = try await app.waitFor("the publish question") { $0.contains("y / N") }
        #expect(question.contains("stays the same"), "\(question)")
        app.press(.character("y"))
        try await app.waitFor("published") { $0.contains("Published \(before.id): DOI") }
        app.press(.escape)

        let after = try await app.client.deposition(before.id)
        #expect(after.state == .done && after.doi == before.doi)
        #expect(after.files.map(\.filename) == before.files.map(\.filename).filter { $0 != gone })
        #expect(try await app.quit() == 0)
    }

    @Test func deletingARecordAsksWhyThenWantsItsIdTyped() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token)
        defer { app.abandon() }
        let title = "Poster: measuring"
        try await Self.open(app, title)
        let record = try await Self.deposition(app, title)
        app.press(.character("X"))
        try await app.waitFor("the reasons") { $0.contains("Why delete record") && $0.contains("Duplicate of another") }
        app.type("test upload")
        app.press(.enter)
        let box = try await app.waitFor("the typed confirmation") { $0.contains("Type \(record.id) to delete it") }
        #expect(box.contains("tombstone") && box.contains("Test upload of a record"), "\(box)")
        // `y` is not an answer here, and a wrong id deletes nothing.
        app.press(.character("y"), .enter)
        try await app.waitFor("the wrong answer said") { $0.contains("Type the record id exactly") }
        #expect(try await app.client.deposition(record.id).state == .done)
        app.press(.backspace)
        app.type(String(record.id))
        app.press(.enter)
        try await app.waitFor("the record deleted") { $0.contains("Record \(record.id) deleted") }
        await #expect(throws: ZenodoError.self) { _ = try await app.client.deposition(record.id) }
        #expect(try await app.quit() == 0)
    }

    @Test func outsideTheWindowTheRefusalOffersANewVersion() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token)
        defer { app.abandon() }
        // Published 150 days ago (its metadata is being edited).
        try await Self.open(app, "Urban heat island")
        app.press(.character("F"))
        try await app.waitFor("the question") { $0.contains("Unlock the files? y / N") }
        app.press(.character("y"))
        let refused = try await app.waitFor("the refusal") { $0.contains("Fix files failed") }
        #expect(refused.contains("grace period") && refused.contains("makes a new version"), "\(refused)")
        #expect(
            try await app.client.deposition(try await Self.deposition(app, "Urban heat island").id).state == .inprogress
        )
        app.press(.escape)
        #expect(try await app.quit() == 0)
    }
}
