import ArgumentParser
import EssentialsExtras
import FoundationEssentials
import LocalZenodo
import Logging

/// `zenodo-tui serve`: LocalZenodo, a Zenodo-compatible server on loopback.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run LocalZenodo, a Zenodo-compatible API server, on loopback.",
        discussion: """
            When ready, prints one line on stdout: `LocalZenodo listening on http://HOST:PORT/api`.
            Logs go to stderr. Without --token, the token `\(LocalZenodoConfiguration.defaultToken)` is accepted.
            """
    )

    @Option(help: "Address to listen on. A non-loopback address is used only when named here.")
    var host: String?

    @Option(help: "Port; 0 lets the kernel choose (read it from the ready line).")
    var port: Int = 8766

    @Option(
        help:
            "Directory where depositions and files persist across restarts (default: a temporary one, removed on exit)."
    )
    var data: String?

    @Option(name: .customLong("token"), help: "An accepted access token (repeatable); each token is its own user.")
    var tokens: [String] = []

    @Flag(help: "Fill an empty store with the demo depositions.")
    var seedDemo = false

    @Option(help: ArgumentHelp("Also create N plain drafts in an empty store (for benchmarks).", visibility: .hidden))
    var seedBulk: Int = 0

    @Option(help: "Requests per minute per token; the excess answers 429 with Retry-After.")
    var rateLimit: Int?

    @Option(
        help:
            "Requests per minute for anonymous callers together (Zenodo: 133; default: the smaller of 133 and --rate-limit)."
    )
    var anonymousRateLimit: Int?

    @Option(
        help:
            "Records searches per minute per caller (Zenodo: 30), refused beyond it when --rate-limit or --anonymous-rate-limit is set."
    )
    var searchRateLimit: Int = 30

    @Option(help: "Files per deposition (Zenodo: 100).")
    var maxFiles: Int = 100

    @Option(help: "Bytes per deposition by default (Zenodo: 50000000000); owners may raise it by quota-increase.")
    var quota: Int64 = 50_000_000_000

    @Option(
        help:
            "Additional bytes one user may give their records through quota-increase, all together (Zenodo: 150000000000)."
    )
    var maxAdditionalQuota: Int64 = 150_000_000_000

    @Flag(
        inversion: .prefixedNo,
        help: "The self-service quota increase (on for Zenodo's flavours, off for --flavor inveniordm, as its default)."
    )
    var quotaIncrease: Bool?

    @Option(
        help:
            "Days after publication in which an owner may change a record's files or delete it (Zenodo: 30; 0: never, as InvenioRDM's default; default: as the flavour has it)."
    )
    var gracePeriodDays: Int?

    @Flag(
        inversion: .prefixedNo,
        help:
            "The container API on ZIP files (list and extract members), as InvenioRDM serves it; --no-container leaves clients to Range."
    )
    var container = true

    @Option(
        name: .customLong("community"),
        help:
            "A community to serve: SLUG[:review=open|members|closed][:submission=open|closed][:title=T][:owner=TOKEN][:curator=TOKEN][:member=TOKEN] (repeatable; members' tokens are accepted too)."
    )
    var communitySpecs: [String] = []

    @Option(
        name: .customLong("user"),
        help:
            "A named user: USERNAME:TOKEN[:email=ADDRESS][:public] (repeatable; the token is accepted; a public address is found by users search, as on Zenodo where addresses are hidden by default)."
    )
    var userSpecs: [String] = []

    @Option(
        name: .customLong("subjects"),
        help: ArgumentHelp(
            "The instance's subjects vocabulary: a YAML or JSON list of {id, scheme, subject}, as InvenioRDM's fixtures (none by default, as InvenioRDM ships; the demo has a few).",
            valueName: "FILE"))
    var subjectsFile: String?

    @Option(name: .customLong("fault"), help: "A fault rule as JSON, installed at start (repeatable).")
    var faultRules: [String] = []

    @Flag(help: "Enable the /_faults admin routes (POST, GET, DELETE) for fault injection.")
    var faultsAPI = false

    @Option(
        help:
            "What to imitate: production, sandbox (publishing registers test DOIs, 10.5072/…), or inveniordm (a plain InvenioRDM: the native API only)."
    )
    var flavor: String = "production"

    @Flag(help: "Answer downloads whole (200) whatever their Range header, as a server without range support does.")
    var ignoreRanges = false

    @Option(
        help:
            "Part PUTs of multipart uploads: accept, or refuse with 403 as Zenodo does today (default: refuse on production and sandbox, accept on inveniordm)."
    )
    var multipart: String?

    @Option(
        help: """
            The checksum a multipart commit answers: deferred (null, the MD5 a moment later), s3 (InvenioRDM on S3: \
            multipart:ETAG-PART_SIZE, then the MD5), or never (null for ever). InvenioRDM hashes these files later, not at commit.
            """)
    var multipartChecksum: String = "deferred"

    @Option(help: "Seconds after a multipart commit until the MD5 shows.")
    var multipartChecksumDelay: Double = 1

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxFiles >= 1 else { throw ValidationError("--max-files must be at least 1") }
        guard quota >= 1 else { throw ValidationError("--quota must be at least 1 byte") }
        guard searchRateLimit >= 1 else { throw ValidationError("--search-rate-limit must be at least 1") }
        if let rateLimit, rateLimit < 1 { throw ValidationError("--rate-limit must be at least 1") }
        if let anonymousRateLimit, anonymousRateLimit < 1 {
            throw ValidationError("--anonymous-rate-limit must be at least 1")
        }
        guard Flavor(rawValue: flavor) != nil else {
            throw ValidationError("--flavor is production, sandbox or inveniordm")
        }
        if let multipart, !["accept", "refuse"].contains(multipart) {
            throw ValidationError("--multipart is accept or refuse")
        }
        guard MultipartChecksum(rawValue: multipartChecksum) != nil else {
            throw ValidationError("--multipart-checksum is deferred, s3 or never")
        }
        guard multipartChecksumDelay >= 0 else { throw ValidationError("--multipart-checksum-delay must be 0 or more") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        for token in tokens where token.isEmpty || token.contains(where: { $0.isWhitespace }) {
            throw ValidationError("a --token must be non-empty and without spaces")
        }
    }

    func run() async throws {
        var configuration = LocalZenodoConfiguration()
        configuration.host = host ?? "127.0.0.1"
        configuration.allowNonLoopback = host != nil
        configuration.port = port
        configuration.dataDirectory = data.map { URL(fileURLWithPath: $0, isDirectory: true) }
        configuration.tokens = tokens
        configuration.seedDemo = seedDemo
        configuration.seedBulk = seedBulk
        configuration.rateLimit = rateLimit
        configuration.anonymousRateLimit = anonymousRateLimit
        configuration.searchRateLimit = searchRateLimit
        configuration.limits = Limits(maxFiles: maxFiles, quota: quota)
        configuration.limits.maxAdditionalQuota = maxAdditionalQuota
        configuration.limits.immediateQuotaIncrease = quotaIncrease
        configuration.limits.gracePeriods = gracePeriodDays.map(GracePeriods.days)
        configuration.containerAPI = container
        for spec in communitySpecs {
            switch CommunitySeed.parse(spec) {
            case .success(let seed): configuration.communities.append(seed)
            case .failure(let problem): throw ValidationError("--community \(spec): \(problem)")
            }
        }
        for spec in userSpecs {
            switch UserSeed.parse(spec) {
            case .success(let seed): configuration.users.append(seed)
            case .failure(let problem): throw ValidationError("--user \(spec): \(problem)")
            }
        }
        if let subjectsFile {
            do throws(SubjectsFile.Problem) {
                configuration.subjects = try SubjectsFile.read(subjectsFile)
            } catch {
                throw ValidationError("--subjects: \(error)")
            }
        }
        configuration.faultsAPI = faultsAPI
        configuration.flavor = Flavor(rawValue: flavor) ?? .production
        configuration.acceptsMultipartParts = multipart.map { $0 == "accept" }
        configuration.ignoresRanges = ignoreRanges
        configuration.multipartChecksum = MultipartChecksum(rawValue: multipartChecksum) ?? .deferred
        configuration.multipartChecksumDelay = multipartChecksumDelay
        configuration.handleSignals = true
        do {
            configuration.faults = try faultRules.map { try JSONDecoder().decode(FaultRule.self, from: Data($0.utf8)) }
        } catch {
            throw ValidationError("--fault is not a valid rule: \(error)")
        }
        var logger = Logger(label: "LocalZenodo") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        configuration.logger = logger
        if tokens.isEmpty {
            logger.notice("no --token given: accepting the default token documented in the README")
        }

        let server: LocalZenodoServer
        do {
            server = try await LocalZenodoServer.start(configuration)
        } catch {
            PlainFileHandle.standardError.write(Data("zenodo-tui serve: \(error)\n".utf8))
            throw ExitCode(1)
        }
        // Written in one unbuffered write so that a script reading the pipe sees it at once.
        PlainFileHandle.standardOutput.write(Data("LocalZenodo listening on \(server.apiURL)\n".utf8))
        try await server.waitUntilStopped()
        logger.notice("LocalZenodo stopped")
    }
}
