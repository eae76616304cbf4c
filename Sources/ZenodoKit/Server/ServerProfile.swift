import FoundationEssentials
import LoopbackAddress

/// Which Zenodo to talk to: production, the sandbox, or any compatible base URL (LocalZenodo).
public struct ServerProfile: Sendable, Hashable {
    public enum Kind: String, Sendable { case zenodo, sandbox, custom }

    public var kind: Kind
    /// The API base, without a trailing slash: `https://zenodo.org/api`.
    public var apiURL: String
    public var scheme: String
    public var host: String
    public var port: Int?
    /// The server registers DataCite test DOIs (`10.5072/…`) although its `prereserve_doi` says
    /// `10.5281/…`: sandbox.zenodo.org, or a server said to (LocalZenodo `--flavor sandbox`).
    public var registersTestDOIs = false

    /// Which API zenodo-tui speaks to the server.
    public enum API: String, Sendable, CaseIterable {
        /// Zenodo's legacy deposit API (`/api/deposit/depositions`, buckets).
        case legacy
        /// InvenioRDM's own API (`/api/records/{id}/draft`, draft files): any InvenioRDM repository.
        case rdm
    }

    public var api = API.legacy

    public static let zenodo = try! ServerProfile(parsing: "zenodo")
    public static let sandbox = try! ServerProfile(parsing: "sandbox")

    /// `zenodo`, `sandbox`, or a URL. Plain `http://` is accepted only for loopback hosts.
    public init(parsing value: String) throws(ZenodoError) {
        switch value.lowercased() {
        case "zenodo", "zenodo.org", "production":
            self.init(kind: .zenodo, apiURL: "https://zenodo.org/api", scheme: "https", host: "zenodo.org", port: nil)
            return
        case "sandbox", "sandbox.zenodo.org":
            self.init(
                kind: .sandbox, apiURL: "https://sandbox.zenodo.org/api", scheme: "https", host: "sandbox.zenodo.org",
                port: nil)
            return
        default:
            break
        }
        // The host as DNS writes it (`encodedHost`): full Foundation would turn `xn--…` into
        // Unicode in `host`, FoundationEssentials (the shipped binary) does not.
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
            let host = (components.encodedHost ?? components.host)?.lowercased(), !host.isEmpty
        else {
            throw ZenodoError(
                .configuration,
                "'\(value)' is not a server: use zenodo, sandbox, or a URL such as https://zenodo.example.org/api")
        }
        guard scheme == "https" || scheme == "http" else {
            throw ZenodoError(.configuration, "'\(value)' must be an https:// URL")
        }
        // An internationalised name needs IDNA to become the DNS name, which lives in ICU and not
        // in the program: asked for in the form DNS knows (judged on the text as typed, so that a
        // build with ICU answers the same).
        let authority = value.split(separator: "://", maxSplits: 1).last?.prefix { !"/?#".contains($0) } ?? ""
        guard authority.unicodeScalars.allSatisfy(\.isASCII), !host.contains("%") else {
            throw ZenodoError(
                .configuration,
                "'\(value)': write a host name with letters beyond ASCII in its DNS form (xn--…, as `idn2` or a browser's address bar gives it)"
            )
        }
        if scheme == "http", !Self.isLoopback(host) {
            throw ZenodoError(
                .refused,
                "refusing plain http:// for \(host): tokens would travel unencrypted; use https:// (http is allowed only for loopback)"
            )
        }
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        if path.isEmpty { path = "/api" }
        let portPart = components.port.map { ":\($0)" } ?? ""
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        self.init(
            kind: .custom, apiURL: "\(scheme)://\(shownHost)\(portPart)\(path)", scheme: scheme, host: host,
            port: components.port)
    }

    init(kind: Kind, apiURL: String, scheme: String, host: String, port: Int?) {
        self.kind = kind
        self.apiURL = apiURL
        self.scheme = scheme
        self.host = host
        self.port = port
        self.registersTestDOIs = kind == .sandbox
    }

    public var isLoopback: Bool { Self.isLoopback(host) }

    /// A short name for messages and the header: `zenodo.org`, `127.0.0.1:8766`.
    /// The site's address, for pages people open in a browser (`https://zenodo.org`).
    public var siteOrigin: String {
        let standard = (scheme == "https" && port == 443) || (scheme == "http" && port == 80)
        let shown = port.map { standard ? "" : ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(shown)"
    }

    public var displayName: String { host + (port.map { ":\($0)" } ?? "") }

    /// The environment variable a token for this server comes from.
    public var tokenVariable: String { kind == .sandbox ? "ZENODO_SANDBOX_TOKEN" : "ZENODO_TOKEN" }

    /// A file-name-safe key for per-server files (token files).
    public var storageKey: String {
        switch kind {
        case .zenodo: return "zenodo"
        case .sandbox: return "sandbox"
        case .custom:
            let raw = "\(host)_\(port ?? (scheme == "https" ? 443 : 80))"
            return String(raw.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" ? $0 : "_" })
        }
    }

    /// Whether `url` points at this server (same scheme, host and port): only then may the token go there.
    public func owns(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = (components.encodedHost ?? components.host)?.lowercased()
        else { return false }
        let defaultPort = scheme == "https" ? 443 : 80
        return scheme == self.scheme && host == self.host && (components.port ?? defaultPort) == (port ?? defaultPort)
    }

    /// Decided by the parsed address, not the name's spelling (`LoopbackAddress`).
    static func isLoopback(_ host: String) -> Bool { LoopbackAddress.contains(host) }

    /// The profile chosen by `--server`, else `ZENODO_SERVER`, else production Zenodo.
    public static func resolve(option: String?, environment: [String: String]) throws(ZenodoError) -> ServerProfile {
        if let option, !option.isEmpty { return try ServerProfile(parsing: option) }
        if let variable = environment["ZENODO_SERVER"], !variable.isEmpty {
            return try ServerProfile(parsing: variable)
        }
        return .zenodo
    }
}
