import FoundationEssentials

/// What the user said, as flags or environment variables, before it is checked: the command line
/// fills it from its options; `session()` turns it into the one `Session` every front end uses.
public struct SessionOptions: Sendable {
    /// `--server`, `--test-dois`, `--api`, `--read-only`, `--retries`, `--timeout`, `--parallel`.
    public var server: String?
    public var testDOIs = false
    public var api: String?
    public var readOnly = false
    public var retries: Int?
    public var timeout: Double?
    public var parallel = TransferBudget().parallel
    public var environment: [String: String]

    public init(environment: [String: String]) { self.environment = environment }

    /// `--retries` or `ZENODO_RETRIES`, checked.
    public func retryBudget() throws -> Int? {
        guard let text = retries.map(String.init) ?? environment["ZENODO_RETRIES"] else { return nil }
        guard let value = Int(text), (0...20).contains(value) else {
            throw ZenodoError(.configuration, "--retries (or ZENODO_RETRIES) is a number from 0 to 20, not '\(text)'")
        }
        return value
    }

    /// `--timeout` or `ZENODO_TIMEOUT`, checked.
    public func timeoutSeconds() throws -> Double? {
        guard let text = timeout.map({ String($0) }) ?? environment["ZENODO_TIMEOUT"] else { return nil }
        guard let value = Double(text), value >= 1, value <= 3600 else {
            throw ZenodoError(
                .configuration, "--timeout (or ZENODO_TIMEOUT) is a number of seconds from 1 to 3600, not '\(text)'")
        }
        return value
    }

    /// `--api` or `ZENODO_API`: `nil` means auto.
    public func apiChoice() throws -> ServerProfile.API? {
        let value = (api ?? environment["ZENODO_API"] ?? "auto").lowercased()
        if value == "auto" { return nil }
        guard let choice = ServerProfile.API(rawValue: value) else {
            throw ZenodoError(.configuration, "--api is legacy, rdm or auto, not '\(value)'")
        }
        return choice
    }

    public var isReadOnly: Bool { readOnly || Self.yes(environment["ZENODO_READ_ONLY"]) }

    public func profile() throws -> ServerProfile {
        var profile = try ServerProfile.resolve(option: server, environment: environment)
        if testDOIs || Self.yes(environment["ZENODO_TEST_DOIS"]) { profile.registersTestDOIs = true }
        return profile
    }

    /// The retry policy with the user's budget (and the testing knob's scale).
    public func retryPolicy(_ base: RetryPolicy) throws -> RetryPolicy {
        var policy = scaled(base)
        if let retries = try retryBudget() { policy.maxAttempts = retries + 1 }
        return policy
    }

    /// `ZENODO_TUI_BACKOFF_SCALE` (a testing knob) shortens every retry wait by that factor.
    public func scaled(_ policy: RetryPolicy) -> RetryPolicy {
        guard let scale = environment["ZENODO_TUI_BACKOFF_SCALE"].flatMap(Double.init), scale > 0 else { return policy }
        var scaled = policy
        scaled.baseDelay *= scale
        scaled.maxDelay *= scale
        scaled.checksumPatienceScale *= scale
        return scaled
    }

    /// The one budget of a transfer, for `upload`, `sync`, `download`, the interface and the agent:
    /// `parallel` at once, the transfer and request retry policies with `--retries` (scaled by the
    /// testing knob), `--timeout`, and the testing knobs `ZENODO_TUI_UNVERIFIED_SINK`,
    /// `ZENODO_TUI_PART_SIZE` (bytes per part of a multipart transfer; `0` sends every file whole)
    /// and `ZENODO_TUI_PARALLEL_PARTS`.
    public func budget() throws -> TransferBudget {
        var budget = TransferBudget()
        budget.parallel = parallel
        budget.retry = try retryPolicy(.uploads)
        budget.requestRetry = try retryPolicy(.standard)
        budget.timeout = try timeoutSeconds()
        budget.verifyServerChecksum = environment["ZENODO_TUI_UNVERIFIED_SINK"] != "1"
        if let size = environment["ZENODO_TUI_PART_SIZE"].flatMap(Int64.init) {
            budget.partSize = size > 0 ? size : nil
        }
        if let parallel = environment["ZENODO_TUI_PARALLEL_PARTS"].flatMap(Int.init), parallel > 0 {
            budget.parallelParts = min(parallel, 16)
        }
        return budget
    }

    /// Everything a front end's clients and transfers are built from, checked once; the token from
    /// the environment or the token file.
    public func session(tokens: TokenStore? = nil) throws -> Session {
        let profile = try profile()
        let store = tokens ?? TokenStore(directories: ConfigDirectories(environment: environment))
        return Session(
            profile: profile,
            credentials: try Credentials.resolve(profile: profile, environment: environment, store: store),
            environment: environment, apiChoice: try apiChoice(), budget: try budget(), readOnly: isReadOnly)
    }

    static func yes(_ value: String?) -> Bool { ["1", "true", "yes"].contains(value?.lowercased() ?? "") }
}
