import EssentialsExtras
import FoundationEssentials
import Synchronization
import TransferAgent
import ZenodoKit

/// Find and fetch: the records search after a pause in typing, and downloads that resume a partial
/// file and are verified with their MD5 before they take their name.
extension EffectRunner {
    /// How long typing must pause before a search goes out, unless told otherwise.
    public static let defaultSearchPause = Duration.milliseconds(300)

    /// Zenodo allows 30 searches a minute (row B10): the client waits for the search window when
    /// the last answer said it is spent, and a query typed meanwhile cancels the one waiting.
    func search(_ client: ZenodoClient, _ search: RecordSearch, generation: Int) {
        latestSearch.withLock { $0 = max($0, generation) }
        let inbox = self.inbox
        let pause = searchPause
        let task = Task.detached {
            // A new query waits for a pause in typing; a further page of it goes at once.
            if search.page == 1 { try? await Task.sleep(for: pause) }
            // Superseded while waiting: the newer query searches instead.
            guard self.latestSearch.withLock({ $0 }) == generation, !Task.isCancelled else { return }
            do {
                let page = try await client.searchRecords(
                    query: search.sentQuery, page: search.page, size: 25, sort: search.sort, filters: search.filters)
                inbox.send(.recordsFound(generation: generation, page, page: search.page))
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                inbox.send(.recordsFailed(generation: generation, String(describing: error)))
            }
        }
        let previous = searchTask.withLock { current -> Task<Void, Never>? in
            defer { current = task }
            return current
        }
        // A further page of the same query does not cancel the first; a new query does.
        if search.page == 1 { previous?.cancel() }
    }

    func loadRecord(_ client: ZenodoClient, _ id: Int) {
        let inbox = self.inbox
        Task.detached {
            do {
                inbox.send(.recordLoaded(try await client.record(id)))
            } catch {
                inbox.send(.recordFailed(id, String(describing: error)))
            }
        }
    }

    func loadRecordVersions(_ client: ZenodoClient, _ id: Int) {
        let inbox = self.inbox
        Task.detached {
            do {
                inbox.send(.recordVersionsLoaded(recordID: id, try await client.recordVersions(id)))
            } catch {
                inbox.send(.recordVersionsFailed(recordID: id, String(describing: error)))
            }
        }
    }

    /// A batch of a record's files, journalled like `zenodo-tui download`'s: handed to the
    /// background agent when there is one (it goes on when the interface quits or the connection
    /// drops), else run here by the same runner (stopped when the interface quits, the partial
    /// copies kept for `d` or `download --resume`). Nothing of it runs on the loop's thread: the
    /// journal is saved, the agent started (seconds, when it is not running) and the batch run or
    /// followed in one task, registered at once under the batch number `update` minted, so a
    /// cancel that comes before the hand-over is not lost.
    func download(
        _ client: ZenodoClient, batch: Int, recordID: Int, title: String, files: [Record.File], directory: String
    ) {
        let inbox = self.inbox
        let environment = self.environment
        downloads.run(batch) {
            let store = DownloadJournalStore(directories: ConfigDirectories(environment: environment))
            let journal = DownloadJournal(
                server: client.profile.apiURL, reference: "record \(recordID)", destination: directory,
                entries: files.compactMap { file in
                    file.contentURL.map {
                        DownloadJournal.Entry(key: file.key, url: $0, md5: file.md5, size: file.size)
                    }
                },
                recordID: recordID, title: title)
            self.downloads.own(batch, journalID: journal.id)
            for file in files where file.contentURL == nil {
                inbox.send(
                    .downloadEvent(batch: batch, .failed(key: file.key, reason: "the record gives no link for it")))
            }
            try? store.save(journal)
            await self.start(client, journal: journal, store: store, batch: batch)
        }
    }

