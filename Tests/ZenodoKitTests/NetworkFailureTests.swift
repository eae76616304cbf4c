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

/// The retry budget the user sets: `--retries`, `--timeout` and their environment variables.
extension NetworkFailureTests {
    @Test func theRetryBudgetIsTheUsers() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let environment = UploadCommandTests.environment(h, state: state).merging(["ZENODO_API": "legacy"]) { _, new in new }
            try await h.inject(#"{"method":"GET","path":"/api/deposit/depositions","action":"status","status":503,"times":3}"#)
            // No retries: the first 503 is the answer (exit 8), and nothing is retried.
            let none = try await Binary.run(["list", "--retries", "0"], environment: environment)
            #expect(none.status == 8 && !none.stderr.contains("retry"), "\(none.stderr)")
            // From the environment: two retries, each said; the third 503 ends it.
            let two = try await Binary.run(["list"], environment: environment.merging(["ZENODO_RETRIES": "1"]) { _, new in new })
            #expect(two.stderr.split(separator: "\n").filter { $0.contains("retry 2/2") }.count == 1, "\(two.stderr)")
            #expect(two.status == 8, "\(two.stderr)")
            // Out of range: refused in words before anything is sent.
            let before = h.requests().count
            let wrong = try await Binary.run(["list", "--retries", "99"], environment: environment)
            #expect(wrong.status != 0 && wrong.stderr.contains("from 0 to 20"), "\(wrong.stderr)")
            #expect(h.requests().count == before)
        }
    }

    @Test func aTimeoutEndsAStalledAttemptSooner() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let environment = UploadCommandTests.environment(h, state: state).merging(["ZENODO_API": "legacy"]) { _, new in new }
            try await h.inject(#"{"method":"GET","path":"/api/deposit/depositions","action":"stall","seconds":30}"#)
            let started = ContinuousClock.now
            let result = try await Binary.run(["list", "--timeout", "1", "--retries", "0"], environment: environment)
            let took = ContinuousClock.now - started
            #expect(result.status == 7, "a network failure: \(result.stderr)")
            #expect(took < .seconds(20), "gave up after its 1 s timeout, not the 30 s stall: \(took)")
        }
    }
}
