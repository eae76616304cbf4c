import ArgumentParser
import FoundationEssentials
import ZenodoKit

/// `release DIR --concept ID`: a directory released as the next version of a record (issue 33):
/// the open new-version draft of the concept (or a new one), synced with the directory (what is
/// gone deleted, the plan shown first), its version set, checked, published. Run twice it does
/// nothing the second time (the latest version already holds these files and that version);
/// interrupted, it goes on from the open draft.
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract:
            "Release a directory as the next version of a record: new version, sync (deleting what is gone), version, check, publish."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The local directory.") var directory: String
    @Option(help: "The record: its concept id or any of its versions' ids.") var concept: Int
    @Option(help: "The new version's version string (default: the last one's number plus one).") var version: String?
    @Flag(help: "Print the plan and stop.") var dryRun = false
    @Flag(help: "Publish without asking.") var yes = false
    @Flag(help: "Name files in subdirectories dir__sub__file instead of refusing them.") var flatten = false
    @OptionGroup var transfer: TransferOptions
    @OptionGroup var filter: FilterOptions
    @OptionGroup var pack: PackOptions
    @Option(help: ArgumentHelp(SyncManifest.help, valueName: "sha256|md5")) var manifest: ChecksumManifest.Algorithm?
    @Flag(help: "Print the plan and events as JSON.") var json = false

    func run() async throws {
        if !dryRun { try global.refuseIfReadOnly("release a version") }
        let run = SyncRun(
            global: global, filter: filter, pack: pack.request, quota: nil, parallel: transfer.parallel, json: json,
            flatten: flatten, delete: true, manifest: manifest)
        try await global.withClient(json: json) { client in
            let chain = try await Self.versions(of: concept, client)
            // An open draft (a new version's, or a first version never published) is this
            // release, interrupted or begun by hand: go on with it.
            let latest = chain.last { $0.submitted }
            let open = chain.first { !$0.submitted }
            guard latest != nil || open != nil else {
                throw ZenodoError(.notFound, "no deposition of yours has id or concept \(concept)")
            }
            if open == nil, let latest {
                let published = try await client.deposition(latest.id)
                let (plan, scan) = try run.plan(directory, published, client: client)
                // A tree that cannot be sent as it is (folders without --pack) is said, never
                // taken for "nothing changed".
                try await run.refuseProblems(plan, scan, target: published, client: client, dryRun: true)
                let sameVersion = version.map { $0 == published.metadata.version } ?? true
                if plan.toUpload.isEmpty, plan.onlyRemote.isEmpty, sameVersion {
                    Self.say(
                        "Nothing to release: version \(published.metadata.version ?? "?") (record \(published.id)) already holds these \(plan.identical.count) files.",
                        json: json, ["released": false, "record": .int(published.id)])
                    return
                }
            }
            if dryRun {
                let base = try await client.deposition((open ?? latest)!.id)
                let (plan, scan) = try run.plan(directory, base, client: client)
                run.report(plan)
                try await run.refuseProblems(plan, scan, target: base, client: client, dryRun: true)
                return
            }
            var draft: Deposition
            if let open {
                draft = try await client.deposition(open.id)
                if !json { Console.error("Going on with the open draft \(draft.id).") }
            } else {
                draft = try await client.newVersion(of: latest!.id)
                if !json { Console.error("New version draft \(draft.id) of record \(latest!.id).") }
            }
            let (plan, scan) = try run.plan(directory, draft, client: client)
            run.report(plan)
            try await run.refuseProblems(plan, scan, target: draft, client: client, dryRun: false)
            try await run.apply(plan, to: draft, client: client)
            draft = try await client.deposition(draft.id)
            var previous: String?
            if let latest { previous = try await client.deposition(latest.id).metadata.version }
            let wanted = version ?? VersionSuggestion.next(after: previous)
            if !wanted.isEmpty, draft.metadata.version != wanted {
                var metadata = draft.metadata
                metadata.raw["version"] = .string(wanted)
                draft = try await client.updateMetadata(draft.id, metadata)
            }
            let journals = JournalStore(directories: ConfigDirectories(environment: global.environment))
            let checklist = PublishChecklist.check(
                draft,
                unfinishedUploads: journals.unverifiedFiles(server: client.profile.apiURL, depositionID: draft.id),
                licenses: try? await client.licenses())
            guard checklist.passed else {
                for item in checklist.problems { Console.error("  - \(item.field): \(Console.safe(item.message))") }
                throw ZenodoError(
                    .validation,
                    "draft \(draft.id) is not ready to publish; fix it (zenodo-tui edit) and run release again")
            }
            // Asked on a terminal; off one only --yes publishes (--json is no consent).
            do {
                try TerminalQuestion.require(
                    yes: yes,
                    question:
                        "Publish version \(draft.metadata.version ?? "?") of \(Console.safe(draft.title)) (\(draft.id))? Publishing cannot be undone."
                )
            } catch {
                Console.error("Not published; the draft \(draft.id) stays (run release again to publish it).")
                throw error
            }
            let published = try await client.publish(draft.id)
            Self.say(
                "Released version \(published.metadata.version ?? "?") as record \(published.id): \(published.doi ?? "")",
                json: json,
                ["released": true, "record": .int(published.id), "doi": published.doi.map(JSONValue.string) ?? .null])
        }
    }

    /// The concept's depositions, oldest first: `id` may be the concept's or any version's.
    static func versions(of id: Int, _ client: ZenodoClient) async throws -> [Deposition] {
        let all = try await client.allDepositions(DepositionQuery(allVersions: true))
        let concept = all.first { $0.id == id }?.conceptRecordID ?? String(id)
        return all.filter { $0.conceptRecordID == concept || $0.id == id }.sorted { $0.id < $1.id }
    }

    static func say(_ words: String, json: Bool, _ object: [String: JSONValue]) {
        if json { Console.writeJSON(ZenodoJSONOutput(.object(object))) } else { Console.out(words) }
    }
}
