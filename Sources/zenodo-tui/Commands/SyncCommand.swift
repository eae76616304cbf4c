import ArgumentParser
import Foundation
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

    func run() async throws {
        if !dryRun { try global.refuseIfReadOnly("sync files") }
        try await global.withClient(json: json) { client in
            let scan = FileScanner.scan(
                [directory], keyRule: flatten ? .flatten : .refuse, filters: try filter.filters(), pack: pack.request)
            FilterOptions.report(scan.leftOut)
            let target = try await client.deposition(deposition)
            if target.state == .inprogress, !json { Console.error(FixWindow.editDraftNote(id: target.id)) }
            var hashes: [String: String] = [:]
            for file in SyncPlan.keysNeedingMD5(local: scan.files, remote: target.files) {
                hashes[file.key] = try LocalDigest.md5(of: file.source())
            }
            var plan = SyncPlan.make(local: scan.files, localMD5: hashes, remote: target.files)
            // As rsync does: what is left out here is not deleted there (a file uploaded on purpose
            // stays, whatever the filters say now).
            let separator = flatten ? KeyRule.flattenSeparator : "/"
            plan.onlyRemote.removeAll { file in
                scan.leftOut.contains { $0.covers(key: file.filename, separator: separator) }
            }
            report(plan)
            var problems = scan.problems
            if !plan.toUpload.isEmpty || (delete && !plan.onlyRemote.isEmpty) {
                // Count only what sync will send: identical files stay as they are.
                var projected = target
                if delete { projected.files.removeAll { file in plan.onlyRemote.contains { $0.id == file.id } } }
                problems += try await quota.problems(
                    files: plan.toUpload, deposition: projected, client: client, environment: global.environment,
                    raise: !dryRun && scan.problems.isEmpty)
            }
            guard problems.isEmpty else {
                Console.error("Nothing was changed. \(problems.count) problem(s) to fix first:")
                for line in Preflight.summary(problems) { Console.error("  - \(Console.safe(line))") }
                throw ExitCode(ExitCodes.validation)
            }
            if dryRun { return }
            if !plan.toUpload.isEmpty {
                guard let bucket = target.bucketURL else {
                    throw ZenodoError(.unexpected, "deposition \(target.id) has no bucket")
                }
                let journals = JournalStore(directories: ConfigDirectories(environment: global.environment))
                let journal = UploadJournal(
                    server: client.profile.apiURL, depositionID: target.id, files: plan.toUpload)
                let result = try await UploadRun(
                    client: client, journals: journals, parallel: parallel, json: json, global: global
                )
                .execute(
                    UploadBatch(depositionID: target.id, bucketURL: bucket, existing: target.files, journal: journal))
                guard result.succeeded else { throw ExitCode(ExitCodes.error) }
                if result.unverified > 0 { throw ExitCode(ExitCodes.unverified) }
            }
            if delete {
                for file in plan.onlyRemote {
                    try await client.deleteFile(file.id, of: target.id)
                    if !json { Console.out("deleted   \(Console.safe(file.filename))") }
                }
            }
        }
    }

    private func report(_ plan: SyncPlan) {
        if json {
            let names: ([LocalFile]) -> JSONValue = { .array($0.map { .string($0.key) }) }
            Console.out(
                String(
                    decoding: JSONValue.object([
                        "v": .int(EventSchema.version), "event": "plan", "new": names(plan.new),
                        "changed": names(plan.changed), "identical": names(plan.identical),
                        "only_remote": .array(plan.onlyRemote.map { .string($0.filename) }), "delete": .bool(delete),
                    ]).encoded(), as: UTF8.self))
            return
        }
        for file in plan.new { Console.out("new       \(Console.safe(file.key))") }
        for file in plan.changed { Console.out("changed   \(Console.safe(file.key))") }
        for file in plan.identical { Console.out("identical \(Console.safe(file.key))") }
        for file in plan.onlyRemote {
            Console.out(
                "\(delete ? "delete   " : "remote   ") \(Console.safe(file.filename))\(delete ? "" : " (kept; --delete removes it)")"
            )
        }
        Console.out(
            "Plan: \(plan.new.count) new, \(plan.changed.count) changed, \(plan.identical.count) identical, \(plan.onlyRemote.count) only in the deposition"
        )
    }
}
