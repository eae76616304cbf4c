import AsyncHTTPClient
import FoundationEssentials
import ZenodoKit

/// `zenodo-tui doctor`: what a user runs, and pastes into a support request, when "it does not
/// work". Checks in order, each step timed, and stops at the first that fails (the later ones
/// depend on it): the configuration, name resolution, a TCP connection, TLS with the server's
/// certificate, a public request, an authenticated request, the rate-limit budget. The token is
/// never shown: only where it came from.
public struct Doctor: Sendable {
    public var profile: ServerProfile
    public var credentials: Credentials?
    public var environment: [String: String]
    public var timeout: Double

    public init(profile: ServerProfile, credentials: Credentials?, environment: [String: String], timeout: Double = 15)
    {
        self.profile = profile
        self.credentials = credentials
        self.environment = environment
        self.timeout = timeout
    }

    /// Runs the steps, telling each as it ends; returns them all (the last is the failing one, if any).
    public func run(_ client: ZenodoClient, onStep: @Sendable (DoctorStep) -> Void = { _ in }) async -> [DoctorStep] {
        var steps: [DoctorStep] = []
        func record(_ step: DoctorStep) -> Bool {
            steps.append(step)
            onStep(step)
            return step.ok
        }
        guard record(configuration()) else { return steps }
        let url = URLComponents(string: profile.apiURL)
        let host = profile.host
        let port = url?.port ?? (url?.scheme == "https" ? 443 : 80)
        let proxy = HTTPTransport.proxy(environment: environment, host: host)
        let (probeHost, probePort): (String, Int) = proxy.map { ($0.host, $0.port) } ?? (host, port)
        let via = proxy == nil ? "" : " (the proxy \(probeHost):\(probePort))"

        guard
            record(
                await timed("DNS") {
                    let addresses = try await NetworkProbe.resolve(probeHost, port: probePort)
                    return
                        "\(probeHost)\(via.isEmpty ? "" : " (proxy)") resolves to \(addresses.prefix(4).joined(separator: ", "))"
                } advice: { _ in
                    proxy == nil
                        ? "check the server's name (--server, ZENODO_SERVER) and this machine's DNS (/etc/resolv.conf); on a cluster, the login node may need HTTPS_PROXY"
                        : "check the proxy's name in HTTPS_PROXY"
                })
        else { return steps }

        guard
            record(
                await timed("TCP") {
                    try await NetworkProbe.connect(probeHost, port: probePort, timeout: timeout)
                    return "connected to \(probeHost):\(probePort)\(via.isEmpty ? "" : " (proxy)")"
                } advice: { _ in
                    "a firewall, or nothing listening at \(probeHost):\(probePort)"
                        + (proxy == nil ? "; a cluster may need HTTPS_PROXY" : ": check HTTPS_PROXY")
                })
        else { return steps }

        if url?.scheme == "https" {
            if proxy != nil {
                _ = record(
                    DoctorStep(name: "TLS", ok: true, detail: "through the proxy: checked by the requests below"))
            } else {
                guard
                    record(
                        await timed("TLS") {
                            let certificate = try await NetworkProbe.handshake(host, port: port, timeout: timeout)
                            let until = certificate.notValidAfter.formatted(.iso8601).prefix(10)
                            return
                                "certificate verified: subject \(certificate.subject); issuer \(certificate.issuer); valid until \(until)"
                        } advice: { _ in
                            "the certificate does not verify: install the CA certificates (apt-get install ca-certificates), or point SSL_CERT_FILE at your site's CA bundle"
                        })
                else { return steps }
            }
        }

        guard
            record(
                await timed("public request") {
                    let page = try await client.searchRecords(size: 1)
                    return "\(profile.displayName) answers: \(page.total) public records"
                } advice: { error in
                    Self.advice(error)
                })
        else { return steps }

        guard let credentials else {
            _ = record(
                DoctorStep(
                    name: "token", ok: false, detail: "no token for \(profile.displayName)",
                    advice: "set \(profile.tokenVariable), or run `zenodo-tui auth login --with-token < token-file`"))
            return steps
        }
        guard
            record(
                await timed("authenticated request") {
                    let depositions = try await client.depositions(DepositionQuery(), page: 1, size: 1)
                    return
                        "the token (\(credentials.source.description)) is accepted: listing depositions works (\(depositions.isEmpty ? "none yet" : "it has some"))"
                } advice: { error in
                    Self.advice(error)
                })
        else { return steps }

        _ = record(
            DoctorStep(
                name: "scopes", ok: true,
                detail:
                    "Zenodo does not list a token's scopes; listing depositions needs deposit:write, publishing needs deposit:actions, which only a publish proves"
            ))
        if let limit = client.rateLimit {
            let reset = max(0, Int(limit.reset.timeIntervalSinceNow.rounded(.up)))
            _ = record(
                DoctorStep(
                    name: "rate limit", ok: limit.remaining > 0,
                    detail: "\(limit.remaining) of \(limit.limit) requests left, the window resets in \(reset) s",
                    advice: limit.remaining > 0
                        ? nil : "wait \(reset) s; scripts should pace themselves (zenodo-tui does)"))
        } else {
            _ = record(DoctorStep(name: "rate limit", ok: true, detail: "the server sends no rate-limit headers"))
        }
        return steps
    }

    /// The configuration step: what would be used, with where each value came from.
    func configuration() -> DoctorStep {
        var parts = ["server \(profile.displayName) (\(profile.apiURL))", "API \(profile.api.rawValue)"]
        parts.append(credentials.map { "token from \($0.source.description)" } ?? "no token")
        let proxyVariables = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"]
            .compactMap { name in environment[name].map { "\(name)=\(Self.withoutPassword($0))" } }
        parts.append(proxyVariables.isEmpty ? "no proxy variables" : proxyVariables.joined(separator: " "))
        if let proxy = HTTPTransport.proxy(environment: environment, host: profile.host) {
            parts.append("requests go through \(proxy.host):\(proxy.port)")
        }
        return DoctorStep(name: "configuration", ok: true, detail: parts.joined(separator: "; "))
    }

    /// A proxy URL without its password (`http://user:secret@host` → `http://user:…@host`).
    static func withoutPassword(_ value: String) -> String {
        guard var url = URLComponents(string: value), url.password != nil else { return value }
        url.password = "…"
        return url.string ?? value
    }

    static func advice(_ error: any Error) -> String? {
        guard let error = error as? ZenodoError else { return nil }
        switch error.kind {
        case .auth:
            return
                "the token is refused: make a new one (Account → Applications → Personal access tokens, scopes deposit:write and deposit:actions)"
        case .rateLimited: return "rate limited: wait a minute"
        case .server: return "the server has a problem; try again later (status.zenodo.org)"
        default: return nil
        }
    }

    private func timed(
        _ name: String, _ body: () async throws -> String, advice: (any Error) -> String?
    ) async -> DoctorStep {
        let started = ContinuousClock.now
        func elapsed() -> Int {
            let duration = ContinuousClock.now - started
            return Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        }
        do {
            let detail = try await body()
            return DoctorStep(name: name, ok: true, detail: detail, milliseconds: elapsed())
        } catch {
            let message = (error as? ZenodoError)?.message ?? String(describing: error)
            return DoctorStep(name: name, ok: false, detail: message, advice: advice(error), milliseconds: elapsed())
        }
    }
}
