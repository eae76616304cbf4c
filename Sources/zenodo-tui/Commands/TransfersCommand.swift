import ArgumentParser
import EssentialsExtras
import FoundationEssentials
import Glibc
import TerminalKit
import TransferAgent
import ZenodoKit

/// `zenodo-tui transfers` (`uploads` is an alias): the batches of both directions that run in the
/// background (and the finished, failed and interrupted ones until they are dismissed or resumed).
struct TransfersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfers",
        abstract: "List, follow, wait for and stop uploads and downloads running in the background.",
        discussion: """
            `upload --detach` and the interface hand transfers to the agent, a background zenodo-tui that keeps \
            sending and fetching when the terminal or the SSH session goes away, and exits by itself when it has \
            nothing to do. Its socket is in $XDG_RUNTIME_DIR/zenodo-tui (else $XDG_STATE_HOME/zenodo-tui/agent), \
            its log is $XDG_STATE_HOME/zenodo-tui/agent.log. To stop everything: `zenodo-tui transfers cancel --all`. \
            `zenodo-tui transfers` is the same command, by its old name.
            """,
        subcommands: [
            TransfersList.self, TransfersAttach.self, TransfersWait.self, TransfersCancel.self, TransfersDismiss.self,
        ],
        defaultSubcommand: TransfersList.self,
        aliases: ["uploads"])
}

/// What every `transfers` subcommand reads.
struct TransfersContext {
    let environment = ProcessInfo.processInfo.environment
    /// The journals of both directions.
    var stores: TransferJournals { TransferJournals(directories: ConfigDirectories(environment: environment)) }
    var journals: JournalStore { stores.uploads }
    var downloads: DownloadJournalStore { stores.downloads }
    var agent: AgentClient { AgentClient(environment: environment) }
    func batches() -> [BatchSummary] { BatchListing.all(stores, agent: agent) }
    func find(_ prefix: String) throws -> BatchSummary { try BatchListing.find(prefix, in: batches()) }
}

struct TransfersList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the batches of both directions (the default).")

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let batches = TransfersContext().batches()
        if json {
            Console.out(String(decoding: JSONValue.array(batches.map(\.json)).encoded(pretty: true), as: UTF8.self))
            return
        }
        guard !batches.isEmpty else {
            Console.out(
                "No transfers. Start one with `zenodo-tui upload --detach DEPOSITION FILE...` or in the interface.")
            return
        }
        Console.out("ID        KIND      STATUS       DEPOSITION  FILES              DONE")
        for batch in batches { Console.out(Self.line(batch)) }
    }

    static func line(_ batch: BatchSummary) -> String {
        let p = batch.progress
        let files = "\(p.verified + p.skipped)/\(p.files) verified" + (p.failed > 0 ? ", \(p.failed) failed" : "")
        var done = "\(ByteFormat.string(p.doneBytes)) of \(ByteFormat.string(p.totalBytes))"
        if batch.status == .running, p.rate > 0 {
            done += ", \(ByteFormat.string(Int64(p.rate)))/s, ETA \(ProgressText.duration(p.eta))"
        }
        let title = batch.title.isEmpty ? "" : "  " + Console.safe(batch.title)
        return String(batch.id.prefix(8)) + "  " + batch.kind.rawValue.padded(to: 8)
            + "  "
            + batch.status.rawValue.padded(to: 11)
            + "  " + String(batch.depositionID).padded(to: 10) + "  "
            + files.padded(to: 17) + "  " + done + title
    }
}

struct TransfersAttach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Show a background transfer's progress live; Ctrl-C detaches without stopping it.")

    @Argument(help: "The batch's id or its start (default: the only running one).")
    var id: String?

    @Flag(help: "Print events as NDJSON.")
    var json = false

    func run() async throws {
        let context = TransfersContext()
        let batch = try id.map(context.find) ?? Self.onlyRunning(context.batches())
        guard batch.status == .running else {
            Console.out(TransfersList.line(batch))
            return
        }
        let printer = ProgressPrinter(json: json)
        let following = Following()
        // Installed before anything is shown, so that an early Ctrl-C detaches too.
        let watcher = SignalWatcher([SIGINT, SIGTERM, SIGHUP]) { _ in following.stop() }
        defer { watcher.stop() }
        let stream = try context.agent.watch(batch.id)
        let task = Task {
            for try await event in stream { printer.handle(event) }
        }
        following.set(task)
        do {
            try await task.value
        } catch {
            // Hanging up may end the stream with an error; after a signal that is the detach.
            if watcher.received == nil { throw error }
        }
        if watcher.received != nil {
            Console.error(
                "Detached. The \(batch.kind.rawValue) \(batch.id.prefix(8)) goes on in the background: zenodo-tui transfers attach \(batch.id.prefix(8))"
            )
        }
    }

    static func onlyRunning(_ batches: [BatchSummary]) throws -> BatchSummary {
        let running = batches.filter { $0.status == .running }
        guard running.count == 1 else {
            throw ZenodoError(
                running.isEmpty ? .notFound : .refused,
                running.isEmpty
                    ? "no transfer is running"
                    : "\(running.count) transfers are running; name one (zenodo-tui transfers)")
        }
        return running[0]
    }
}

