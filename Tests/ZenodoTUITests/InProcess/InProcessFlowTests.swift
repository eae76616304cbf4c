import Foundation
import LocalZenodo
import TerminalKit
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// Flows of the interface run in-process (`InProcessApp`): the real loop, runner and client against
/// LocalZenodo, keys in and frames out, every wait a condition with a deadline.
@Suite struct InProcessFlowTests {
    static let token = "in-process-token"

    static func server(_ flavor: Flavor = .production) async throws -> LocalZenodoServer {
        var configuration = LocalZenodoConfiguration()
        configuration.port = 0
        configuration.flavor = flavor
        configuration.seedDemo = true
        configuration.tokens = [token]
        configuration.logger.logLevel = .critical
        return try await LocalZenodoServer.start(configuration)
    }

    @Test func searchTypedThenARecordOpenedWithItsFiles() async throws {
        let server = try await Self.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: Self.token)
        try await app.waitFor("Alpine glacier")
        app.press(.character("S"))
        try await app.waitFor("Search")
        app.type("river")
        try await app.waitFor("Yangtze river")
        app.press(.enter)
        app.press(.enter)
        let record = try await app.waitFor("Files (")
        #expect(record.contains("Versions"), "\(record)")
        #expect(try await app.quit() == 0)
    }

    @Test func aNewDraftMadeMetadataOnlyWhereTheServerAllowsIt() async throws {
        let server = try await Self.server(.inveniordm)
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: Self.token, api: .rdm)
        try await app.waitFor("Alpine glacier")
        app.press(.character("n"))
        let form = try await app.waitFor("new draft's form") { $0.contains("Title") && $0.contains("Creators") }
        #expect(form.contains("Title"))
        app.press(.escape)
        try await app.waitFor("No files yet")
        app.press(.character("M"))
        let done = try await app.waitFor("Metadata-only: published without files")
        #expect(done.contains("is metadata-only"), "\(done)")
        #expect(try await app.quit() == 0)
    }

    @Test func zenodoRefusesMetadataOnlyAndTheScreenSaysWhy() async throws {
        let server = try await Self.server(.production)
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: Self.token)
        try await app.waitFor("Alpine glacier")
        app.press(.character("n"))
        try await app.waitFor("new draft's form") { $0.contains("Title") && $0.contains("Creators") }
        app.press(.escape)
        try await app.waitFor("No files yet")
        app.press(.character("M"))
        // The whole refusal in a box, which any key closes.
        let refused = try await app.waitFor("Metadata-only failed", "does not allow metadata-only records", "Any key closes.")
        #expect(!refused.contains("Metadata-only: published without files"))
        app.press(.escape)
        try await app.waitFor("the box closed") { !$0.contains("Any key closes.") }
        #expect(try await app.quit() == 0)
    }
}
