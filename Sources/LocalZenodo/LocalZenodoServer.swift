import FoundationEssentials
import Hummingbird
import Logging
import LoopbackAddress
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals

#if canImport(Glibc)
    import Glibc
#endif

/// How to run LocalZenodo; the fields mirror `zenodo-tui serve`'s options.
public struct LocalZenodoConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 lets the kernel choose.
    public var port = 8766
    /// Where depositions and files persist; `nil` uses a temporary directory removed on stop.
    public var dataDirectory: URL?
    /// Accepted tokens, each its own user. Empty means the documented default token.
    public var tokens: [String] = []
    public var seedDemo = false
    /// Extra plain drafts to create in an empty store (benchmarks of long lists).
    public var seedBulk = 0
    /// Requests per minute per token; `nil` sends the headers but refuses nothing.
    public var rateLimit: Int?
    /// Requests per minute for all anonymous callers together (Zenodo: 133); `nil` with a
    /// `rateLimit`: the smaller of 133 and that limit.
    public var anonymousRateLimit: Int?
    /// Records searches per minute per caller (Zenodo: 30, `records.search` in `RATELIMIT_PER_ENDPOINT`),
    /// instead of the general limit for that route; refused beyond it whenever the general limits
    /// are (`rateLimit` or `anonymousRateLimit` set).
    public var searchRateLimit = RateLimiter.zenodoSearchLimit
    /// The window the limits count in, in seconds (Zenodo: 60; tests shorten it).
    public var rateLimitWindow: Double = 60
    /// Accept part PUTs of multipart uploads; `nil`: as the flavour does (`Flavor.acceptsMultipartParts`).
    public var acceptsMultipartParts: Bool?
    /// Answer downloads whole (200) whatever their `Range`, as a server without range support does.
    public var ignoresRanges = false
    /// The container API on ZIP files (`…/files/{key}/container`), as invenio-records-resources
    /// d2396a9 serves it; `serve --no-container` switches it off, so the Range path is tested too.
    public var containerAPI = true
    /// Send files' bytes with `sendfile` (false: read into buffers and written, as before).
    public var sendsFiles = true
    public var limits = Limits()
    public var faults: [FaultRule] = []
    public var faultsAPI = false
    /// Allow a non-loopback `host` (only when the user named it explicitly).
    public var allowNonLoopback = false
    public var formUploadLimit = 100 * 1024 * 1024
    public var logger = Logger(label: "LocalZenodo")
    /// Catch SIGINT and SIGTERM to stop cleanly (the `serve` command; not in tests).
    public var handleSignals = false
    /// Which Zenodo to imitate where they differ: sandbox registers test DOIs (`10.5072`).
    public var flavor = Flavor.production
    /// What a multipart commit answers as the checksum, and how long until the MD5 shows.
    public var multipartChecksum = MultipartChecksum.deferred
    public var multipartChecksumDelay: Double = 1
    /// The server's time (tests move it on to see embargoes end).
    public var clock: @Sendable () -> Date = { Date() }
    /// Communities to serve (`serve --community`); the demo adds its own.
    public var communities: [CommunitySeed] = []
    /// Named users (`serve --user`); their tokens are accepted too.
    public var users: [UserSeed] = []
    /// The subjects vocabulary (`serve --subjects FILE`); empty as InvenioRDM ships it, the
    /// demo's fixtures with `seedDemo`.
    public var subjects: [SubjectSeed] = []

    /// The token accepted when none is configured (documented in the README).
    public static let defaultToken = "localzenodo-token"

    public init() {}
}

/// zenodo.org, sandbox.zenodo.org, or an InvenioRDM repository without Zenodo's legacy layer.
public enum Flavor: String, Sendable, CaseIterable {
    case production
    case sandbox
    /// InvenioRDM as other repositories run it: the native API only (`/api/deposit/…` is 404),
    /// RDM JSON for `application/json`, DataCite's test prefix.
    case inveniordm

    /// The DOI registered at publish: `10.5281/zenodo.N`, on sandbox `10.5072/zenodo.N` (samples 06,
    /// 11, 12); `10.1234/N` on the plain InvenioRDM flavour.
    func registeredDOI(_ id: Int) -> String {
        switch self {
        case .production: return "10.5281/zenodo.\(id)"
        case .sandbox: return "10.5072/zenodo.\(id)"
        case .inveniordm: return "10.1234/\(id)"
        }
    }

    /// Whether part PUTs of a multipart transfer are accepted (Zenodo refuses them today:
    /// zenodo/zenodo-rdm#1443).
    var acceptsMultipartParts: Bool { self == .inveniordm }

