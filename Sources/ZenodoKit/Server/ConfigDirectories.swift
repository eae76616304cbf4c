import FoundationEssentials

/// Where zenodo-tui keeps its files, following the XDG base directories.
public struct ConfigDirectories: Sendable {
    /// `$XDG_CONFIG_HOME/zenodo-tui` (default `~/.config/zenodo-tui`): tokens.
    public var config: URL
    /// `$XDG_STATE_HOME/zenodo-tui` (default `~/.local/state/zenodo-tui`): upload journals.
    public var state: URL

    public init(config: URL, state: URL) {
        self.config = config
        self.state = state
    }

    public init(environment: [String: String]) {
        let home =
            environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        func base(_ variable: String, _ fallback: String) -> URL {
            if let value = environment[variable], value.hasPrefix("/") { return URL(fileURLWithPath: value) }
            return home.appendingPathComponent(fallback)
        }
        config = base("XDG_CONFIG_HOME", ".config").appendingPathComponent("zenodo-tui")
        state = base("XDG_STATE_HOME", ".local/state").appendingPathComponent("zenodo-tui")
    }
}
