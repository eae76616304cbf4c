import Foundation
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// The native form's other pickers (issue 33), in process against LocalZenodo through the native
/// API: an institution kept with its ROR id, a subject from the server's subjects vocabulary,
/// and a custom award (no id: its funder chosen, its number and title as typed), all saved as
/// InvenioRDM stores them.
@Suite struct LookupNativeFlowTests {
    /// Moves down the form until `L` opens the chooser titled `title` (every lookup title says
    /// "(type …)").
    static func lookUp(_ app: InProcessApp, at title: String, rows: Int = 40) async throws {
        for _ in 0..<rows {
            app.press(.character("L"))
            let screen = try await app.waitFor("a lookup chooser") { $0.contains("(type ") }
            if screen.contains(title) { return }
            app.press(.escape)
            try await app.waitFor("the chooser closed") { !$0.contains("(type ") }
            app.press(.down)
        }
        Issue.record("no row of the form opens \(title)")
    }

    @Test func anInstitutionASubjectAndACustomAwardAreStoredAsVocabularyEntries() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token, api: .rdm)
        defer { app.abandon() }
        try await app.waitFor("Alpine glacier")
        app.press(.character("n"))
        try await app.waitFor("the new draft's form") { $0.contains("Title") && $0.contains("Creators") }
        for _ in 0..<3 { app.press(.down) }
        app.press(.enter)
        try await app.waitFor("a creator's rows") { $0.contains("Affiliations") }
        app.type("Doe, Jane")
        app.press(.enter)
        app.press(.down)
        try await Self.lookUp(app, at: "Which institution?")
        app.type("nuclear")
        try await app.waitFor("CERN found") { $0.contains("European Organization for Nucle") }
        app.press(.enter)
        try await app.waitFor("the affiliation kept with its id") {
            $0.contains("European Organization for Nuclear Research [01ggx4157]")
        }

        try await Self.lookUp(app, at: "Add which subject?")
        app.type("bacter")
        try await app.waitFor("the subject found") { $0.contains("Bacteriology") && $0.contains("ANZSRC") }
        app.press(.enter)
        try await app.waitFor("added to Subjects") { $0.contains("Added to Subjects: Bacteriology [310701]") }

        try await Self.lookUp(app, at: "Add which grant to Funding?")
        app.type("WT-42 — Deep ice cores")
        try await app.waitFor("no award, the custom one offered") {
            $0.contains("+ WT-42 — Deep ice cores") && $0.contains("a custom award") && $0.contains("No grant matches")
        }
        app.press(.enter)
        try await app.waitFor("the funder asked") { $0.contains("Who funds “Deep ice cores”?") }
        app.type("wellcome")
        try await app.waitFor("the funder found") { $0.contains("Wellcome Trust") }
        app.press(.enter)
        try await app.waitFor("the custom award added") {
            $0.contains("Added to Funding: a custom award of Wellcome Trust")
                && $0.contains("029chgv08 :: WT-42 — Deep ice cores")
        }

        let id = try #require(try await app.client.allDepositions().map(\.id).max())
        app.press(.character("s"))
        try await app.waitFor("the save question") { $0.contains("Save? y / N") }
        app.press(.character("y"))
        try await app.waitFor("saved") { $0.contains("Saved") }
        let native = try #require(try await app.client.deposition(id).rdmRecord)
        let metadata = native["metadata"]
        let affiliation = metadata?["creators"]?.array?.first?["affiliations"]?.array?.first
        #expect(affiliation?["id"]?.string == "01ggx4157", "\(affiliation ?? .null)")
        #expect(metadata?["subjects"]?.array?.contains { $0["id"]?.string == "310701" } == true)
        let funding = metadata?["funding"]?.array?.first
        #expect(funding?["funder"]?["id"]?.string == "029chgv08")
        #expect(funding?["award"]?["id"] == nil, "a custom award has no id")
        #expect(funding?["award"]?["number"]?.string == "WT-42")
        #expect(funding?["award"]?["title"]?["en"]?.string == "Deep ice cores")
        #expect(try await app.quit() == 0)
    }
}