    /// `RECORDS_RESOURCES_ALLOW_EMPTY_FILES`: true in invenio-records-resources' `config.py`,
    /// false in Zenodo's `invenio.cfg` (checked at commit, on the stored file).
    var allowsEmptyFiles: Bool { self == .inveniordm }

    /// `RDM_ALLOW_METADATA_ONLY_RECORDS`: true in invenio-rdm-records' `config.py`, false in
    /// Zenodo's `invenio.cfg` (so `can_manage_files` is nobody there, zenodo_rdm `permissions.py`).
    var allowsMetadataOnly: Bool { self == .inveniordm }
}

/// What a multipart commit answers as the file's `checksum`. InvenioRDM computes no MD5 at commit;
/// a background task does, a moment later (invenio-records-resources `multipart.py` `commit_file`,
/// `tasks.py` `recompute_multipart_checksum_task`).
public enum MultipartChecksum: String, Sendable, CaseIterable {
    /// `null`, then the MD5 (local storage with the task running).
    case deferred
    /// `multipart:<S3 ETag>-<part size>`, then the MD5 (S3 storage).
    case s3
    /// `null` for ever (the task never ran).
    case never
}

public struct LocalZenodoError: Error, CustomStringConvertible {
    public var description: String
}

/// A running LocalZenodo: start it, read `apiURL`, stop it.
public final class LocalZenodoServer: Sendable {
    /// `http://HOST:PORT/api`
    public let apiURL: String
    public let port: Int
    public let faults: FaultTable
    public let accessLog: AccessLog
    /// The tokens the server accepts (the default one when none was configured).
    public let tokens: [String]
    private let group: ServiceGroup
    private let runTask: Task<Void, any Error>
    private let temporaryDirectory: URL?

    private init(
        apiURL: String, port: Int, faults: FaultTable, accessLog: AccessLog, tokens: [String], group: ServiceGroup,
        runTask: Task<Void, any Error>, temporaryDirectory: URL?
    ) {
        self.apiURL = apiURL
        self.port = port
        self.faults = faults
        self.accessLog = accessLog
        self.tokens = tokens
        self.group = group
        self.runTask = runTask
        self.temporaryDirectory = temporaryDirectory
    }

    /// Binds, seeds if asked, and returns once the server accepts connections.
    public static func start(_ configuration: LocalZenodoConfiguration) async throws -> LocalZenodoServer {
        if !configuration.allowNonLoopback, !isLoopback(configuration.host) {
            throw LocalZenodoError(
                description:
                    "refusing to listen on \(configuration.host), which is not a loopback address; pass --host explicitly to allow it"
            )
        }
        if !isLoopback(configuration.host) {
            // Off loopback, others can reach it: never with the token everyone can read in the README.
            if configuration.tokens.isEmpty
                || configuration.tokens.contains(LocalZenodoConfiguration.defaultToken)
            {
                throw LocalZenodoError(
                    description:
                        "refusing to listen on \(configuration.host) with the default token \(LocalZenodoConfiguration.defaultToken), which anyone can read in the README: give your own with --token"
                )
            }
            configuration.logger.warning(
                "listening on \(configuration.host), not loopback: other machines can reach LocalZenodo and anyone holding a --token can use it"
            )
            if configuration.faultsAPI {
                configuration.logger.warning(
                    "--faults-api off loopback: anyone who can reach \(configuration.host) can inject faults")
            }
        }
        var temporary: URL?
        let directory: URL
        if let given = configuration.dataDirectory {
            directory = given
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "localzenodo-\(UUID().uuidString)")
            temporary = directory
        }
        let store = try DepositStore(directory: directory)
        var tokens = configuration.tokens.isEmpty ? [LocalZenodoConfiguration.defaultToken] : configuration.tokens
        let seeds = configuration.communities + (configuration.seedDemo ? DemoSeed.communities(owner: tokens[0]) : [])
        // A community's members sign in with their tokens: they are the server's too.
        for member in seeds.flatMap(\.members) where !tokens.contains(member.token) { tokens.append(member.token) }
        for user in configuration.users where !tokens.contains(user.token) { tokens.append(user.token) }
        if configuration.seedDemo || configuration.seedBulk > 0, await store.all().isEmpty {
            let seed = DemoSeed(store: store, owner: TokenTable.userID(for: tokens[0]))
            if configuration.seedDemo { try await seed.plant(now: Date()) }
            if configuration.seedBulk > 0 { try await seed.plantBulk(configuration.seedBulk, now: Date()) }
        }
        let address = ServerAddress(flavor: configuration.flavor, containerAPI: configuration.containerAPI)
        let faults = FaultTable(configuration.faults)
        let accessLog = AccessLog()
        var api = LocalZenodoAPI(
            store: store, address: address, tokens: TokenTable(tokens: tokens), limits: configuration.limits,
            rateLimiter: RateLimiter(
                userLimit: configuration.rateLimit ?? RateLimiter.zenodoUserLimit,
                guestLimit: configuration.anonymousRateLimit
                    ?? min(
                        RateLimiter.zenodoGuestLimit, configuration.rateLimit ?? RateLimiter.zenodoGuestLimit),
                window: configuration.rateLimitWindow,
                enforced: configuration.rateLimit != nil || configuration.anonymousRateLimit != nil),
            searchLimiter: RateLimiter(
                userLimit: configuration.searchRateLimit, guestLimit: configuration.searchRateLimit,
                window: configuration.rateLimitWindow,
                enforced: configuration.rateLimit != nil || configuration.anonymousRateLimit != nil),
            faults: faults, faultsAPI: configuration.faultsAPI, accessLog: accessLog, logger: configuration.logger,
            formUploadLimit: configuration.formUploadLimit,
            acceptsMultipartParts: configuration.acceptsMultipartParts ?? configuration.flavor.acceptsMultipartParts,
            ignoresRanges: configuration.ignoresRanges, sendsFiles: configuration.sendsFiles,
            multipartChecksum: configuration.multipartChecksum,
            multipartChecksumDelay: configuration.multipartChecksumDelay,
            clock: configuration.clock)
        api.containerAPI = configuration.containerAPI
        api.communities = CommunityStore(seeds, tokens: TokenTable(tokens: tokens), now: Date(), directory: directory)
        api.sharing = SharingStore(directory: directory)
        api.vocabularies = .seeded(
            subjects: configuration.subjects
                + (configuration.seedDemo && configuration.subjects.isEmpty ? SubjectSeed.fixtures : []))
        api.users = UserDirectory(
            tokens: tokens,
            seeds: configuration.users + (configuration.seedDemo ? DemoSeed.users(owner: tokens[0]) : []))

