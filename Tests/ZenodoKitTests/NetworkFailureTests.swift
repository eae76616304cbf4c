import Foundation
import Testing
import ZenodoKit

/// Fail fast where retrying cannot help (issue 16, first part).
@Suite struct NetworkFailureTests {
    @Test(arguments: [
        ("getaddrinfo: Name or service not known", NetworkFailure.unknownHost),
        ("NIOConnectionError(host: x.invalid, dnsAError: Optional(...), dnsAAAAError: ...)", .unknownHost),
        ("Temporary failure in name resolution", .transient),
        ("connect(descriptor:addr:size:): Connection refused (errno: 111)", .refused),
        ("handshakeFailed(NIOSSL.BoringSSLError.sslError([certificate verify failed]))", .certificate),
        ("invalidProxyResponse", .proxyRefused),
        ("proxy answered 502 to CONNECT", .proxyRefused),
        ("connection timed out", .transient),
        ("the connection was closed by the server", .transient),
        ("Connection reset by peer (errno: 104)", .transient),
        ("uncleanShutdown (NIOSSL)", .transient),
    ])
    func classification(_ description: String, _ expected: NetworkFailure) {
        #expect(NetworkFailure.classify(description) == expected)
    }

    @Test func aRefusedConnectionFailsAtOnceWithAdviceAndNoRetry() async throws {
        // A port nobody listens on: bind one, note it, close it.
        let profile = try ServerProfile(parsing: "http://127.0.0.1:9/api")
        let transport = HTTPTransport(environment: [:], forHost: profile.host)
        let sleeps = SleepRecorder()
        let client = ZenodoClient(
            profile: profile, credentials: Credentials(token: "t", source: .explicit), transport: transport,
            sleep: { sleeps.record($0) })
        let started = Date()
        do {
            _ = try await client.allDepositions()
            Issue.record("it answered")
        } catch let error as ZenodoError {
            #expect(error.kind == .network)
            #expect(error.permanent)
            #expect(error.message.contains("refused the connection"), "\(error.message)")
            #expect(error.message.contains("HTTPS_PROXY"))
        }
        #expect(Date().timeIntervalSince(started) < 5, "no minute-long wait")
        #expect(sleeps.all.isEmpty, "not retried")
        await transport.shutdown()
    }
}

extension NetworkFailureTests {
    @Test func everyRetryOfACommandIsSaidOnStandardError() async throws {
        try await Harness.with { h in
            try await h.inject(#"{"method":"GET","path":"/api/deposit/depositions","action":"status","status":503,"times":2}"#)
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let environment = UploadCommandTests.environment(h, state: state).merging(["ZENODO_API": "legacy"]) { _, new in new }
            let result = try await Binary.run(["list"], environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stderr.split(separator: "\n").filter { $0.contains("retry") }
            #expect(lines.count == 2, "\(result.stderr)")
            #expect(lines.first?.contains("retry 2/5") == true)
            #expect(lines.last?.contains("retry 3/5") == true)
        }
    }

    @Test func theRetryNoticeReadsAsASentence() {
        let notice = RetryNotice(host: "zenodo.org", reason: "connection reset", attempt: 2, maxAttempts: 5, delay: 7.6)
        #expect(notice.line == "zenodo.org: connection reset, retry 2/5 in 8 s")
    }
}
