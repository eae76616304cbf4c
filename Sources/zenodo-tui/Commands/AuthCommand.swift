import ArgumentParser
import EssentialsExtras
import FoundationEssentials
import ZenodoKit

/// `zenodo-tui auth login|status|logout`: the token per server, stored with mode 0600.
struct AuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth", abstract: "Store, check or remove the access token for a server.",
        subcommands: [Login.self, Status.self, Logout.self])

    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a token from standard input, check it with one API call, and store it.",
            discussion: "The token is never taken from the command line, where `ps` and shell history would show it.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Read the token from standard input (required).")
        var withToken = false

        func validate() throws {
            guard withToken else {
                throw ValidationError(
                    "pass --with-token and give the token on standard input, e.g. `zenodo-tui auth login --with-token < token.txt`"
                )
            }
        }

        func run() async throws {
            let profile = try global.profile()
            guard let line = readLine(strippingNewline: true)?.trimming(.whitespaces), !line.isEmpty
            else {
                throw ZenodoError(.configuration, "no token on standard input")
            }
            let transport = HTTPTransport(environment: global.environment, forHost: profile.host)
            let client = ZenodoClient(
                profile: profile, credentials: Credentials(token: line, source: .explicit), transport: transport,
                retry: .never)
            do {
                _ = try await client.depositions(DepositionQuery(), page: 1, size: 1)
                await transport.shutdown()
            } catch {
                await transport.shutdown()
                throw error
            }
            try global.tokenStore.write(line, for: profile)
            Console.out("Token for \(profile.displayName) works; stored in \(global.tokenStore.url(for: profile).path)")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the server, where the token comes from, and whether it works.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let profile = try global.profile()
            let credentials = try Credentials.resolve(
                profile: profile, environment: global.environment, store: global.tokenStore)
            var works: Bool?
            var problem: String?
            if credentials != nil {
                do {
                    try await global.withClient(json: json) { client in
                        _ = try await client.depositions(DepositionQuery(), page: 1, size: 1)
                    }
                    works = true
                } catch let error as ZenodoError {
                    works = false
                    problem = error.message
                }
            }
            if json {
                Console.writeJSON(
                    ZenodoJSONOutput([
                        "server": .string(profile.apiURL),
                        "token_source": credentials.map { .string($0.source.description) } ?? .null,
                        "token": credentials.map { .string($0.masked) } ?? .null,
                        "works": works.map(JSONValue.bool) ?? .null,
                        "problem": problem.map(JSONValue.string) ?? .null,
                    ]))
            } else {
                Console.out("Server:  \(profile.apiURL)")
                guard let credentials else {
                    Console.out(
                        "Token:   none (set \(profile.tokenVariable) or run `zenodo-tui auth login --with-token`)")
                    throw ExitCode(ExitCodes.auth)
                }
                Console.out("Token:   \(credentials.masked) from \(credentials.source.description)")
                Console.out("Works:   " + (works == true ? "yes" : "no: \(problem ?? "unknown problem")"))
            }
            if works != true { throw ExitCode(ExitCodes.auth) }
        }
    }

    struct Logout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove the stored token for a server.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let profile = try global.profile()
            if global.tokenStore.remove(for: profile) {
                Console.out("Removed the token for \(profile.displayName).")
            } else {
                Console.out("No stored token for \(profile.displayName).")
            }
            if global.environment[profile.tokenVariable] != nil {
                Console.error("Note: \(profile.tokenVariable) is still set in the environment.")
            }
        }
    }
}
