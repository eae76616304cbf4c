import Crypto
import Foundation
import LocalZenodo
import Synchronization
import TestScratch
import ZenodoKit

/// LocalZenodo in-process on port 0 and a ZenodoKit client for it, with fast, recorded retries: the
/// harness of the ZenodoKit tests and of the command-line tests.
public struct Harness: Sendable {
    public static let token = "kit-token-alice-123456"
    public static let otherToken = "kit-token-bob-654321"

    public let server: LocalZenodoServer
    public let client: ZenodoClient
    public let transport: HTTPTransport
    public let sleeps: SleepRecorder

    public var profile: ServerProfile { client.profile }
    public var faultsURL: String { server.apiURL.replacingOccurrences(of: "/api", with: "/_faults") }

    public static func with<T>(
        token: String = Harness.token, retry: RetryPolicy = RetryPolicy(maxAttempts: 5, baseDelay: 0.5, jitter: { 0 }),
        configure: (inout LocalZenodoConfiguration) -> Void = { _ in }, _ body: (Harness) async throws -> T
    ) async throws -> T {
        var configuration = LocalZenodoConfiguration()
        configuration.port = 0
        configuration.tokens = [Self.token, Self.otherToken]
        configuration.faultsAPI = true
        configuration.logger.logLevel = .warning
        // An instance with subjects (InvenioRDM ships none): the fixtures' MeSH, ANZSRC and LCSH.
        configuration.subjects = SubjectSeed.fixtures
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
    public func inject(_ rule: String) async throws {
        server.faults.add(try JSONDecoder().decode(FaultRule.self, from: Data(rule.utf8)))
    }

    /// Requests LocalZenodo saw, as `METHOD target`.
    public func requests(matching fragment: String = "") -> [String] {
        server.accessLog.all().map { "\($0.method) \($0.target)" }.filter { fragment.isEmpty || $0.contains(fragment) }
    }

    /// A published record with the given files; returns the deposition.
    public func published(
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
public final class SleepRecorder: Sendable {
    public init() {}
    private let values = Mutex<[Double]>([])
    /// A whole second, so that an HTTP date (whole seconds) is an exact number of seconds away.
    public let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    public func record(_ seconds: Double) { values.withLock { $0.append(seconds) } }
    public var all: [Double] { values.withLock { $0 } }
    public var now: Date { start.addingTimeInterval(values.withLock { $0.reduce(0, +) }) }
    public var clock: RetryClock { RetryClock(now: { self.now }, sleep: { self.record($0) }) }
}

public enum TempFile {
    public static func directory() throws -> URL {
        try TestScratch.directory("zk")
    }

    public static func make(name: String, content: Data) throws -> URL {
        let url = try directory().appendingPathComponent(name)
        try content.write(to: url)
        return url
    }

    /// Removes a file made by `make` with its directory.
    public static func remove(_ file: URL) {
        try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
    }

    /// Files of `size` bytes named `names` in `directory`, each a little different (its first byte).
    public static func makeFiles(_ names: [String], size: Int, in directory: URL) throws {
        for (n, name) in names.enumerated() {
            var data = Data(count: size)
            data[0] = UInt8(n + 1)
            try data.write(to: directory.appendingPathComponent(name))
        }
    }
}

extension Harness {
    /// The environment the real binary runs with against this server: its token, a state
    /// directory of its own, retry waits shortened a hundredfold.
    public func commandEnvironment(state: URL) -> [String: String] {
        [
            "ZENODO_SERVER": server.apiURL, "ZENODO_TOKEN": Harness.token, "HOME": state.path,
            "XDG_STATE_HOME": state.path, "ZENODO_TUI_BACKOFF_SCALE": "0.01",
        ]
    }
}

public func md5Hex(_ data: Data) -> String {
    Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined()
}
