import FoundationEssentials

/// What zenodo-tui learned about a server and keeps for next time, in
/// `$XDG_STATE_HOME/zenodo-tui/servers.json` (by API URL): which API it speaks (found by `auto`
/// once, not on every command). Written atomically; unreadable or absent means nothing known.
public struct ServerMemory: Sendable {
    public var file: URL

    public init(directories: ConfigDirectories) {
        file = directories.state.appendingPathComponent("servers.json")
    }

    public struct Facts: Codable, Sendable, Equatable {
        public var api: String?
        /// The server registers multipart uploads but refuses their parts (Zenodo today).
        public var multipartRefused: Bool?
        public init(api: String? = nil, multipartRefused: Bool? = nil) {
            self.api = api
            self.multipartRefused = multipartRefused
        }
    }

    /// Changes what is known of a server, keeping the rest.
    public func update(_ apiURL: String, _ change: (inout Facts) -> Void) {
        var facts = self.facts(for: apiURL) ?? Facts()
        change(&facts)
        remember(facts, for: apiURL)
    }

    func all() -> [String: Facts] {
        guard let data = try? BoundedFile.read(file, limit: 1 << 20, what: "the server memory") else { return [:] }
        return (try? JSONDecoder().decode([String: Facts].self, from: data)) ?? [:]
    }

    public func facts(for apiURL: String) -> Facts? { all()[apiURL] }

    public func remember(_ facts: Facts, for apiURL: String) {
        var table = all()
        table[apiURL] = facts
        guard let data = try? JSONEncoder().encode(table) else { return }
        // A memory that cannot be written only means asking the server again next time.
        try? AtomicFile.write(data, to: file)
    }
}

extension ZenodoClient {
    /// `profile` with its API settled: as chosen; legacy for zenodo.org and the sandbox; for other
    /// servers what `memory` knows, else asked of the server once (`detectAPI`) and remembered.
    /// The probe has its own short connect timeout (3 s, one attempt): a server that cannot be
    /// reached must not hold the interface's first frame for the transport's 15 s.
    public static func settleAPI(
        _ profile: ServerProfile, choice: ServerProfile.API?, memory: ServerMemory, credentials: Credentials?,
        environment: [String: String]
    ) async throws -> ServerProfile {
        var profile = profile
        if let choice {
            profile.api = choice
        } else if profile.kind == .custom {
            if let known = memory.facts(for: profile.apiURL)?.api.flatMap(ServerProfile.API.init(rawValue:)) {
                profile.api = known
            } else {
                // A short connect timeout only: a server that answers slowly (a busy one) gets the
                // usual wait for its answer.
                let transport = HTTPTransport(environment: environment, forHost: profile.host, connectTimeout: 3)
                do {
                    profile.api = try await ZenodoClient(
                        profile: profile, credentials: credentials, transport: transport, retry: .never
                    )
                    .detectAPI()
                    await transport.shutdown()
                    let api = profile.api.rawValue
                    memory.update(profile.apiURL) { $0.api = api }
                } catch let error as ZenodoError where error.kind == .server || error.kind == .rateLimited {
                    // The server could not say now: speak the legacy API this time, ask again next time.
                    await transport.shutdown()
                    profile.api = .legacy
                } catch {
                    await transport.shutdown()
                    throw error
                }
            }
        }
        return profile
    }
}
