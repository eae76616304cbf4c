import FoundationEssentials

/// Which network failures retrying cannot fix on the time scale of a command, and what to check:
/// a host that does not resolve, a connection refused, a certificate that does not verify, a proxy
/// that refuses the tunnel. Everything else (timeouts, resets, a temporary DNS failure) is worth
/// another attempt. Pure: it reads the error's description, which is all NIO and the resolver give.
public enum NetworkFailure: Equatable, Sendable {
    case unknownHost
    case refused
    case certificate
    case proxyRefused
    /// Worth retrying.
    case transient

    public static func classify(_ description: String) -> NetworkFailure {
        let text = description.lowercased()
        if text.contains("temporary failure in name resolution") || text.contains("try again") { return .transient }
        if [
            "name or service not known", "nodename nor servname", "no address associated",
            "non-recoverable failure in name resolution",
            "unknown host", "nxdomain", "dnsaerror", "dnsaaaaerror", "no such host",
        ].contains(where: text.contains) {
            return .unknownHost
        }
        if text.contains("proxy")
            && ["refused", "407", "403", "502", "invalidproxyresponse", "proxyauthentication"].contains(
                where: text.contains)
        {
            return .proxyRefused
        }
        if text.contains("connection refused") || text.contains("econnrefused") || text.contains("errno: 111") {
            return .refused
        }
        // Only a failed verification: an unclean TLS shutdown is a dropped connection, worth retrying.
        if ["certificate", "handshakefailed", "verify failed"].contains(where: text.contains) { return .certificate }
        return .transient
    }

    public var isTransient: Bool { self == .transient }

    /// What to check, in words.
    public func advice(host: String) -> String? {
        switch self {
        case .unknownHost:
            return
                "\(host) does not resolve: check the server (--server, ZENODO_SERVER) and this machine's DNS; behind a proxy, set HTTPS_PROXY"
        case .refused:
            return
                "\(host) refused the connection: check the server's address and port, or a firewall; behind a proxy, set HTTPS_PROXY (and NO_PROXY for local hosts)"
        case .certificate:
            return
                "the TLS certificate of \(host) could not be verified: check the system's CA certificates (ca-certificates), or a proxy that intercepts TLS"
        case .proxyRefused:
            return
                "the proxy refused to connect to \(host): check HTTPS_PROXY / NO_PROXY and whether the proxy needs a login"
        case .transient:
            return nil
        }
    }
}
