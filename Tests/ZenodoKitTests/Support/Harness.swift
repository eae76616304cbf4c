import Foundation
import TestScratch
import LocalZenodo
import Synchronization
import ZenodoKit

/// LocalZenodo in-process on port 0 and a ZenodoKit client for it, with fast, recorded retries.
struct Harness {
    static let token = "kit-token-alice-123456"
    static let otherToken = "kit-token-bob-654321"

    let server: LocalZenodoServer
    let client: ZenodoClient
    let transport: HTTPTransport
    let sleeps: SleepRecorder

    var profile: ServerProfile { client.profile }
    var faultsURL: String { server.apiURL.replacingOccurrences(of: "/api", with: "/_faults") }

    static func with<T>(
        token: String = Harness.token, retry: RetryPolicy = RetryPolicy(maxAttempts: 5, baseDelay: 0.5, jitter: { 0 }),
        configure: (inout LocalZenodoConfiguration) -> Void = { _ in }, _ body: (Harness) async throws -> T
    ) async throws -> T {
        var configuration = LocalZenodoConfiguration()
        configuration.port = 0
        configuration.tokens = [Self.token, Self.otherToken]
        configuration.faultsAPI = true
        configuration.logger.logLevel = .warning
        configure(&configuration)
        let server = try await LocalZenodoServer.start(configuration)
        let profile = try ServerProfile(parsing: server.apiURL)
        let transport = HTTPTransport(environment: [:], forHost: profile.host)
        let sleeps = SleepRecorder()
        let client = ZenodoClient(
            profile: profile, credentials: Credentials(token: token, source: .environment("ZENODO_TOKEN")),
            transport: transport, retry: retry, clock: sleeps.clock)
        let harness = Harness(server: server, client: client, transport: transport, sleeps: sleeps)
        do {
            let result = try await body(harness)
            await transport.shutdown()
            await server.stop()
            return result
        } catch {
            await transport.shutdown()
            await server.stop()
            throw error
        }
    }

    /// Installs a fault rule through LocalZenodo's admin route.
    func inject(_ rule: String) async throws {
        server.faults.add(try JSONDecoder().decode(FaultRule.self, from: Data(rule.utf8)))
    }

    /// Requests LocalZenodo saw, as `METHOD target`.
    func requests(matching fragment: String = "") -> [String] {
        server.accessLog.all().map { "\($0.method) \($0.target)" }.filter { fragment.isEmpty || $0.contains(fragment) }
    }

    /// A published record with the given files; returns the deposition.
    func published(
        title: String = "Published data", files: [String: String] = ["data.csv": "a,b\n1,2\n"],
        adjust: (inout DepositionMetadata) -> Void = { _ in }
    ) async throws -> Deposition {
        var metadata = DepositionMetadata()
        metadata.title = title
        metadata.uploadType = "dataset"
        metadata.creators = [Person(name: "Doe, Jane")]
        adjust(&metadata)
        let draft = try await client.createDeposition(metadata: metadata)
        for (name, content) in files {
            let url = try TempFile.make(name: name, content: Data(content.utf8))
            defer { TempFile.remove(url) }
            _ = try await client.upload(file: url, bucketURL: draft.bucketURL!)
        }
        return try await client.publish(draft.id)
    }
}

/// Records requested sleeps instead of sleeping; as a clock (`clock`), its time stands still
/// but for the waits it records, so every wait the client computes from a date is exact.
final class SleepRecorder: Sendable {
    private let values = Mutex<[Double]>([])
    /// A whole second, so that an HTTP date (whole seconds) is an exact number of seconds away.
    let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    func record(_ seconds: Double) { values.withLock { $0.append(seconds) } }
    var all: [Double] { values.withLock { $0 } }
    var now: Date { start.addingTimeInterval(values.withLock { $0.reduce(0, +) }) }
    var clock: RetryClock { RetryClock(now: { self.now }, sleep: { self.record($0) }) }
}

enum TempFile {
    static func directory() throws -> URL {
        try TestScratch.directory("zk")
    }

    static func make(name: String, content: Data) throws -> URL {
        let url = try directory().appendingPathComponent(name)
        try content.write(to: url)
        return url
    }

    /// Removes a file made by `make` with its directory.
    static func remove(_ file: URL) {
        try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
    }
}

enum Fixture {
    static func data(_ name: String, _ ext: String = "json") -> Data {
        let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures")!
        return try! Data(contentsOf: url)
    }

    static func json(_ name: String) -> JSONValue { try! JSONValue.decode(data(name)) }
}

import Crypto

func md5Hex(_ data: Data) -> String {
    Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined()
}