    /// Resumes an interrupted download batch from its journal (the queue's `R`): its unverified
    /// files, and verified ones gone from the destination, as the runner will see them.
    func resumeDownload(_ client: ZenodoClient, journalID: String, batch: Int) {
        let inbox = self.inbox
        let environment = self.environment
        downloads.run(batch) {
            let store = DownloadJournalStore(directories: ConfigDirectories(environment: environment))
            guard let stored = try? store.load(journalID) else {
                inbox.send(.resumeFailed(journalID: journalID, "its journal cannot be read"))
                return
            }
            self.downloads.own(batch, journalID: journalID)
            let journal = DownloadRunner.reconciled(stored)
            inbox.send(.downloadResumed(batch: batch, journal: journal))
            await self.start(client, journal: journal, store: store, batch: batch)
        }
    }

    /// Hands the batch to the agent when there is one (said when it cannot take it), else runs it
    /// here. The hand-over blocks (it may start the agent and wait for it), so it runs on a thread
    /// of its own, not on the loop's and not on the cooperative pool's.
    private func start(_ client: ZenodoClient, journal: DownloadJournal, store: DownloadJournalStore, batch: Int) async
    {
        if let agent, downloads.beginHandover(batch) {
            let handover = fetchHandover(client, journal: journal, store: store)
            let handing = Task.detached { try await Self.onOwnThread { try agent.fetch(handover) } }
            handovers.withLock { $0[batch] = handing }
            defer { _ = handovers.withLock { $0.removeValue(forKey: batch) } }
            do {
                let id = try await handing.value
                // Stopped while the agent was being started: the batch is stopped there too, and
                // followed still, so that its files are seen to stop.
                if downloads.handedOver(batch, id: id) { _ = try? agent.cancel(id) }
                await watch(agent: agent, id: id, batch: batch)
                return
            } catch {
                inbox.send(.backgroundUnavailable(String(describing: error)))
                downloads.runsHere(batch)
            }
        }
        let inbox = self.inbox
        let runner = DownloadRunner(client: client, store: store, parallel: budget.parallel, retry: budget.retry)
        await runner.run(journal) { event in
            inbox.send(Self.downloadMessage(event, batch: batch))
        }
    }

    /// What the agent gets for a download batch: the budget this interface would run it with
    /// (parallelism, retries), so that it runs the same way there.
    func fetchHandover(_ client: ZenodoClient, journal: DownloadJournal, store: DownloadJournalStore) -> FetchHandover {
        FetchHandover(
            profile: client.profile, credentials: client.credentials, environment: environment, journal: journal,
            store: store,
            budget: budget)
    }

    /// Runs blocking work on a thread of its own and waits for it without holding a thread of the
    /// cooperative pool (two cores: a blocked pool thread is half of it).
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            PlainThread.detach { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Passes the agent's events for a download batch to the interface until it ends or we quit.
    func followDownload(agent: AgentClient, id: String, batch: Int) {
        downloads.follow(batch, id: id) { await self.watch(agent: agent, id: id, batch: batch) }
    }

    /// The agent's events for the batch, as messages, until it ends or the task is cancelled.
    private func watch(agent: AgentClient, id: String, batch: Int) async {
        let inbox = self.inbox
        do {
            for try await event in try agent.watch(id) {
                inbox.send(Self.downloadMessage(event, batch: batch))
            }
        } catch {
            guard !Task.isCancelled else { return }
            let journal = try? DownloadJournalStore(directories: ConfigDirectories(environment: self.environment)).load(
                id)
            inbox.send(
                .downloadBatchLost(
                    batch: batch, journal: journal, reason: "the background agent stopped; R in the queue resumes"))
        }
    }

    /// A runner's event as the interface's message: every event, folded there as everywhere else; a
    /// file stopped with its batch says how it goes on.
    static func downloadMessage(_ event: TransferEvent, batch: Int) -> Message {
        if case .failed(let key, DownloadRunner.stopped) = event {
            return .downloadEvent(batch: batch, .failed(key: key, reason: "stopped; d resumes it"))
        }
        return .downloadEvent(batch: batch, event)
    }
}
