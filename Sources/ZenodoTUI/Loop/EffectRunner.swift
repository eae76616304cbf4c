import EssentialsExtras
import FoundationEssentials
import Synchronization
import TransferAgent
import ZenodoKit

/// Performs effects off the loop (HTTP through ZenodoKit, file system, the upload engine) and
/// reports back through the inbox. The only part of ZenodoTUI besides the loop that does I/O.
public final class EffectRunner: Sendable {
    let client: ZenodoClient?
    let journals: JournalStore
    let inbox: Inbox
    let budget: TransferBudget
    /// The background transfer agent, which runs batches so that they outlive this interface;
    /// `nil` runs them in this process.
    let agent: AgentClient?
    /// The user's environment, for what a hand-over carries (proxies).
    let environment: [String: String]
    /// The waits before the client's retries, which `r` and `Esc` cut short.
    let retryGate: RetryGate?
    /// Running upload batches, by the interface's batch number, and where they run.
    let uploads = TransferBatches()
    /// Stop requests sent to the agent: quitting waits for them.
    let stops = Mutex<[Task<Void, Never>]>([])
    /// The list load under way.
    let listLoad = Mutex<Task<Void, Never>?>(nil)
    /// Running download batches, by the interface's batch number, and where they run.
    let downloads = TransferBatches()
    /// Hand-overs of download batches to the agent under way, by batch number: quitting waits for
    /// them, so a batch handed over just before `q` goes on in the agent.
    let handovers = Mutex<[Int: Task<String, any Error>]>([:])
    /// The newest records search asked for: an older one still waiting for its pause is dropped.
    let latestSearch = Mutex(0)
    /// The search under way (waiting for its pause, for the search window, or for its answer):
    /// cancelled when a newer query replaces it, so a superseded query is never sent.
    let searchTask = Mutex<Task<Void, Never>?>(nil)
    /// The newest vocabulary lookup asked for (`Features/Lookup`): an older one is not sent.
    let latestLookup = Mutex("")
    /// How long typing must pause before a search goes out.
    let searchPause: Duration

    public init(
        client: ZenodoClient?, journals: JournalStore, inbox: Inbox, budget: TransferBudget = .init(),
        agent: AgentClient? = nil, environment: [String: String] = [:], retryGate: RetryGate? = nil,
        searchPause: Duration = EffectRunner.defaultSearchPause
    ) {
        self.searchPause = searchPause
        self.retryGate = retryGate
        self.client = client
        self.journals = journals
        self.inbox = inbox
        self.budget = budget
        self.agent = agent
        self.environment = environment
    }

    /// What the agent runs for this server and what earlier runs left unfinished: file and socket
    /// I/O, so never on the loop's thread.
    func findTransfers(_ client: ZenodoClient) -> TransfersFound {
        var found = TransfersFound()
        let server = client.profile.apiURL
        let downloads = DownloadJournalStore(directories: ConfigDirectories(environment: environment)).unfinished(
            server: server)
        var inAgent: Set<String> = []
        if let agent {
            let live = agent.list()
            let running = Set(live.filter { $0.status == .running }.map(\.id))
            found.uploads = BatchListing.all(journals: journals, agent: agent).filter { summary in
                guard summary.server == server else { return false }
                switch summary.status {
                case .running: return running.contains(summary.id)
                case .finished, .failed: return true
                case .interrupted: return false
                }
            }
            let runningDownloads = Set(
                live.filter { $0.kind == .download && $0.status == .running && $0.server == server }.map(\.id))
            found.downloads = downloads.journals.filter { runningDownloads.contains($0.id) }
            inAgent = runningDownloads
        }
        found.resumableUploads = journals.interrupted(server: server)
        found.resumableDownloads = downloads.journals.filter { !inAgent.contains($0.id) }
        // A batch this interface began meanwhile (its journal saved, or the agent given it while
        // this look was under way) is shown by its own messages: not found again, not offered to resume.
        let ours = { (id: String) in self.uploads.owns(id) || self.downloads.owns(id) }
        found.uploads.removeAll { ours($0.id) }
        found.downloads.removeAll { ours($0.id) }
        found.resumableUploads.removeAll { ours($0.id) }
        found.resumableDownloads.removeAll { ours($0.id) }
        return found
    }

