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
