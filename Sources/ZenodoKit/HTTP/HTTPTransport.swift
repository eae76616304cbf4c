import AsyncHTTPClient
import EssentialsExtras
import FoundationEssentials
import NIOCore

/// The process's one HTTP client (AsyncHTTPClient: connection reuse, no cookie jar, redirects
/// handled by ZenodoKit so a token never follows one to another host), with proxies from the usual
/// environment variables.
public final class HTTPTransport: Sendable {
    public let client: HTTPClient
    /// `host:port` of the proxy requests go through, if any: said in every network error.
    public let proxyDescription: String?
    /// The most an API exchange (request, head and the whole body) may take, in seconds: a body
    /// trickled a byte at a time never holds a command longer. Transfers have none.
    public let apiDeadline: Double

    /// Connect and idle-read timeouts; whole-request deadlines are set per request kind.
    /// AsyncHTTPClient keeps retrying a refused connection until `connectTimeout` passes.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, forHost host: String? = nil,
        connectTimeout: Double = 15, idleTimeout: Double = 120, apiDeadline: Double = 120
    ) {
        self.apiDeadline = apiDeadline
        let proxy = Self.proxy(environment: environment, host: host)
        proxyDescription = proxy.map { "\($0.host):\($0.port)" }
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .milliseconds(Int64(connectTimeout * 1000)), read: .milliseconds(Int64(idleTimeout * 1000)),
                write: .milliseconds(Int64(idleTimeout * 1000))),
            proxy: proxy,
            decompression: .disabled)
        configuration.connectionPool.idleTimeout = .seconds(60)
        // A refused connection fails at once (NetworkFailure decides whether to try again), instead
        // of being retried inside the client until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .automatic
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The user's one timeout (`--timeout`, `ZENODO_TIMEOUT`): to connect, between bytes, and at
    /// least 120 s for a whole API exchange; `nil`: the defaults. Every front end builds its
    /// transport this way, and the agent from what a hand-over carries.
    public convenience init(environment: [String: String], forHost host: String?, timeout: Double?) {
        if let timeout {
            self.init(
                environment: environment, forHost: host, connectTimeout: timeout, idleTimeout: timeout,
                apiDeadline: max(120, timeout))
        } else {
            self.init(environment: environment, forHost: host)
        }
    }

    /// Closes connections; call once before the process exits.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// `https_proxy`/`HTTPS_PROXY` (or `http_proxy`), unless `no_proxy` names the host; never for loopback.
    public static func proxy(environment: [String: String], host: String?) -> HTTPClient.Configuration.Proxy? {
        if let host, ServerProfile.isLoopback(host) { return nil }
        let noProxy = (environment["no_proxy"] ?? environment["NO_PROXY"] ?? "").split(separator: ",")
            .map { $0.trimming(.whitespaces).lowercased() }
        if let host,
            noProxy.contains(where: { $0 == "*" || host == $0 || host.hasSuffix($0.hasPrefix(".") ? $0 : "." + $0) })
        {
            return nil
        }
        let value =
            environment["https_proxy"] ?? environment["HTTPS_PROXY"] ?? environment["http_proxy"]
            ?? environment["HTTP_PROXY"]
        guard let value, let url = URLComponents(string: value.contains("://") ? value : "http://" + value),
            let proxyHost = url.host
        else { return nil }
        return .server(host: proxyHost, port: url.port ?? 3128)
    }
}
