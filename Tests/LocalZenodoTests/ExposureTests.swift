import Foundation
import LocalZenodo
import Testing

/// LocalZenodo never leaks a token into its log however the name is spelt, keeps a client's
/// user agent inside its quotes, and does not listen off loopback with the token everyone knows
/// (issue 26).
@Suite struct ExposureTests {
    /// `access%5Ftoken` is `access_token` to the query parser that authenticates with it: it is
    /// redacted too (today's code matched the raw spelling and logged the token in clear). A
    /// secret link's `token` is a secret as well.
    @Test func everySpellingOfTheTokensNameIsRedacted() async throws {
        try await TestServer.with { server in
            for name in ["access%5Ftoken", "access%5ftoken", "%61ccess_token", "access_token"] {
                let reply = try await HTTP.get(
                    "\(server.depositions)?\(name)=\(TestServer.tokenA)&size=5", token: nil)
                #expect(reply.status == 200, "\(name) authenticates, as Zenodo's parser decodes names")
            }
            _ = try await HTTP.get("\(server.api)/records?token=secret-link-token-123", token: nil)
            let lines = server.server.accessLog.all().map(\.line).joined(separator: "\n")
            #expect(!lines.contains(TestServer.tokenA), "\(lines)")
            #expect(!lines.contains("secret-link-token-123"), "\(lines)")
            #expect(lines.contains("access%5Ftoken=REDACTED&size=5"), "\(lines)")
        }
    }

    /// A user agent with quotes and a newline cannot end its field or forge a log line.
    @Test func aUserAgentStaysInsideItsQuotes() async throws {
        try await TestServer.with { server in
            _ = try await HTTP.send(
                .GET, server.depositions, headers: [("User-Agent", #"x" auth=header ua="forged"#)])
            let line = try #require(server.server.accessLog.all().last?.line)
            #expect(line.contains(#" ua="x\" auth=header ua=\"forged" bytes="#), "\(line)")
        }
    }

    /// Off loopback with the README's token: refused; with tokens of one's own it starts, and
    /// says it is reachable from elsewhere.
    @Test func offLoopbackTheDefaultTokenIsRefused() async throws {
        var configuration = LocalZenodoConfiguration()
        configuration.host = "0.0.0.0"
        configuration.allowNonLoopback = true
        configuration.port = 0
        configuration.logger.logLevel = .critical
        do {
            let server = try await LocalZenodoServer.start(configuration)
            await server.stop()
            Issue.record("listened on 0.0.0.0 with the default token")
        } catch {
            #expect("\(error)".contains("default token"), "\(error)")
        }
        configuration.tokens = [LocalZenodoConfiguration.defaultToken, "mine-123"]
        await #expect(throws: (any Error).self) {
            try await LocalZenodoServer.start(configuration).stop()
        }
        configuration.tokens = ["mine-123"]
        let server = try await LocalZenodoServer.start(configuration)
        await server.stop()
    }
}
