import Foundation
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// A grant found, not guessed (issue 33), in process against LocalZenodo's seeded vocabularies
/// through the native API: `L` in the form searches the awards as it is typed, the chosen one
/// lands in Funding as `funder :: number`, and saving stores the vocabulary's award.
@Suite struct LookupFlowTests {
    @Test func aGrantIsFoundAddedToFundingAndSaved() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token, api: .rdm)
        defer { app.abandon() }
        try await app.waitFor("Alpine glacier")
        app.press(.character("n"))
        try await app.waitFor("the new draft's form") { $0.contains("Title") && $0.contains("Creators") }
        app.press(.character("L"))
        try await app.waitFor("the grant chooser") { $0.contains("Add which grant to Funding?") }
        app.type("openaire")
        try await app.waitFor("the award found") { $0.contains("OpenAIREplus") && $0.contains("283595") }
        app.press(.enter)
        try await app.waitFor("added, in the Funding row") {
            $0.contains("Added to Funding: OpenAIREplus") && $0.contains("00k4n6c32 :: 283595")
        }
        let id = try #require(try await app.client.allDepositions().map(\.id).max())
        app.press(.character("s"))
        try await app.waitFor("the save question") { $0.contains("Save? y / N") }
        app.press(.character("y"))
        try await app.waitFor("saved") { $0.contains("Saved") }
        let draft = try await app.client.deposition(id)
        let funding = draft.metadata[RDMNativeFields.funding]?.array?.compactMap(\.string) ?? []
        #expect(funding.contains { $0.contains("00k4n6c32") && $0.contains("283595") }, "\(funding)")
        let native = try #require(draft.rdmRecord)
        let award = native["metadata"]?["funding"]?.array?.first?["award"]?["id"]?.string
        #expect(award == "00k4n6c32::283595", "stored as the vocabulary's award")
        #expect(try await app.quit() == 0)
    }
}

extension LookupFlowTests {
    /// On a person's name `L` finds them among the names (their ORCID and affiliation come with
    /// them); on their affiliation, among the institutions (ROR): the deposit API's form too.
    @Test func aPersonAndTheirInstitutionAreFound() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token)
        defer { app.abandon() }
        try await app.waitFor("Alpine glacier")
        app.press(.character("n"))
        try await app.waitFor("the new draft's form") { $0.contains("Title") && $0.contains("Creators") }
        // Down to Creators, Enter adds one and types its name: Esc leaves it empty, on its name.
        for _ in 0..<3 { app.press(.down) }
        try await app.waitFor("on Creators") { $0.contains("▶ Creators") || $0.contains("Creators") }
        app.press(.enter)
        try await app.waitFor("a creator's rows") { $0.contains("Affiliation") }
        app.press(.escape)
        app.press(.character("L"))
        try await app.waitFor("the names chooser") { $0.contains("Who is it?") }
        app.type("riesbeck")
        try await app.waitFor("found") { $0.contains("Riesbeck, Christopher") && $0.contains("ORCID") }
        app.press(.enter)
        let person = try await app.waitFor("the person filled in") { $0.contains("Person: Riesbeck, Christopher") }
        #expect(person.contains("0000-0001-7673-1000") && person.contains("Northwestern University"), "\(person)")
        app.press(.down)
        app.press(.character("L"))
        try await app.waitFor("the institutions chooser") { $0.contains("Which institution?") }
        app.type("nuclear")
        try await app.waitFor("CERN found") { $0.contains("European Organization for Nucle") }
        app.press(.enter)
        try await app.waitFor("the affiliation set") { $0.contains("Affiliation: European Organization for Nuclear") }
        #expect(try await app.quit() == 0)
    }
}
