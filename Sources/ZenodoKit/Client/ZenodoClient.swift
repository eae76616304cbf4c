import AsyncHTTPClient
import CBuildInfo
import EssentialsExtras
import FoundationEssentials
import NIOCore
import NIOHTTP1
import Synchronization

/// Sleeps for a number of seconds; injected so tests of retries do not wait.
public typealias Sleeper = @Sendable (Double) async throws -> Void

/// The client for Zenodo's deposit and records APIs: every front end of zenodo-tui goes through it.
///
/// The token travels only in the `Authorization` header and only to the configured server: a URL
/// on another host (for instance a `links.bucket` from a confused server) is refused, not followed.
public final class ZenodoClient: Sendable {
    public let profile: ServerProfile
    public let credentials: Credentials?
    let transport: HTTPTransport
    public let retry: RetryPolicy
    private let lastRateLimit = Mutex<RateLimitSnapshot?>(nil)
    /// The records search's own budget: Zenodo limits `records.search` to 30 a minute
    /// (`RATELIMIT_PER_ENDPOINT` in zenodo-rdm's `invenio.cfg`; row B10), and its answers carry
    /// that limit's headers, which say nothing of the general budget.
    private let lastSearchRateLimit = Mutex<RateLimitSnapshot?>(nil)
    /// Community slugs asked about, and whether each exists.
    let knownCommunities = Mutex<[String: Bool]>([:])

    public static let userAgent = "zenodo-tui/\(ZenodoKitVersion.current) (+\(ZenodoKitVersion.projectURL))"

    /// What is remembered of servers (a multipart refusal); `nil` remembers nothing.
    public let memory: ServerMemory?
    /// Told before each retry of a request (not of uploads: the engine reports those as events),
    /// so that no retry is silent.
    public let onRetry: (@Sendable (RetryNotice) -> Void)?

    /// Retries' and pacing's clock: what time it is and how to wait.
    public let clock: RetryClock

    /// The deposit operations of the API the profile names, chosen once, here.
    public let backend: any DepositBackend

    /// `sleep` replaces the clock's waiting (a recorder in tests); `clock` replaces both its time
    /// and its waiting.
    public init(
        profile: ServerProfile, credentials: Credentials?, transport: HTTPTransport, retry: RetryPolicy = .standard,
        memory: ServerMemory? = nil, onRetry: (@Sendable (RetryNotice) -> Void)? = nil, sleep: Sleeper? = nil,
        clock: RetryClock = .system
    ) {
        var clock = clock
        if let sleep { clock.sleep = sleep }
        self.clock = clock
        self.onRetry = onRetry
        self.profile = profile
        backend = profile.api.backend
        self.credentials = credentials
        self.transport = transport
        self.retry = retry
        self.memory = memory
    }

    /// The budget the server announced on its last answer.
    public var rateLimit: RateLimitSnapshot? { lastRateLimit.withLock { $0 } }

    /// `apiURL + path`, with query items percent-encoded.
    func url(_ path: String, query: [(String, String)] = []) -> String {
        guard !query.isEmpty else { return profile.apiURL + path }
        let allowed = ScalarSet.asciiAlphanumerics.union(ScalarSet(charactersIn: "-._~:"))
        let encoded = query.map {
            "\($0.0)=\($0.1.percentEncoded(allowing: allowed))"
        }
        return profile.apiURL + path + "?" + encoded.joined(separator: "&")
    }

    enum Deadline {
        /// Metadata calls: bounded.
        case api
        /// Transfers: no whole-request deadline, only the transport's idle timeouts.
        case transfer

        var value: NIODeadline { self == .api ? .now() + .minutes(2) : .distantFuture }
    }

    /// Sends a request with JSON (or no) body; idempotent requests are retried by `retry`. A GET
    /// follows redirects on this server (Zenodo redirects a concept id to its latest version);
    /// a redirect elsewhere is refused, as any foreign URL is.
    func send(
        _ method: HTTPMethod, _ url: String, json: JSONValue? = nil, idempotent: Bool,
        accept: String = "application/json"
    ) async throws -> APIResponse {
        var url = url
        for _ in 0..<5 {
            let reply = try await sendOnce(method, url, json: json, idempotent: idempotent, accept: accept)
            guard let next = reply.redirect(from: url) else { return reply }
            url = next
        }
        throw ZenodoError(.unexpected, "too many redirects from \(profile.displayName) for \(url)")
    }

