import Foundation
import TestScratch
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// Sharing from the interface (issue 32), in process against the demo server: the curator asks
/// for the restricted transcripts, `A` shows the request, `a` accepts it (the curator is then
/// among the people), `n` makes a link that lands in the clipboard and opens the files to an
/// anonymous client, `x` revokes it (the files close again), and an e-mail that is not public
/// is said to be so.
@Suite struct SharingFlowTests {
    static let title = "Interview transcripts"

    /// The status an anonymous `curl` gets, or with the curator's token and a JSON body, posted.
    static func curl(_ url: String, curatorPosts body: String? = nil) async throws -> String {
        var arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", url]
        if let body {
            arguments = [
                "-s", "-H", "Authorization: Bearer demo-curator-token", "-H", "Content-Type: application/json",
                "-d", body, url,
            ]
        }
        return try await Binary.runTool("/usr/bin/curl", arguments).stdout
    }

    @Test func aRequestIsAcceptedALinkIsCopiedUsedAndRevoked() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token)
        defer { app.abandon() }
        try await app.waitFor("Alpine glacier")
        let record = try await GracePeriodFlowTests.deposition(app, Self.title)
        let key = try #require(record.files.first?.filename)
        let content = "\(server.apiURL)/records/\(record.id)/files/\(key)/content"
        #expect(try await Self.curl(content) == "403")
        let asked = try await Self.curl(
            "\(server.apiURL)/records/\(record.id)/access/request",
            curatorPosts: #"{"email": "curator@localzenodo.test", "message": "For a replication study"}"#)
        #expect(asked.contains("\"submitted\""), "\(asked)")

        try await GracePeriodFlowTests.open(app, Self.title)
        app.press(.character("A"))
        let screen = try await app.waitFor("the sharing screen") {
            $0.contains("Access requests (1)") && $0.contains("For a replication study")
        }
        #expect(screen.contains("Secret links (0)") && screen.contains("People (0)"), "\(screen)")
        app.press(.character("a"))
        try await app.waitFor("accepted, the curator among the people") {
            $0.contains("Request accepted") && $0.contains("People (1)") && $0.contains("curator (user ")
        }

        app.press(.character("n"))
        try await app.waitFor("the permission chooser") { $0.contains("A link that lets whoever has it") }
        app.press(.enter)
        try await app.waitFor("the expiry chooser") { $0.contains("The view link works") && $0.contains("30 days") }
        app.press(.enter)
        try await app.waitFor("the link made") { $0.contains("Made a view link") && $0.contains("Secret links (1)") }
        let address = try #require(app.terminal.copied.last, "the address went to the clipboard")
        #expect(
            address.hasPrefix("\(server.apiURL.replacingOccurrences(of: "/api", with: ""))/records/\(record.id)?token=")
        )
        let token = String(address.split(separator: "=").last ?? "")
        #expect(try await Self.curl("\(content)?token=\(token)") == "200", "the link opens the files")

        app.press(.character("g"), .character("x"))
        try await app.waitFor("the revoke question") { $0.contains("Revoke this link?") }
        app.press(.character("y"))
        try await app.waitFor("revoked") { $0.contains("Revoked the link") && $0.contains("Secret links (0)") }
        #expect(try await Self.curl("\(content)?token=\(token)") == "403", "revoked: the files close")

        app.press(.character("p"))
        app.type("demo@localzenodo.test")
        app.press(.enter)
        try await app.waitFor("the permission question") { $0.contains("demo@localzenodo.test may") }
        app.press(.enter)
        try await app.waitFor("said to be hidden") { $0.contains("only when they made their address public") }
        #expect(try await app.quit() == 0)
    }
}
