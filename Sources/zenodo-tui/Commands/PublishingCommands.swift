import ArgumentParser
import EssentialsExtras
import FoundationEssentials
import MetadataFiles
import ZenodoKit

/// `create`, `metadata`, `publish`, `new-version`, `edit`, `discard`, `delete`: the publishing
/// workflow for scripts, each refusing in read-only mode and printing `--json` when asked.
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a draft deposition (prints its reserved DOI).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Metadata from a .zenodo.json or CITATION.cff file.") var from: String?
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "A record without files, where the server allows it (InvenioRDM does by default; Zenodo does not).")
    var metadataOnly = false

    func run() async throws {
        try global.refuseIfReadOnly("create a deposition")
        let metadata = try from.map { DepositionMetadata(raw: try MetadataFile.load(URL(fileURLWithPath: $0))) }
        try await global.withClient(json: json) { client in
            let draft = try await client.createDeposition(metadata: metadata, metadataOnly: metadataOnly)
            if json {
                Console.writeJSON(ZenodoJSONOutput(JSONShapes.detail(draft)))
                return
            }
            Console.out(
                "Created \(draft.isMetadataOnly ? "metadata-only " : "")draft \(draft.id); its DOI will be \(draft.metadata.prereservedDOI ?? "assigned at publish")."
            )
        }
    }
}

struct MetadataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata", abstract: "Show or change a draft's metadata; changes print a diff first.",
        discussion: "Without --set or --from, prints the metadata. Off a terminal, changes apply only with --yes.")
    @OptionGroup var global: GlobalOptions
    @Argument var deposition: Int
    @Option(
        name: .customLong("set"),
        help:
            "FIELD=VALUE (repeatable); lists comma-separated or JSON; people 'Family, Given@Affiliation#ORCID;…' or Zenodo's JSON '[{\"name\":\"Family, Given\"}]'; dates, related_identifiers, subjects, grants, locations, custom as Zenodo's JSON."
    )
    var assignments: [String] = []
    @Option(help: "Metadata from a .zenodo.json or CITATION.cff file.") var from: String?
    @Option(
        name: .customLong("add-grant"),
        help:
            "A grant looked up on the server and added: FUNDER::NUMBER with the funder's acronym, name, ROR id or DOI (EC::101004215); refused with the nearest awards when it is not there (repeatable)."
    )
    var grants: [String] = []
    @Flag(help: "Apply without asking.") var yes = false
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let changing = !assignments.isEmpty || from != nil || !grants.isEmpty
        if changing { try global.refuseIfReadOnly("change metadata") }
        try await global.withClient(json: json) { client in
            let current = try await client.deposition(deposition)
            guard changing else {
                if json {
                    Console.writeJSON(ZenodoJSONOutput(current.metadata.json))
                } else {
                    Console.out(String(decoding: current.metadata.json.encoded(pretty: true), as: UTF8.self))
                }
                return
            }
            var edited = current.metadata
            if let from { edited = MetadataFile.merge(try MetadataFile.load(URL(fileURLWithPath: from)), into: edited) }
            for assignment in assignments { try MetadataAssignment.apply(assignment, to: &edited) }
            for grant in grants {
                let resolved = try await GrantLookup.resolve(grant, client: client)
                var list = edited.raw["grants"]?.array ?? []
                if !list.contains(resolved.legacyEntry) { list.append(resolved.legacyEntry) }
                edited.raw["grants"] = .array(list)
                if !json {
                    Console.error(
                        "Grant \(Console.safe(grant)): \(Console.safe(resolved.award.label)) (\(resolved.award.id)).")
                }
            }
            let diff = MetadataDiff(old: current.metadata, new: edited)
            if diff.isEmpty {
                Console.out("No change.")
                return
            }
            if !json { for line in diff.lines { Console.out(Console.safe(line)) } }
            // Zenodo rewrites the record from what the legacy form carries: say what would go.
            let losses = await client.legacyLosses(deposition)
            if !losses.isEmpty {
                Console.error(
                    "Saving through Zenodo's deposit API loses what it cannot carry (use --api rdm to keep it):")
                for item in losses { Console.error("  - \(Console.safe(item))") }
            }
            try TerminalQuestion.require(yes: yes, question: "Save these changes to deposition \(deposition)?")
            // Read again before the PUT (which replaces everything): changes made meanwhile to
            // other fields are kept; the same field changed there too stops the save.
            switch try await client.saveMetadata(deposition, edited, basedOn: current.metadata) {
            case .saved(let reread, let kept):
                if json {
                    Console.writeJSON(ZenodoJSONOutput(JSONShapes.detail(reread)))
                } else {
                    Console.out(
                        kept.isEmpty
                            ? "Saved."
                            : "Saved; kept changes made meanwhile on Zenodo: \(kept.joined(separator: ", ")).")
                }
            case .conflict(_, let merge):
                throw ZenodoError(
                    .validation,
                    "deposition \(deposition) changed on Zenodo while this ran (\(merge.conflicts.joined(separator: ", ")) changed there too); nothing was saved: run the command again"
                )
            }
        }
    }
}

struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Check and publish a draft (irreversible: the DOI is registered).")
    @OptionGroup var global: GlobalOptions
    @Argument var deposition: Int
    @Flag(help: "Publish without asking (required off a terminal).") var yes = false
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try global.refuseIfReadOnly("publish")
        try await global.withClient(json: json) { client in
            let current = try await client.deposition(deposition)
            let journals = JournalStore(directories: ConfigDirectories(environment: global.environment))
            let unfinished = journals.unverifiedFiles(server: client.profile.apiURL, depositionID: deposition)
            let checklist = PublishChecklist.check(
                current, unfinishedUploads: unfinished, licenses: try? await client.licenses())
            for item in checklist.items where !json {
                Console.out("\(item.ok ? "ok  " : "FIX ") \(item.field): \(item.message)")
            }
            guard checklist.passed else {
                if json {
                    Console.writeJSON(
                        ZenodoJSONOutput([
                            "published": false,
                            "problems": .array(
                                checklist.problems.map { ["field": .string($0.field), "message": .string($0.message)] }),
                        ]))
                }
                throw ExitCode(ExitCodes.validation)
            }
            let asked = current.metadata.communities ?? []
            if !asked.isEmpty, !json {
                // zenodo-rdm turns the legacy field into inclusion requests and reports nothing.
                Console.out(
                    "Note: communities (\(asked.joined(separator: ", "))) are only asked for at publish: a curator may have to accept, and the server reports no failure. zenodo-tui says where the record stands afterwards."
                )
            }
            try TerminalQuestion.require(
                yes: yes,
                question:
                    "Publish deposition \(deposition)? This cannot be undone: \(current.doiToRegister(testDOIs: client.profile.registersTestDOIs) ?? "a DOI") will be registered."
            )
            let published = try await client.publish(deposition)
            if json {
                Console.writeJSON(ZenodoJSONOutput(JSONShapes.detail(published)))
                return
            }
            Console.out(
                "Published: DOI \(published.doi ?? "?"), \(published.links["record_html"] ?? published.htmlURL ?? "")")
            if !asked.isEmpty, let standing = try? await client.standing(of: deposition, in: asked) {
                for (slug, where_) in standing { Console.out("  community \(where_.words(Console.safe(slug)))") }
            }
        }
    }
}

struct NewVersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-version",
        abstract: "Open a new-version draft of a record (from any version or the concept id).")
    @OptionGroup var global: GlobalOptions
    @Argument var record: Int
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try global.refuseIfReadOnly("make a new version")
        try await global.withClient(json: json) { client in
            let draft = try await client.newVersion(of: record)
            if json {
                Console.writeJSON(ZenodoJSONOutput(JSONShapes.detail(draft)))
                return
            }
            Console.out(
                "New-version draft \(draft.id) with \(draft.files.count) inherited file(s); set its version and upload, then publish."
            )
        }
    }
}

