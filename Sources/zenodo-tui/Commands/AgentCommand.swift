import ArgumentParser
import FoundationEssentials
import TransferAgent

#if canImport(Glibc)
    import Glibc
#endif

/// `zenodo-tui agent`: the background transfer agent. Started by `upload --detach` and the
/// interface when needed (detached, its own session, output to its log); not meant to be run by hand.
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "Run the background transfer agent (started on demand).", shouldDisplay: false)

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        let environment = ProcessInfo.processInfo.environment
        // A testing knob: how long the agent waits with nothing to do before it exits.
        let idle = environment["ZENODO_TUI_AGENT_IDLE"].flatMap(Double.init) ?? 10
        let server = AgentServer(paths: AgentPaths(environment: environment), idleSeconds: idle)
        _ = try server.run()
    }
}
