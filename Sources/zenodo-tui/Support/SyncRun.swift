import ArgumentParser
import FoundationEssentials
import ZenodoKit

/// One directory made the files of one draft: the plan (new, changed, identical, only in the
/// draft), checked against the quota, then carried out (uploads verified, deletions). `sync` and
/// `release` both run it.
typealias FileScan = (files: [LocalFile], problems: [PreflightProblem], leftOut: [LeftOut])

struct SyncRun {
    var global: GlobalOptions
    var filter: FilterOptions
    var pack: PackRequest?
    var quota: QuotaOptions?
    var parallel: Int
    var json: Bool
    var flatten: Bool
    var delete: Bool
    /// `--manifest`: a manifest of the directory kept in the deposition (`SyncManifest`).
    var manifest: ChecksumManifest.Algorithm? = nil

    /// The plan for `directory` against `target`'s files; what the filters leave out is not
    /// deleted there (as rsync does).
    func plan(_ directory: String, _ target: Deposition, client: ZenodoClient) throws -> (SyncPlan, FileScan) {
        var scan = FileScanner.scan(
            [directory], keyRule: flatten ? .flatten : .refuse, filters: try filter.filters(), pack: pack)
        FilterOptions.report(scan.leftOut)
        if let manifest, scan.problems.isEmpty {
            scan.files.append(
                try SyncManifest.file(
                    for: scan.files, manifest, deposition: target.id, server: client.profile.apiURL,
                    environment: global.environment))
        }
        var hashes: [String: String] = [:]
        for file in SyncPlan.keysNeedingMD5(local: scan.files, remote: target.files) {
            hashes[file.key] = try LocalDigest.md5(of: file.source())
        }
        var plan = SyncPlan.make(local: scan.files, localMD5: hashes, remote: target.files)
        let separator = flatten ? KeyRule.flattenSeparator : "/"
        plan.onlyRemote.removeAll { file in
            scan.leftOut.contains { $0.covers(key: file.filename, separator: separator) }
        }
        return (plan, scan)
    }

    /// The plan's problems (the scan's, the quota's), said; nothing changed when there are any.
    func refuseProblems(
        _ plan: SyncPlan, _ scan: FileScan, target: Deposition, client: ZenodoClient, dryRun: Bool
    ) async throws {
        var problems = scan.problems
        if let quota, !plan.toUpload.isEmpty || (delete && !plan.onlyRemote.isEmpty) {
            var projected = target
            if delete { projected.files.removeAll { file in plan.onlyRemote.contains { $0.id == file.id } } }
            problems += try await quota.problems(
                files: plan.toUpload, deposition: projected, client: client, environment: global.environment,
                raise: !dryRun && problems.isEmpty)
        }
        guard problems.isEmpty else {
            Console.error("Nothing was changed. \(problems.count) problem(s) to fix first:")
            for line in Preflight.summary(problems) { Console.error("  - \(Console.safe(line))") }
            throw ExitCode(ExitCodes.validation)
        }
    }

    /// Uploads what is new or changed (each verified), then deletes what is only in the draft.
    func apply(_ plan: SyncPlan, to target: Deposition, client: ZenodoClient) async throws {
        if !plan.toUpload.isEmpty {
            guard let bucket = target.bucketURL else {
                throw ZenodoError(.unexpected, "deposition \(target.id) has no bucket")
            }
            let journals = JournalStore(directories: ConfigDirectories(environment: global.environment))
            let journal = UploadJournal(server: client.profile.apiURL, depositionID: target.id, files: plan.toUpload)
            let result = try await UploadRun(
                client: client, journals: journals, parallel: parallel, json: json, global: global
            )
            .execute(UploadBatch(depositionID: target.id, bucketURL: bucket, existing: target.files, journal: journal))
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

    func report(_ plan: SyncPlan) {
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
