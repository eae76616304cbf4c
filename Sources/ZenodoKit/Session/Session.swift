import FoundationEssentials

/// Everything a front end builds its clients and transfers from, made once from the flags, the
/// environment and the server profile (as `gh`'s `Factory`): the command line, the interface and
/// both hand-overs to the agent take it from here, so that the same download gets the same
/// budget whichever of them runs it.
public struct Session: Sendable {
    /// The server, its API not yet settled (`settledProfile`).
    public var profile: ServerProfile
    public var credentials: Credentials?
    public var environment: [String: String]
    /// `--api` (`nil`: auto).
    public var apiChoice: ServerProfile.API?
    /// The transfers' budget, which carries the requests' retries and the timeout too.
    public var budget: TransferBudget
    public var readOnly: Bool

    public init(
        profile: ServerProfile, credentials: Credentials?, environment: [String: String],
        apiChoice: ServerProfile.API? = nil,
        budget: TransferBudget = TransferBudget(), readOnly: Bool = false
    ) {
        self.profile = profile
        self.credentials = credentials
        self.environment = environment
        self.apiChoice = apiChoice
        self.budget = budget
        self.readOnly = readOnly
    }

    /// What this user remembers of servers (the API each speaks).
    public var memory: ServerMemory { ServerMemory(directories: ConfigDirectories(environment: environment)) }

    /// The transport with the user's timeout and proxies; shut it down when done.
    public func transport() -> HTTPTransport {
        HTTPTransport(environment: environment, forHost: profile.host, timeout: budget.timeout)
    }

    /// The profile with its API settled: as chosen, legacy for zenodo.org and the sandbox, else
    /// asked of the server once and remembered.
    public func settledProfile() async throws -> ServerProfile {
        try await ZenodoClient.settleAPI(
            profile, choice: apiChoice, memory: memory, credentials: credentials, environment: environment)
    }

    /// A client for `profile` (the settled one) over `transport`, with the requests' retry budget.
    public func client(
        _ profile: ServerProfile, transport: HTTPTransport, onRetry: (@Sendable (RetryNotice) -> Void)? = nil,
        sleep: Sleeper? = nil
    ) -> ZenodoClient {
        ZenodoClient(
            profile: profile, credentials: credentials, transport: transport, retry: budget.requestRetry,
            memory: memory, onRetry: onRetry,
            sleep: sleep)
    }
}