    private func sendOnce(
        _ method: HTTPMethod, _ url: String, json: JSONValue?, idempotent: Bool, accept: String
    ) async throws -> APIResponse {
        try checkDestination(url)
        return try await retrying(idempotent) {
            var request = makeRequest(method, url, accept: accept)
            if let json {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: json.encoded()))
            }
            return try await perform(request, deadline: .api, allowRedirect: method == .GET)
        }
    }

    /// One request's attempts: retried by `retry` when `idempotent`, each wait told through
    /// `onRetry`.
    func retrying<T: Sendable>(_ idempotent: Bool, _ attempt: () async throws -> T) async throws -> T {
        try await RetryLoop(policy: retry, clock: clock).run(
            retrying: idempotent,
            retryingAfter: { attempt, wait, error in
                onRetry?(
                    RetryNotice(
                        host: profile.displayName, reason: error.message, attempt: attempt,
                        maxAttempts: retry.maxAttempts, delay: wait))
            }
        ) { _ in try await attempt() }
    }

    /// A request with the headers every request carries; the token only for this server.
    func makeRequest(_ method: HTTPMethod, _ url: String, accept: String? = "application/json", withToken: Bool = true)
        -> HTTPClientRequest
    {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        if let accept { request.headers.add(name: "Accept", value: accept) }
        if withToken, let credentials, profile.owns(url) {
            request.headers.add(name: "Authorization", value: "Bearer \(credentials.token)")
        }
        return request
    }

    /// Refuses to send anything with the token to a host other than the configured server.
    func checkDestination(_ url: String) throws {
        guard profile.owns(url) else {
            let host = URLComponents(string: url)?.host ?? url
            throw ZenodoError(
                .refused,
                "refusing to send the token to \(host): the server pointed at a host other than \(profile.displayName)")
        }
    }

    /// The most of an API answer held in memory.
    static let answerLimit = 64 * 1024 * 1024

    /// One attempt: sends, collects the body (up to 64 MiB for API answers), maps failures.
    func perform(_ request: HTTPClientRequest, deadline: Deadline, allowRedirect: Bool = false) async throws
        -> APIResponse
    {
        let search = isRecordsSearch(request.url)
        try await paceForRateLimit()
        if search { try await paceForSearchLimit() }
        let response: HTTPClientResponse
        let started = ContinuousClock.now
        let allowed = Duration.milliseconds(Int64(transport.apiDeadline * 1000))
        do {
            response = try await transport.client.execute(
                request,
                deadline: deadline == .api
                    ? .now() + .milliseconds(Int64(transport.apiDeadline * 1000)) : deadline.value)
        } catch {
            throw Self.transportError(error, host: profile.displayName, proxy: transport.proxyDescription)
        }
        let body: ByteBuffer
        do {
            if deadline == .api {
                body = try await Self.collect(
                    response.body, within: allowed - (ContinuousClock.now - started), limit: Self.answerLimit)
            } else {
                body = try await response.body.collect(upTo: Self.answerLimit)
            }
        } catch is ExchangeDeadline {
            var error = ZenodoError(
                .network,
                "\(profile.displayName) took more than \(Int(transport.apiDeadline)) s to send its answer to \(request.method.rawValue) \(Self.shown(request.url)) (it was still arriving): gave up"
            )
            error.permanent = true
            throw error
        } catch is NIOTooManyBytesError {
            // Not an API answer: said once, not fetched again by a retry.
            var error = ZenodoError(
                .unexpected,
                "\(profile.displayName) sent an answer larger than \(Self.answerLimit >> 20) MiB for \(request.url): not an API answer"
            )
            error.permanent = true
            throw error
        } catch {
            throw Self.transportError(error, host: profile.displayName, proxy: transport.proxyDescription)
        }
        let reply = APIResponse(
            status: Int(response.status.code), headers: response.headers, body: Data(body.readableBytesView))
        if allowRedirect, reply.redirect(from: request.url) != nil { return reply }
        try check(reply, sentToken: request.headers.contains(name: "Authorization"), search: search)
        return reply
    }

    /// The deadline of an API exchange passed while its body was still arriving.
    struct ExchangeDeadline: Error {}

    /// Collects a body, racing the time left: a body trickled a byte a second ends at the deadline.
    static func collect(_ body: HTTPClientResponse.Body, within left: Duration, limit: Int)
        async throws -> ByteBuffer
    {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: limit) }
            group.addTask {
                try await Task.sleep(for: max(left, .zero))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let collected = first else {
                throw ExchangeDeadline()
            }
            return collected
        }
    }

    /// An address for a message: without its query (which may carry a secret link's token).
    static func shown(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.query = nil
        return components.string ?? url
    }

    /// Records the rate-limit headers and turns a non-2xx answer into a `ZenodoError`.
    func check(_ reply: APIResponse, sentToken: Bool, search: Bool = false) throws {
        if search {
            if let snapshot = RateLimitSnapshot(headers: reply.headers) {
                lastSearchRateLimit.withLock { $0 = snapshot }
            }
        } else {
            record(rateLimitFrom: reply.headers)
        }
        guard !(200..<300).contains(reply.status) else { return }
        throw ZenodoError.from(
            status: reply.status, contentType: reply.header("Content-Type"), body: reply.body,
            retryAfter: RetryPolicy.retryAfter(
                status: reply.status, header: reply.header("Retry-After"), now: clock.now()),
            server: profile.displayName,
            tokenHint: credentials?.hint ?? profile.tokenVariable, sentToken: sentToken)
    }

    func record(rateLimitFrom headers: HTTPHeaders) {
        if let snapshot = RateLimitSnapshot(headers: headers) { lastRateLimit.withLock { $0 = snapshot } }
    }

    /// `GET {api}/records`, the records search, whatever its query.
    func isRecordsSearch(_ url: String) -> Bool {
        guard let path = URLComponents(string: url)?.path, let api = URLComponents(string: profile.apiURL)?.path else {
            return false
        }
        return path == api + "/records" || path == api + "/records/"
    }

    /// The search's budget as its last answer told it.
    public var searchRateLimit: RateLimitSnapshot? { lastSearchRateLimit.withLock { $0 } }

    /// Waits, before a search, for the search window to free one when the last search said it was
    /// spent: typing fast in a search box slows down instead of being refused. A caller that no
    /// longer wants the answer cancels the task and the wait ends.
    func paceForSearchLimit() async throws {
        try await pace(lastSearchRateLimit, what: "searches")
    }

    /// Waits for the server's window to reset when its last answer said the budget is spent, so
    /// that a long run of requests (an anonymous download of many files: 133 a minute on Zenodo)
    /// slows down instead of being refused.
    func paceForRateLimit() async throws {
        try await pace(lastRateLimit, what: "requests")
    }

    /// The wait of one budget, told like a retry (never silent); afterwards the window counts as
    /// fresh until the next answer says how much of it is left.
    private func pace(_ budget: borrowing Mutex<RateLimitSnapshot?>, what: String) async throws {
        guard let snapshot = budget.withLock({ $0 }), let wait = RateLimitPacing.delay(snapshot, now: clock.now())
        else { return }
        onRetry?(
            RetryNotice(
                host: profile.displayName,
                reason: "\(snapshot.remaining) of \(snapshot.limit) \(what) left in this window",
                attempt: 0, maxAttempts: 0, delay: wait))
        try await clock.sleep(wait)
        budget.withLock { last in
            if let limit = last?.limit { last?.remaining = limit }
        }
    }

    /// Cancellation passes through; anything else from the transport is a network error in words.
    static func transportError(_ error: any Error, host: String, proxy: String? = nil) -> any Error {
        if error is CancellationError { return error }
        if let zenodo = error as? ZenodoError { return zenodo }
        let reason: String
        switch error {
        case let error as HTTPClientError where error == .connectTimeout: reason = "connection timed out"
        case let error as HTTPClientError where error == .readTimeout: reason = "no answer within the read timeout"
        case let error as HTTPClientError where error == .writeTimeout:
            reason = "the server stopped taking data (write timeout)"
        case let error as HTTPClientError where error == .deadlineExceeded: reason = "request took too long"
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            reason = "the connection was closed by the server"
        case let error as HTTPClientError where error == .cancelled: return CancellationError()
        default: reason = Self.inWords(String(describing: error))
        }
        let failure = NetworkFailure.classify(reason)
        let through = proxy.map { " through the proxy \($0)" } ?? ""
        var zenodo = ZenodoError(
            .network,
            "could not talk to \(host)\(through): \(reason)" + (failure.advice(host: host).map { ". \($0)" } ?? ""))
        zenodo.permanent = !failure.isTransient
        return zenodo
    }

    /// A TLS failure as BoringSSL spells it (`handshakeFailed(...sslError([Error: 268435581
    /// error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at /path/handshake.cc:320]))`)
    /// in a few words: `TLS handshake failed: certificate verify failed`. Anything else as it is.
    static func inWords(_ description: String) -> String {
        guard description.contains("handshakeFailed") || description.contains("OPENSSL_internal"),
            let code = description.firstMatch(of: /OPENSSL_internal:([A-Z0-9_]+)/)?.1
        else { return description }
        return "TLS handshake failed: " + code.lowercased().replacing("_", with: " ")
    }
}

public enum ZenodoKitVersion {
    public static let current = "0.1.0"
    /// The git commit of a release build (scripts/install.sh, scripts/package.sh); nil otherwise.
    public static let commit: String? = {
        let text = String(cString: zenodo_tui_build_commit())
        return text.isEmpty ? nil : text
    }()
    /// What `--version` prints: `0.1.0` or `0.1.0 (commit 1a2b3c4d5e6f)`.
    public static var description: String { commit.map { "\(current) (commit \($0))" } ?? current }
    public static let projectURL = "https://github.com/zenodo-tui/zenodo-tui"
}
