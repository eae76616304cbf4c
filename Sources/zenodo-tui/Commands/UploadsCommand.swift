import ArgumentParser
import Foundation
import TerminalKit
import UploadAgent
import ZenodoKit

/// `zenodo-tui uploads`: the batches that run in the background (and the finished, failed and
/// interrupted ones until they are dismissed).
struct UploadsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uploads",
        abstract: "List, follow, wait for and stop uploads running in the background.",
        discussion: """
            `upload --detach` and the interface hand uploads to the upload agent, a background zenodo-tui that keeps \
            sending when the terminal or the SSH session goes away, and exits by itself when it has nothing to do. \
            Its socket is in $XDG_RUNTIME_DIR/zenodo-tui (else $XDG_STATE_HOME/zenodo-tui/agent), its log is \
            $XDG_STATE_HOME/zenodo-tui/agent.log. To stop everything: `zenodo-tui uploads cancel --all`.
            """,
        subcommands: [
            UploadsList.self, UploadsAttach.self, UploadsWait.self, UploadsCancel.self, UploadsDismiss.self,
        ],
        defaultSubcommand: UploadsList.self)
}

/// What every `uploads` subcommand reads.
struct UploadsContext {
    let environment = ProcessInfo.processInfo.environment
    var journals: JournalStore { JournalStore(directories: ConfigDirectories(environment: environment)) }
    var agent: AgentClient { AgentClient(environment: environment) }
    func batches() -> [BatchSummary] { BatchListing.all(journals: journals, agent: agent) }
    func find(_ prefix: String) throws -> BatchSummary { try BatchListing.find(prefix, in: batches()) }
}

struct UploadsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List upload batches (the default).")

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let batches = UploadsContext().batches()
        if json {
            Console.out(String(decoding: JSONValue.array(batches.map(\.json)).encoded(pretty: true), as: UTF8.self))
            return
        }
        guard !batches.isEmpty else {
            Console.out("No uploads. Start one with `zenodo-tui upload --detach DEPOSITION FILE...` or in the interface.")
            return
        }
        Console.out("ID        STATUS       DEPOSITION  FILES              DONE")
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
        return String(batch.id.prefix(8)) + "  " + batch.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
            + "  " + String(batch.depositionID).padding(toLength: 10, withPad: " ", startingAt: 0) + "  "
            + files.padding(toLength: 17, withPad: " ", startingAt: 0) + "  " + done + title
    }
}

struct UploadsAttach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach", abstract: "Show a background upload's progress live; Ctrl-C detaches without stopping it.")

    @Argument(help: "The upload's id or its start (default: the only running one).")
    var id: String?

    @Flag(help: "Print events as NDJSON.")
    var json = false

    func run() async throws {
        let context = UploadsContext()
        let batch = try id.map(context.find) ?? Self.onlyRunning(context.batches())
        guard batch.status == .running else {
            Console.out(UploadsList.line(batch))
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
            Console.error("Detached. Upload \(batch.id.prefix(8)) goes on in the background: zenodo-tui uploads attach \(batch.id.prefix(8))")
        }
    }

    static func onlyRunning(_ batches: [BatchSummary]) throws -> BatchSummary {
        let running = batches.filter { $0.status == .running }
        guard running.count == 1 else {
            throw ZenodoError(
                running.isEmpty ? .notFound : .refused,
                running.isEmpty ? "no upload is running" : "\(running.count) uploads are running; name one (zenodo-tui uploads)")
        }
        return running[0]
    }
}

struct UploadsWait: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Wait for an upload to end; exit 0 only if every file is verified.")

    @Argument(help: "The upload's id or its start.")
    var id: String

    @Flag(help: "Print events as NDJSON while waiting.")
    var json = false

    func run() async throws {
        let context = UploadsContext()
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
                while JournalLock.isHeld(batch.id, in: context.journals) { try await Task.sleep(for: .milliseconds(200)) }
            }
            batch = try context.find(batch.id)
        }
        if let printer {
            // Standard output stays NDJSON: a batch that ended before we came is told by its
            // result's events, the line in words goes to standard error.
            if !followed { for event in batch.replay { printer.handle(event) } }
            Console.error(UploadsList.line(batch))
        } else {
            Console.out(UploadsList.line(batch))
        }
        switch batch.status {
        case .finished:
            // The result is shown: the journal has done its work.
            context.journals.remove(batch.id)
        case .failed:
            for file in batch.files where file.state == .failed {
                Console.error("FAILED    \(Console.safe(file.file.key)): \(Console.safe(file.error))")
            }
            Console.error("Retry the failed files with: zenodo-tui upload --resume \(batch.depositionID)")
            throw ExitCode(ExitCodes.error)
        case .interrupted:
            Console.error("Stopped before the end. Resume with: zenodo-tui upload --resume \(batch.depositionID)")
            throw ExitCode(ExitCodes.error)
        case .running:
            throw ExitCode(ExitCodes.error)
        }
    }
}

struct UploadsCancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Stop a background upload; it stays resumable (upload --resume).")

    @Argument(help: "The upload's id or its start.")
    var id: String?

    @Flag(help: "Stop every upload the agent runs.")
    var all = false

    func validate() throws {
        if (id == nil) == !all { throw ValidationError("give an upload id, or --all") }
    }

    func run() throws {
        let context = UploadsContext()
        let running = context.agent.list().filter { $0.status == .running }
        let targets = try all ? running : [context.find(id!)]
        for batch in targets {
            guard running.contains(where: { $0.id == batch.id }) else {
                throw ZenodoError(.refused, "upload \(batch.id.prefix(8)) is \(batch.status.rawValue), not running in the background")
            }
            let stopped = try context.agent.cancel(batch.id)
            Console.out(UploadsList.line(stopped ?? batch))
        }
        if targets.isEmpty { Console.out("No upload runs in the background.") }
    }
}

struct UploadsDismiss: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dismiss", abstract: "Forget an upload that is not running (its journal is removed).")

    @Argument(help: "The upload's id or its start.")
    var id: String?

    @Flag(help: "Forget every finished upload.")
    var finished = false

    func validate() throws {
        if (id == nil) == !finished { throw ValidationError("give an upload id, or --finished") }
    }

    func run() throws {
        let context = UploadsContext()
        let targets = try finished ? context.batches().filter { $0.status == .finished } : [context.find(id!)]
        for batch in targets {
            guard batch.status != .running else {
                throw ZenodoError(.refused, "upload \(batch.id.prefix(8)) is running; stop it first (zenodo-tui uploads cancel)")
            }
            context.journals.remove(batch.id)
            Console.out("dismissed \(batch.id.prefix(8))")
        }
    }
}

/// The task that follows a batch, stoppable from a signal handler even before it exists.
private final class Following: @unchecked Sendable {
    private let lock = NSLock()
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
