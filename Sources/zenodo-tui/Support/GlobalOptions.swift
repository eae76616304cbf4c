import ArgumentParser
import Foundation
import ZenodoKit

/// Options every command that talks to Zenodo takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "zenodo (default), sandbox, or an API URL such as http://127.0.0.1:8766/api; or ZENODO_SERVER.")
    var server: String?

    /// Named by hand: ArgumentParser would spell `testDOIs` as `--test-do-is` (kept as an alias).
    @Flag(
        name: [.customLong("test-dois"), .customLong("test-do-is")],
        help: "The server registers DataCite test DOIs (10.5072/…), as sandbox does (also ZENODO_TEST_DOIS=1); for a LocalZenodo run with --flavor sandbox.")
    var testDOIs = false

    @Option(help: "The API to speak: legacy (Zenodo's deposit API), rdm (InvenioRDM's own), or auto (default: legacy for zenodo and sandbox; for other servers, whichever they have); or ZENODO_API.")
    var api: String?

    @Flag(help: "Refuse every action that changes anything (also ZENODO_READ_ONLY=1).")
    var readOnly = false

    @Option(help: "How many times a failed request is tried again, 0 to 20 (default 4; uploads 5); or ZENODO_RETRIES.")
    var retries: Int?

    @Option(help: "Seconds an attempt waits to connect, or for the server's next bytes, before it fails, 1 to 3600 (default 15 to connect, 120 to read); or ZENODO_TIMEOUT.")
    var timeout: Double?

    /// `--retries` or `ZENODO_RETRIES`, checked.
    func retryBudget() throws -> Int? {
        guard let text = retries.map(String.init) ?? environment["ZENODO_RETRIES"] else { return nil }
        guard let value = Int(text), (0...20).contains(value) else {
            throw ZenodoError(.configuration, "--retries (or ZENODO_RETRIES) is a number from 0 to 20, not '\(text)'")
        }
        return value
    }

    /// `--timeout` or `ZENODO_TIMEOUT`, checked.
    func timeoutSeconds() throws -> Double? {
        guard let text = timeout.map { String($0) } ?? environment["ZENODO_TIMEOUT"] else { return nil }
        guard let value = Double(text), value >= 1, value <= 3600 else {
            throw ZenodoError(.configuration, "--timeout (or ZENODO_TIMEOUT) is a number of seconds from 1 to 3600, not '\(text)'")
        }
        return value
    }

    /// The retry policy with the user's budget (and the testing knob's scale).
    func retryPolicy(_ base: RetryPolicy) throws -> RetryPolicy {
        var policy = scaled(base)
        if let retries = try retryBudget() { policy.maxAttempts = retries + 1 }
        return policy
    }

    /// The transport with the user's timeout, proxies from the environment.
    func transport(forHost host: String) throws -> HTTPTransport {
        guard let timeout = try timeoutSeconds() else { return HTTPTransport(environment: environment, forHost: host) }
        return HTTPTransport(environment: environment, forHost: host, connectTimeout: timeout, idleTimeout: timeout, apiDeadline: max(120, timeout))
    }

    var isReadOnly: Bool { readOnly || ["1", "true", "yes"].contains(environment["ZENODO_READ_ONLY"]?.lowercased() ?? "") }

    /// Throws the read-only refusal for `action`.
    func refuseIfReadOnly(_ action: String) throws {
        if isReadOnly {
            throw ZenodoError(.refused, "read-only mode (--read-only or ZENODO_READ_ONLY): refusing to \(action)")
        }
    }

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    func profile() throws -> ServerProfile {
        var profile = try ServerProfile.resolve(option: server, environment: environment)
        if testDOIs || ["1", "true", "yes"].contains(environment["ZENODO_TEST_DOIS"]?.lowercased() ?? "") {
            profile.registersTestDOIs = true
        }
        return profile
    }

    /// `--api` or `ZENODO_API`: `nil` means auto.
    func apiChoice() throws -> ServerProfile.API? {
        let value = (api ?? environment["ZENODO_API"] ?? "auto").lowercased()
        if value == "auto" { return nil }
        guard let choice = ServerProfile.API(rawValue: value) else {
            throw ZenodoError(.configuration, "--api is legacy, rdm or auto, not '\(value)'")
        }
        return choice
    }

    /// The profile with its API settled: as chosen, legacy for zenodo.org and the sandbox, else
    /// asked of the server once (`ZenodoClient.detectAPI`).
    func settledProfile(credentials: Credentials?) async throws -> ServerProfile {
        try await ZenodoClient.settleAPI(
            try profile(), choice: try apiChoice(), memory: ServerMemory(directories: ConfigDirectories(environment: environment)),
            credentials: credentials, environment: environment)
    }

    /// How `upload`, `sync` and `upload --detach` send: `parallel` at once, the upload retry policy
    /// (scaled), and the testing knobs `ZENODO_TUI_UNVERIFIED_SINK` and `ZENODO_TUI_PART_SIZE`
    /// (bytes per part of a multipart transfer; `0` sends every file whole).
    func uploadOptions(parallel: Int) -> UploadOptions {
        var options = UploadOptions()
        options.parallel = parallel
        options.retry = (try? retryPolicy(.uploads)) ?? scaled(.uploads)
        options.verifyServerChecksum = environment["ZENODO_TUI_UNVERIFIED_SINK"] != "1"
        if let size = environment["ZENODO_TUI_PART_SIZE"].flatMap(Int64.init) { options.partSize = size > 0 ? size : nil }
        if let parallel = environment["ZENODO_TUI_PARALLEL_PARTS"].flatMap(Int.init), parallel > 0 { options.parallelParts = min(parallel, 16) }
        return options
    }

    /// `ZENODO_TUI_BACKOFF_SCALE` (a testing knob) shortens every retry wait by that factor.
    func scaled(_ policy: RetryPolicy) -> RetryPolicy {
        guard let scale = environment["ZENODO_TUI_BACKOFF_SCALE"].flatMap(Double.init), scale > 0 else { return policy }
        var scaled = policy
        scaled.baseDelay *= scale
        scaled.maxDelay *= scale
        scaled.checksumPatienceScale *= scale
        return scaled
    }

    var tokenStore: TokenStore { TokenStore(directories: ConfigDirectories(environment: environment)) }

    /// A client for the chosen server with the token from the environment or the token file;
    /// shut down when `body` ends. Each retry is a line on standard error; with `json`, an NDJSON
    /// event there (`{"event": "retrying", ...}`), so standard output stays the command's JSON.
    func withClient<T>(requireToken: Bool = true, json: Bool = false, _ body: (ZenodoClient) async throws -> T) async throws -> T {
        let profile = try profile()
        let credentials = try Credentials.resolve(profile: profile, environment: environment, store: tokenStore)
        if requireToken, credentials == nil {
            throw ZenodoError(
                .auth,
                "no token for \(profile.displayName): set \(profile.tokenVariable), or run `zenodo-tui auth login --server \(profile.kind == .custom ? profile.apiURL : profile.kind.rawValue) --with-token < token-file`")
        }
        let retry = try retryPolicy(.standard)
        _ = try timeoutSeconds()
        let settled = try await settledProfile(credentials: credentials)
        let transport = try transport(forHost: profile.host)
        let client = ZenodoClient(
            profile: settled, credentials: credentials, transport: transport, retry: retry,
            memory: ServerMemory(directories: ConfigDirectories(environment: environment)),
            onRetry: { notice in
                Console.error(json ? String(decoding: notice.json.encoded(), as: UTF8.self) : "zenodo-tui: \(Console.safe(notice.line))")
            })
        do {
            let result = try await body(client)
            await transport.shutdown()
            return result
        } catch {
            await transport.shutdown()
            throw error
        }
    }
}