        let bound = BoundPort()
        let app = Application(
            responder: api,
            server: .http1(
                configuration: .init(additionalChannelHandlers: [ExpectContinueHandler(), FileRegionSender()])),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                bound.resolve(channel.localAddress?.port ?? 0)
            },
            logger: configuration.logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [app],
                gracefulShutdownSignals: configuration.handleSignals ? [.sigterm, .sigint] : [],
                logger: configuration.logger))
        let runTask = Task {
            do {
                try await group.run()
                bound.fail(LocalZenodoError(description: "LocalZenodo stopped before it was ready"))
            } catch {
                bound.fail(error)
                throw error
            }
        }
        let port: Int
        do {
            port = try await bound.value()
        } catch {
            if let temporary { try? FileManager.default.removeItem(at: temporary) }
            throw LocalZenodoError(
                description: "could not listen on \(configuration.host):\(configuration.port): \(error)")
        }
        address.set(host: configuration.host, port: port)
        return LocalZenodoServer(
            apiURL: address.links.api, port: port, faults: faults, accessLog: accessLog, tokens: tokens, group: group,
            runTask: runTask, temporaryDirectory: temporary)
    }

    /// Stops accepting, finishes in-flight requests, and removes a temporary data directory.
    public func stop() async {
        // Stalls under way end: in-flight requests finish at once.
        faults.clear()
        await group.triggerGracefulShutdown()
        _ = try? await runTask.value
        cleanUp()
    }

    /// Waits until the server stops by itself (a signal, with `handleSignals`).
    public func waitUntilStopped() async throws {
        defer { cleanUp() }
        try await runTask.value
    }

    private func cleanUp() {
        if let temporaryDirectory { try? FileManager.default.removeItem(at: temporaryDirectory) }
    }

    /// Decided by the parsed address, not the name's spelling (`LoopbackAddress`).
    static func isLoopback(_ host: String) -> Bool { LoopbackAddress.contains(host) }
}

/// The port the kernel gave, handed from `onServerRunning` to `start`.
private final class BoundPort: Sendable {
    private enum State {
        case waiting(CheckedContinuation<Int, any Error>?)
        case done(Result<Int, any Error>)
    }
    private let state = Mutex<State>(.waiting(nil))

    func resolve(_ port: Int) { finish(.success(port)) }
    func fail(_ error: any Error) { finish(.failure(error)) }

    private func finish(_ result: Result<Int, any Error>) {
        let continuation: CheckedContinuation<Int, any Error>? = state.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .done(result)
            return continuation
        }
        continuation?.resume(with: result)
    }

    func value() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Int, any Error>? = state.withLock { state in
                switch state {
                case .waiting:
                    state = .waiting(continuation)
                    return nil
                case .done(let result): return result
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
