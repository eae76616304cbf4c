import ArgumentParser
import FoundationEssentials
import ZenodoKit

/// `zenodo-tui sync DIR DEPOSITION`: make a draft's files match a directory, planned first.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Upload a directory's new and changed files into a draft (by MD5); --dry-run shows the plan only.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The local directory.")
    var directory: String

    @Argument(help: "The draft deposition id.")
    var deposition: Int

    @Flag(help: "Print the plan and stop.")
    var dryRun = false

    @Flag(help: "Also delete files that are only in the deposition.")
    var delete = false

    @Flag(help: "Name files in subdirectories dir__sub__file instead of refusing them.")
    var flatten = false

    @OptionGroup var transfer: TransferOptions
    var parallel: Int { transfer.parallel }

    @OptionGroup var filter: FilterOptions

    @OptionGroup var pack: PackOptions

    @OptionGroup var quota: QuotaOptions

    @Flag(help: "Print the plan and the upload events as JSON.")
    var json = false

    @Option(help: ArgumentHelp(SyncManifest.help, valueName: "sha256|md5"))
    var manifest: ChecksumManifest.Algorithm?

    func run() async throws {
        if !dryRun { try global.refuseIfReadOnly("sync files") }
        let run = SyncRun(
            global: global, filter: filter, pack: pack.request, quota: quota, parallel: parallel, json: json,
            flatten: flatten, delete: delete, manifest: manifest)
        try await global.withClient(json: json) { client in
            let target = try await client.deposition(deposition)
            if target.state == .inprogress, !json { Console.error(FixWindow.editDraftNote(id: target.id)) }
            let (plan, scan) = try run.plan(directory, target, client: client)
            run.report(plan)
            try await run.refuseProblems(plan, scan, target: target, client: client, dryRun: dryRun)
            if dryRun { return }
            try await run.apply(plan, to: target, client: client)
        }
    }
}
