import ArgumentParser
import FoundationEssentials
import ZenodoKit

/// Options every command that talks to Zenodo takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "zenodo (default), sandbox, or an API URL such as http://127.0.0.1:8766/api; or ZENODO_SERVER.")
    var server: String?

    /// Named by hand: ArgumentParser would spell `testDOIs` as `--test-do-is`.
    @Flag(
        name: .customLong("test-dois"),
        help:
            "The server registers DataCite test DOIs (10.5072/…), as sandbox does (also ZENODO_TEST_DOIS=1); for a LocalZenodo run with --flavor sandbox."
    )
    var testDOIsFlag = false

    /// The spelling earlier versions showed (ArgumentParser's, from `testDOIs`): it goes on
    /// working, out of the help.
    @Flag(name: .customLong("test-do-is"), help: .hidden)
    var testDOIsOldSpelling = false

    var testDOIs: Bool { testDOIsFlag || testDOIsOldSpelling }

    @Option(
        help:
            "The API to speak: legacy (Zenodo's deposit API), rdm (InvenioRDM's own), or auto (default: legacy for zenodo and sandbox; for other servers, whichever they have); or ZENODO_API."
    )
    var api: String?

    @Flag(help: "Refuse every action that changes anything (also ZENODO_READ_ONLY=1).")
    var readOnly = false

    @Option(help: "How many times a failed request is tried again, 0 to 20 (default 4; uploads 5); or ZENODO_RETRIES.")
    var retries: Int?

    @Option(
        help:
            "Seconds an attempt waits to connect, or for the server's next bytes, before it fails, 1 to 3600 (default 15 to connect, 120 to read); or ZENODO_TIMEOUT."
    )
    var timeout: Double?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// A bad `--retries`, `--timeout` or `--api` (or its variable) is a usage error (exit 2), said
    /// before anything else runs.
    func validate() throws {
        let options = options()
        do {
            _ = try options.retryBudget()
            _ = try options.timeoutSeconds()
            _ = try options.apiChoice()
        } catch let error as ZenodoError {
            throw ValidationError(error.message)
        }
    }

    /// The flags as ZenodoKit's `SessionOptions`, which checks them and builds the session the
    /// interface and the agent's hand-overs are built from too.
    func options(parallel: Int = TransferBudget().parallel) -> SessionOptions {
        var options = SessionOptions(environment: environment)
        options.server = server
        options.testDOIs = testDOIs
        options.api = api
        options.readOnly = readOnly
        options.retries = retries
        options.timeout = timeout
        options.parallel = parallel
        return options
    }

    var isReadOnly: Bool { options().isReadOnly }

    /// Throws the read-only refusal for `action`.
    func refuseIfReadOnly(_ action: String) throws {
        if isReadOnly {
            throw ZenodoError(.refused, "read-only mode (--read-only or ZENODO_READ_ONLY): refusing to \(action)")
        }
    }

    func profile() throws -> ServerProfile { try options().profile() }

    /// The transfer budget with `--parallel` (`SessionOptions.budget`).
    func budget(parallel: Int = TransferBudget().parallel) throws -> TransferBudget {
        try options(parallel: parallel).budget()
    }

    var tokenStore: TokenStore { TokenStore(directories: ConfigDirectories(environment: environment)) }

    /// Everything the command's clients and transfers are built from, made once (`Session`).
    func session(parallel: Int = TransferBudget().parallel) throws -> Session {
        try options(parallel: parallel).session(tokens: tokenStore)
    }

    /// A client for the chosen server with the token from the environment or the token file;
    /// shut down when `body` ends. Each retry is a line on standard error; with `json`, an NDJSON
    /// event there (`{"event": "retrying", ...}`), so standard output stays the command's JSON.
    func withClient<T>(
        requireToken: Bool = true, json: Bool = false, parallel: Int = TransferBudget().parallel,
        _ body: (ZenodoClient) async throws -> T
    ) async throws -> T {
        try await withSession(requireToken: requireToken, json: json, parallel: parallel) { client, _ in
            try await body(client)
        }
    }

    /// `withClient`, with the session the client was built from (its transfer budget).
    func withSession<T>(
        requireToken: Bool = true, json: Bool = false, parallel: Int = TransferBudget().parallel,
        _ body: (ZenodoClient, Session) async throws -> T
    ) async throws -> T {
        let session = try session(parallel: parallel)
        let profile = session.profile
        if requireToken, session.credentials == nil {
            throw ZenodoError(
                .auth,
                "no token for \(profile.displayName): set \(profile.tokenVariable), or run `zenodo-tui auth login --server \(profile.kind == .custom ? profile.apiURL : profile.kind.rawValue) --with-token < token-file`"
            )
        }
        let settled = try await session.settledProfile()
        let transport = session.transport()
        let client = session.client(
            settled, transport: transport,
            onRetry: { notice in
                Console.error(
                    json
                        ? String(decoding: notice.json.encoded(), as: UTF8.self)
                        : "zenodo-tui: \(Console.safe(notice.line))")
            })
        do {
            let result = try await body(client, session)
            await transport.shutdown()
            return result
        } catch {
            await transport.shutdown()
            throw error
        }
    }
}