    public func perform(_ effect: Effect) {
        let inbox = self.inbox
        switch effect {
        case .loadDepositions(let generation):
            guard let client else { return }
            let task = Task.detached {
                var first = true
                do {
                    for try await page in client.depositionPages(DepositionQuery(sort: "mostrecent")) {
                        try Task.checkCancellation()
                        // The list keeps summaries; a deposition is read in full when opened.
                        inbox.send(
                            .depositionsLoaded(
                                page.map { $0.summary() }, first: first, done: false, generation: generation))
                        first = false
                    }
                    inbox.send(.depositionsLoaded([], first: first, done: true, generation: generation))
                } catch is CancellationError {
                    // A newer load took over.
                } catch {
                    inbox.send(.depositionsFailed(String(describing: error), generation: generation))
                }
            }
            // One load at a time: a newer one stops the older.
            listLoad.withLock { previous in
                previous?.cancel()
                previous = task
            }
        case .loadDeposition(let id):
            guard let client else { return }
            Task.detached {
                do {
                    let deposition = try await client.deposition(id)
                    inbox.send(.depositionLoaded(deposition))
                    // Then its use, from the public record (one more request, only when published).
                    if let stats = await client.stats(of: deposition) {
                        inbox.send(.statsLoaded(depositionID: id, stats))
                    }
                } catch {
                    inbox.send(.depositionFailed(id, String(describing: error)))
                }
            }
        case .listDirectory(let path):
            Task.detached { inbox.send(Self.list(path)) }
        case .makeDirectory(let path):
            Task.detached {
                do {
                    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                    inbox.send(Self.list(path))
                } catch {
                    let reason =
                        FileManager.default.fileExists(atPath: path)
                        ? "is already there" : "cannot be made (\(ErrorText.describe(error)))"
                    inbox.send(.directoryFailed(path, reason))
                }
            }
        case .completePath(let prefix):
            Task.detached { inbox.send(.completionsFound(prefix: prefix, Self.completions(prefix))) }
        case .upload(let batch, let depositionID, let paths, let includeJunk, let pack, let raiseQuotaTo):
            guard let client else { return }
            uploads.run(batch) {
                await self.startUpload(
                    client, depositionID: depositionID, paths: paths, includeJunk: includeJunk, pack: pack,
                    raiseQuotaTo: raiseQuotaTo, batch: batch)
            }
        case .planUpload(let batch, let depositionID, let paths, let includeJunk, let pack):
            guard let client else { return }
            Task.detached {
                await self.planUpload(
                    client, depositionID: depositionID, paths: paths, includeJunk: includeJunk, pack: pack, batch: batch
                )
            }
        case .resumeUpload(let journalID, let batch):
            guard let client else { return }
            uploads.run(batch) { await self.resume(client, journalID: journalID, batch: batch) }
        case .cancelUpload(let batch):
            let inAgent = uploads.stop([batch])
            if let agent, !inAgent.isEmpty {
                // The watcher's task goes on: it receives the batch's end.
                let stop = Task.detached { for id in inAgent { _ = try? agent.cancel(id) } }
                stops.withLock { $0.append(stop) }
            }
        case .restoreTransfers:
            guard let client else { return }
            Task.detached {
                let found = (try? await Self.onOwnThread { self.findTransfers(client) }) ?? TransfersFound()
                inbox.send(.transfersFound(found))
            }
        case .followUpload(let batch, let journalID):
            guard let agent else { return }
            follow(agent: agent, id: journalID, batch: batch)
        case .followDownload(let batch, let journalID):
            guard let agent else { return }
            followDownload(agent: agent, id: journalID, batch: batch)
        case .dismissUpload(_, let journalID):
            if let journalID { journals.remove(journalID) }
        case .createDeposition, .saveMetadata, .checkLegacyLoss, .importMetadata, .loadLicenses, .checkPublish,
            .publish, .startEdit, .discard,
            .setFilesEnabled, .deleteDraft, .deleteFile, .newVersion, .prepareNewVersion, .loadVersions, .unlockFiles,
            .deleteRecord:
            performPublishing(effect)
        case .searchRecords(let search, let generation):
            guard let client else { return }
            self.search(client, search, generation: generation)
        case .listArchive, .fetchMembers:
            performArchive(effect)
        case .sharing(let sharing):
            performSharing(sharing)
        case .copy(let copy):
            performCopy(copy)
        case .lookup(let lookup):
            performLookup(lookup)
        case .copyToClipboard:
            break  // the loop's: it owns the terminal
        case .loadReview, .searchCommunities, .submitToCommunity, .cancelReview, .includeInCommunity, .loadReviews,
            .commentOnReview:
            performCommunity(effect)
        case .loadRecord(let id):
            guard let client else { return }
            loadRecord(client, id)
        case .loadRecordVersions(let id):
            guard let client else { return }
            loadRecordVersions(client, id)
        case .download(let batch, let recordID, let title, let files, let directory):
            guard let client else { return }
            download(client, batch: batch, recordID: recordID, title: title, files: files, directory: directory)
        case .resumeDownload(let journalID, let batch):
            guard let client else { return }
            resumeDownload(client, journalID: journalID, batch: batch)
        case .checkDestination(let recordID, let path, let bytes):
            // The runner's own check, said at the choice rather than per file once it runs; off
            // the loop (a slow or hung file system must not freeze the screen).
            Task.detached {
                let check = DownloadDestination.check(path, bytes: bytes)
                let exists = FileManager.default.fileExists(atPath: path)
                inbox.send(
                    .destinationChecked(
                        recordID: recordID, path: path, exists: exists, problem: check.problem, free: check.free))
            }
        case .cancelDownloads(let batches):
            let inAgent = downloads.stop(batches)
            if let agent, !inAgent.isEmpty {
                // The watchers go on: they receive each file's end and the batch's.
                Task.detached { for id in inAgent { _ = try? agent.cancel(id) } }
            }
        case .retryNow:
            retryGate?.retryNow()
        case .stopRetrying:
            retryGate?.stop()
        case .quit:
            break
        }
    }