struct TransfersWait: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Wait for a transfer to end; exit 0 only if every file is verified.")

    @Argument(help: "The batch's id or its start.")
    var id: String

    @Flag(help: "Print events as NDJSON while waiting.")
    var json = false

    func run() async throws {
        let context = TransfersContext()
        var batch = try context.find(id)
        let printer = json ? ProgressPrinter(json: true) : nil
        var followed = false
        if batch.status == .running {
            if context.agent.list().contains(where: { $0.id == batch.id }) {
                followed = true
                do {
                    for try await event in try context.agent.watch(batch.id) { printer?.handle(event) }
                } catch {
                    // The agent went away (killed): the journal says where the batch stopped.
                    Console.error("zenodo-tui: \(error)")
                }
            } else {
                // A foreground `upload` runs it: its lock goes when it ends.
                while JournalLock.isHeld(batch.id, in: context.journals) {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            batch = try context.find(batch.id)
        }
        if let printer {
            // Standard output stays NDJSON: a batch that ended before we came is told by its
            // result's events, the line in words goes to standard error.
            if !followed { for event in batch.replay { printer.handle(event) } }
            Console.error(TransfersList.line(batch))
        } else {
            Console.out(TransfersList.line(batch))
        }
        switch batch.status {
        case .finished:
            // The result is shown: the journal has done its work.
            context.journals.remove(batch.id)
        case .failed:
            for file in batch.files where file.state == .failed {
                Console.error("FAILED    \(Console.safe(file.key)): \(Console.safe(file.error))")
            }
            Console.error("Retry the failed files with: \(Self.resume(batch))")
            throw ExitCode(ExitCodes.error)
        case .interrupted:
            Console.error("Stopped before the end. Resume with: \(Self.resume(batch))")
            throw ExitCode(ExitCodes.error)
        case .running:
            throw ExitCode(ExitCodes.error)
        }
    }
}

extension TransfersWait {
    /// The command that continues the batch, by its direction.
    static func resume(_ batch: BatchSummary) -> String {
        batch.kind == .download ? "zenodo-tui download --resume" : "zenodo-tui upload --resume \(batch.depositionID)"
    }
}

struct TransfersCancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Stop a background transfer; it stays resumable (upload --resume, download --resume).")

    @Argument(help: "The batch's id or its start.")
    var id: String?

    @Flag(help: "Stop every transfer the agent runs, uploads and downloads (it says how many of each).")
    var all = false

    func validate() throws {
        if (id == nil) == !all { throw ValidationError("give a batch id, or --all") }
    }

    func run() throws {
        let context = TransfersContext()
        let running = context.agent.list().filter { $0.status == .running }
        let targets = try all ? running : [context.find(id!)]
        for batch in targets {
            guard running.contains(where: { $0.id == batch.id }) else {
                throw ZenodoError(
                    .refused,
                    "\(batch.kind.rawValue) \(batch.id.prefix(8)) is \(batch.status.rawValue), not running in the background"
                )
            }
            let stopped = try context.agent.cancel(batch.id)
            Console.out(TransfersList.line(stopped ?? batch))
        }
        if all { Console.out(Self.said(targets)) }
    }

    /// What `--all` stopped, by direction, and how each resumes.
    static func said(_ stopped: [BatchSummary]) -> String {
        let uploads = stopped.filter { $0.kind == .upload }.count
        let downloads = stopped.count - uploads
        guard !stopped.isEmpty else { return "No transfer runs in the background: nothing stopped." }
        var parts: [String] = []
        if uploads > 0 { parts.append("\(uploads) upload\(uploads == 1 ? "" : "s") (zenodo-tui upload --resume)") }
        if downloads > 0 {
            parts.append("\(downloads) download\(downloads == 1 ? "" : "s") (zenodo-tui download --resume)")
        }
        return "Stopped " + parts.joined(separator: " and ") + "; they stay resumable."
    }
}

struct TransfersDismiss: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dismiss", abstract: "Forget a transfer that is not running (its journal is removed).")

    @Argument(help: "The batch's id or its start.")
    var id: String?

    @Flag(help: "Forget every finished transfer.")
    var finished = false

    func validate() throws {
        if (id == nil) == !finished { throw ValidationError("give a batch id, or --finished") }
    }

    func run() throws {
        let context = TransfersContext()
        let targets = try finished ? context.batches().filter { $0.status == .finished } : [context.find(id!)]
        for batch in targets {
            guard batch.status != .running else {
                throw ZenodoError(
                    .refused,
                    "\(batch.kind.rawValue) \(batch.id.prefix(8)) is running; stop it first (zenodo-tui transfers cancel)"
                )
            }
            if batch.kind == .download { context.downloads.remove(batch.id) } else { context.journals.remove(batch.id) }
            Console.out("dismissed \(batch.id.prefix(8))")
        }
    }
}

/// The task that follows a batch, stoppable from a signal handler even before it exists.
private final class Following: @unchecked Sendable {
    private let lock = PlainLock()
    private var task: Task<Void, any Error>?
    private var stopped = false

    func set(_ task: Task<Void, any Error>) {
        lock.withLock {
            self.task = task
            if stopped { task.cancel() }
        }
    }

    func stop() {
        lock.withLock {
            stopped = true
            task?.cancel()
        }
    }
}
