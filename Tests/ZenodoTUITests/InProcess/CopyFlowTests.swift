import Foundation
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// `y` copies a record's DOI, concept DOI or citation to the user's clipboard (issue 33), in
/// process against the demo server: the DOI at once, the citation from the server's serializer.
@Suite struct CopyFlowTests {
    @Test func theDOIAndTheCitationLandInTheClipboard() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token)
        defer { app.abandon() }
        let record = try await GracePeriodFlowTests.deposition(app, "Analysis scripts")
        try await GracePeriodFlowTests.open(app, "Analysis scripts")
        try await app.waitFor("the concept DOI") { $0.contains("Concept DOI") && $0.contains("(every version)") }
        // Its use, read from the public record after the deposition.
        try await app.waitFor("the record's use") { $0.contains("Use          0 views, 0 downloads") }
        app.press(.character("y"))
        try await app.waitFor("the copy chooser") {
            $0.contains("Copy to your clipboard") && $0.contains("Concept DOI")
        }
        app.press(.enter)
        try await app.waitFor("the DOI copied") { $0.contains("Copied 10.") }
        #expect(app.terminal.copied.last == record.doi)
        app.press(.character("y"))
        try await app.waitFor("the chooser again") { $0.contains("Copy to your clipboard") }
        app.type("citation")
        app.press(.enter)
        try await app.waitFor("the citation copied") { $0.contains("Copied Müller") }
        let citation = try #require(app.terminal.copied.last)
        #expect(
            citation.contains("Analysis scripts") && citation.contains("https://doi.org/\(record.doi ?? "?")"),
            "\(citation)")
        #expect(try await app.quit() == 0)
    }
}

extension CopyFlowTests {
    /// A native draft has no DOI until one is asked for (InvenioRDM reserves on request):
    /// `y` offers to reserve one, copies it, and the view shows it.
    @Test func aDraftWithoutADOIGetsOneReservedAndCopied() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token, api: .rdm)
        defer { app.abandon() }
        var metadata = DepositionMetadata()
        metadata.title = "Reserve me a DOI"
        let draft = try await app.client.createDeposition(metadata: metadata)
        #expect(draft.doi == nil && draft.metadata.prereservedDOI == nil, "none until asked for")
        try await app.waitFor("Alpine glacier")
        app.press(.character("r"))
        try await app.waitFor("the new draft listed") { $0.contains("Reserve me a DOI") }
        try await GracePeriodFlowTests.open(app, "Reserve me a DOI")
        app.press(.character("y"))
        try await app.waitFor("the copy chooser") { $0.contains("Reserve a DOI") }
        app.press(.enter)
        let screen = try await app.waitFor("reserved, copied and shown") {
            $0.contains("Reserved 10.") && $0.contains("(reserved; registered when published)")
        }
        let doi = try #require(app.terminal.copied.last)
        #expect(screen.contains(doi), "\(screen)")
        let stored = try await app.client.deposition(draft.id)
        #expect(stored.metadata.prereservedDOI == doi || stored.doi == doi)
        #expect(try await app.quit() == 0)
    }
}