    /// Cancels every transfer running in this process and waits for them to write their journals;
    /// watchers of the agent's batches hang up (the batches go on), stop requests complete.
    public func shutdown() async {
        for handover in handovers.withLock({ Array($0.values) }) { _ = try? await handover.value }
        for stop in stops.withLock({ $0 }) { await stop.value }
        await uploads.endHere()
        // Downloads run here stop (their partial copies and journals stay for `R` or
        // `download --resume`); followers of the agent's hang up, the batches go on there.
        await downloads.endHere()
    }

    static func list(_ path: String) -> Message {
        let fm = FileManager.default
        do {
            let names = try fm.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }
            // What the directory's own .zenodoignore leaves out when it is chosen, with the line.
            let ignore =
                (try? String(
                    contentsOfFile: PathText.appending(path, FileSelection.ignoreFileName),
                    encoding: .utf8))
                .map { FileSelection(includeJunk: true, ignoreFile: $0) }
            var entries: [PickerState.Entry] = []
            for name in names {
                let full = PathText.appending(path, name)
                var isDirectory: Bool = false
                guard fm.fileExists(atPath: full, isDirectory: &isDirectory) else { continue }
                let size = ((try? fm.attributesOfItem(atPath: full))?[.size] as? UInt).map(Int64.init) ?? 0
                entries.append(
                    PickerState.Entry(
                        name: name, isDirectory: isDirectory, size: size,
                        ignored: ignore?.reasonLeftOut(name, isDirectory: isDirectory)))
            }
            entries.sort {
                ($0.isDirectory ? 0 : 1, $0.name.lowercased()) < ($1.isDirectory ? 0 : 1, $1.name.lowercased())
            }
            return .directoryListed(path, entries)
        } catch {
            return .directoryFailed(path, "cannot be read")
        }
    }

    static func completions(_ prefix: String) -> [String] {
        let directory = prefix.hasSuffix("/") ? prefix : (prefix.contains("/") ? PathText.parent(of: prefix) : "")
        let partial = prefix.hasSuffix("/") ? "" : PathText.lastComponent(prefix)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        return names.filter { $0.hasPrefix(partial) && (!$0.hasPrefix(".") || partial.hasPrefix(".")) }.sorted().map {
            name in
            let full = PathText.appending(directory, name)
            var isDirectory: Bool = false
            FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            return isDirectory ? full + "/" : full
        }
    }
}
