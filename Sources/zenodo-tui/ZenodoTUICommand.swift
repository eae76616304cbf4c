import ArgumentParser
import FoundationEssentials
import Glibc
import TransferAgent
import ZenodoKit

/// `zenodo-tui`: publish research datasets on Zenodo from the terminal.
@main
struct ZenodoTUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zenodo-tui",
        abstract: "Publish research datasets on Zenodo from the terminal.",
        discussion: """
            Servers: --server zenodo (default), sandbox, or a URL; or ZENODO_SERVER.
            Tokens: ZENODO_TOKEN (ZENODO_SANDBOX_TOKEN for the sandbox), or `zenodo-tui auth login --with-token`.
            Exit codes: 0 ok, 1 error, 2 usage, 3 auth, 4 not found, 5 validation, 6 rate limited, 7 network, 8 server error, 9 integrity.
            """,
        version: ZenodoKitVersion.description,
        subcommands: [
            BrowseCommand.self, DemoCommand.self, DoctorCommand.self, ListCommand.self, SearchCommand.self,
            ShowCommand.self, UploadCommand.self, TransfersCommand.self,
            SyncCommand.self, DownloadCommand.self,
            CreateCommand.self, MetadataCommand.self, PublishCommand.self, NewVersionCommand.self, EditCommand.self,
            DiscardCommand.self, DeleteCommand.self, FixFilesCommand.self, CommunitiesCommand.self, SubmitCommand.self,
            RequestsCommand.self, ShareCommand.self, ExportCommand.self, ValidateCommand.self, VerifyCommand.self,
            ReserveDOICommand.self, ReleaseCommand.self, LookupCommand.self,
            AuthCommand.self,
            ServeCommand.self, BenchUploadCommand.self, AgentCommand.self,
        ],
        defaultSubcommand: BrowseCommand.self
    )

    /// Runs the command and maps failures to the documented exit codes (usage errors exit 2).
    static func main() async {
        MemoryPolicy.apply()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ZenodoError {
            Console.error("zenodo-tui: \(error)")
            Glibc.exit(ExitCodes.code(for: error))
        } catch let error as AgentError {
            Console.error("zenodo-tui: \(error)")
            Glibc.exit(ExitCodes.error)
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .validationFailure {
                Console.error(fullMessage(for: error))
                Glibc.exit(ExitCodes.usage)
            }
            exit(withError: error)
        }
    }
}
