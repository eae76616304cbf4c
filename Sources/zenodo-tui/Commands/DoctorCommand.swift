import ArgumentParser
import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoDoctor
import ZenodoKit

/// `zenodo-tui doctor`: checks the way to the server step by step (configuration, DNS, TCP, TLS, a
/// public request, the token, the rate limit), each with its time; stops at the first failure.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the way to the server step by step: what to paste when something does not work.",
        discussion: """
            Steps, in order, each timed: the configuration (server, API, where the token comes from, proxy \
            variables), DNS, TCP, TLS (the certificate's subject and issuer), a public request, an authenticated \
            request, the token's scopes as far as Zenodo tells, the rate-limit budget. It stops at the first \
            step that fails, with what to check, and exits non-zero; 0 only when every step passes. The token \
            itself never appears.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print each step as a JSON line (NDJSON): step, ok, detail, advice, ms.")
    var json = false

    func run() async throws {
        let session = try global.session()
        let profile = session.profile
        let credentials = session.credentials
        let timeout = session.budget.timeout ?? 15
        // A server that cannot be reached keeps the API it was configured with: the steps say why.
        let settled = (try? await session.settledProfile()) ?? profile
        let transport = session.transport()
        let client = ZenodoClient(profile: settled, credentials: credentials, transport: transport, retry: .never)
        let doctor = Doctor(
            profile: settled, credentials: credentials, environment: global.environment, timeout: timeout)
        let json = self.json
        let steps = await doctor.run(client) { step in
            if json {
                Console.out(String(decoding: step.json.encoded(), as: UTF8.self))
            } else {
                let mark = step.ok ? Console.styled("ok  ", .green) : Console.styled("FAIL", .red)
                let name = step.name.padded(to: 22)
                let time = step.milliseconds > 0 ? String(cFormat: "%6d ms", step.milliseconds) : "         "
                Console.out("\(mark) \(name)\(time)  \(Console.safe(step.detail))")
                if let advice = step.advice {
                    Console.out("     \(String(repeating: " ", count: 31))→ \(Console.safe(advice))")
                }
            }
        }
        await transport.shutdown()
        if let failed = steps.last, !failed.ok {
            throw ExitCode(
                failed.name == "token"
                    ? ExitCodes.auth : failed.name == "authenticated request" ? ExitCodes.auth : ExitCodes.network)
        }
    }
}