struct EditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Open a published record for metadata edits (files stay locked; fix-files unlocks them).")
    @OptionGroup var global: GlobalOptions
    @Argument var deposition: Int
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try global.refuseIfReadOnly("edit")
        try await global.withClient(json: json) { client in
            let draft = try await client.edit(deposition)
            if json {
                Console.writeJSON(ZenodoJSONOutput(JSONShapes.detail(draft)))
                return
            }
            Console.out(
                "Deposition \(draft.id) is open for edits (files stay locked; fix-files unlocks them within the server's grace period); change it with `metadata`, then `publish`."
            )
        }
    }
}

struct DiscardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discard", abstract: "Throw away the edits of a published record (never deletes a draft).")
    @OptionGroup var global: GlobalOptions
    @Argument var deposition: Int
    @Flag(help: "Discard without asking.") var yes = false

    func run() async throws {
        try global.refuseIfReadOnly("discard edits")
        try await global.withClient { client in
            try TerminalQuestion.require(yes: yes, question: "Discard the unpublished edits of \(deposition)?")
            try await client.discard(deposition)
            Console.out("Edits discarded; the published record is unchanged.")
        }
    }
}

struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract:
            "Delete a never-published draft with its files, a draft's file (--file NAME), or a published record within the server's grace period (--published).",
        discussion: """
            A published record can be deleted by its owner within the server's grace period (Zenodo: \
            30 days from publication) with --published --reason R; its DOI keeps resolving to a \
            tombstone. The deletion is confirmed by typing the record id or DOI, or --confirm ID off a \
            terminal. Past the window, make a new version instead.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument var deposition: Int
    @Option(help: "Delete only this file of the draft.") var file: String?
    @Flag(help: "Delete without asking.") var yes = false
    @Flag(help: "Delete the published record itself (within the server's grace period).") var published = false
    @Option(help: "With --published: why (\(RemovalReason.spelled)); the tombstone shows it.") var reason: String?
    @Option(help: "With --published: a comment for the server (25 characters or more).") var comment: String?
    @Option(help: "With --published: the record id or DOI, standing for the typed confirmation.") var confirm: String?
    @Flag(help: "Print JSON (with --published).") var json = false

    func run() async throws {
        try global.refuseIfReadOnly("delete")
        if published {
            guard file == nil else { throw ValidationError("--published deletes the whole record; drop --file") }
            try await global.withClient(json: json) { client in
                try await PublishedDeletion(
                    deposition: deposition, reason: reason, comment: comment, confirm: confirm, json: json
                ).run(client)
            }
            return
        }
        try await global.withClient { client in
            let current = try await client.deposition(deposition)
            if let file {
                guard let target = current.files.first(where: { $0.filename == file }) else {
                    throw ZenodoError(.notFound, "deposition \(deposition) has no file '\(file)'")
                }
                try TerminalQuestion.require(
                    yes: yes, question: "Delete \(file) (\(target.size) bytes) from draft \(deposition)?")
                try await client.deleteFile(target.id, of: deposition)
                Console.out("Deleted \(file).")
                return
            }
            guard current.state == .unsubmitted else {
                throw ZenodoError(
                    .refused,
                    "deposition \(deposition) is published: within the server's grace period its owner can delete it with --published --reason R (the DOI then shows a tombstone); otherwise only the server's support can (use discard to drop edits)"
                )
            }
            try TerminalQuestion.require(
                yes: yes,
                question:
                    "Delete draft \(deposition) '\(Console.safe(current.title))' and its \(current.files.count) file(s)? This cannot be undone."
            )
            try await client.deleteDraft(deposition)
            Console.out("Deleted draft \(deposition).")
        }
    }
}

/// Asks on a terminal; off a terminal, only `--yes` proceeds.
enum TerminalQuestion {
    static func require(yes: Bool, question: String) throws {
        if yes { return }
        guard Console.stdinIsTTY, Console.stdoutIsTTY else {
            throw ZenodoError(.refused, "\(question) Not on a terminal: pass --yes to confirm.")
        }
        Console.prompt("\(question) [y/N] ")
        let answer = readLine()?.trimming(.whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else { throw ExitCode(ExitCodes.error) }
    }
}
