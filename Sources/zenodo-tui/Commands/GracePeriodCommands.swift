import ArgumentParser
import FoundationEssentials
import ZenodoKit

/// `fix-files` and `delete --published`: what an owner may do to a published record within the
/// server's grace period (Zenodo: 30 days from publication). The server's policy decides; a
/// refusal says why and offers a new version.
struct FixFilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix-files",
        abstract: "Unlock a published record's files within the server's grace period (the DOI stays).",
        discussion: """
            Opens the record's edit draft (when none is open) and asks the server to unlock its files \
            (Zenodo allows this for 30 days after publication). Then upload, sync and delete --file \
            work on the draft as on a new one; publish makes the new files public under the same DOI. \
            discard puts the old files back. Outside the window the server refuses: make a new version.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The published record (deposition) id.") var deposition: Int
    @Option(help: "Why the files change, kept with the server's request (25 characters or more).") var comment: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try global.refuseIfReadOnly("unlock a published record's files")
        try await global.withClient(json: json) { client in
            let draft = try await client.unlockFiles(of: deposition, comment: comment)
            if json {
                var object = JSONShapes.summary(draft)
                object["files_unlocked"] = true
                Console.writeJSON(ZenodoJSONOutput(object))
                return
            }
            Console.out(FixWindow.fixMeaning(id: draft.id, doi: draft.doi))
            Console.out(
                "Next: zenodo-tui upload \(draft.id) FILES, zenodo-tui delete \(draft.id) --file NAME, then zenodo-tui publish \(draft.id)."
            )
        }
    }
}

/// `delete ID --published --reason R`: the typed confirmation names the record and its DOI and
/// says what deletion means; off a terminal, `--confirm ID` (the id or the DOI) stands for it.
struct PublishedDeletion {
    var deposition: Int
    var reason: String?
    var comment: String?
    var confirm: String?
    var json: Bool

    func run(_ client: ZenodoClient) async throws {
        guard let reason else {
            throw ValidationError("--published needs --reason, one of: \(RemovalReason.spelled)")
        }
        guard let why = RemovalReason(rawValue: reason) else {
            throw ValidationError("unknown --reason '\(reason)'; one of: \(RemovalReason.spelled)")
        }
        let record = try await client.deposition(deposition)
        guard record.state == .done || record.state == .inprogress else {
            throw ZenodoError(
                .refused, "deposition \(deposition) was never published: delete the draft without --published")
        }
        let meaning = FixWindow.deletionMeaning(id: record.id, doi: record.doi, title: Console.safe(record.title))
        try confirmTyped(record: record, meaning: meaning)
        let outcome = try await client.deleteRecord(deposition, reason: why, comment: comment)
        if json {
            Console.writeJSON(
                ZenodoJSONOutput([
                    "id": .int(record.id), "doi": record.doi.map(JSONValue.string) ?? .null,
                    "outcome": .string(outcome == .deleted ? "deleted" : "requested"), "reason": .string(why.rawValue),
                ]))
            return
        }
        switch outcome {
        case .deleted:
            Console.out(
                "Deleted record \(record.id)\(record.doi.map { "; https://doi.org/\($0) now shows its tombstone" } ?? "")."
            )
        case .requested:
            Console.out("The deletion of record \(record.id) was submitted for the server's staff to decide.")
        }
    }

    /// The id or DOI typed (on a terminal), or given with `--confirm`.
    private func confirmTyped(record: Deposition, meaning: String) throws {
        if let confirm {
            guard FixWindow.confirmsDeletion(confirm, id: record.id, doi: record.doi) else {
                throw ZenodoError(
                    .refused,
                    "--confirm '\(Console.safe(confirm))' names neither record \(record.id) nor its DOI: nothing was deleted"
                )
            }
            return
        }
        guard Console.stdinIsTTY, Console.stdoutIsTTY else {
            throw ZenodoError(
                .refused, "\(meaning) Not on a terminal: pass --confirm \(record.id) (or its DOI) to delete it.")
        }
        Console.out(meaning)
        Console.prompt("Type the record id (\(record.id)) or its DOI to delete it: ")
        guard FixWindow.confirmsDeletion(readLine() ?? "", id: record.id, doi: record.doi) else {
            Console.error("Nothing was deleted.")
            throw ExitCode(ExitCodes.error)
        }
    }
}
