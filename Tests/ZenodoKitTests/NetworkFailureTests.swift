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
