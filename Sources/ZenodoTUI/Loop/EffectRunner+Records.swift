import Foundation
import Synchronization
import ZenodoKit

/// Find and fetch: the records search after a pause in typing, and downloads that resume a partial
/// file and are verified with their MD5 before they take their name.
extension EffectRunner {
    /// How long typing must pause before a search goes out.
    static let searchPause = Duration.milliseconds(300)

    func search(_ client: ZenodoClient, _ search: RecordSearch, generation: Int) {
        latestSearch.withLock { $0 = max($0, generation) }
        let inbox = self.inbox
        Task.detached {
            // A new query waits for a pause in typing; a further page of it goes at once.
            if search.page == 1 { try? await Task.sleep(for: Self.searchPause) }
            // Superseded while waiting: the newer query searches instead.
            guard self.latestSearch.withLock({ $0 }) == generation else { return }
            do {
                let page = try await client.searchRecords(
                    query: search.query, page: search.page, size: 25, sort: search.sort, filters: search.filters)
                inbox.send(.recordsFound(generation: generation, page, page: search.page))
            } catch {
                inbox.send(.recordsFailed(generation: generation, String(describing: error)))
            }
        }
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

    /// One file after another (a failed one does not stop the rest); each is cancelled when the
    /// interface quits, its partial copy kept for the next attempt. The batch is journalled like
    /// `zenodo-tui download`'s, so `download --resume` finishes what the interface left.
    func download(_ client: ZenodoClient, batch: Int, recordID: Int, files: [Record.File], directory: String) {
        let inbox = self.inbox
        let store = DownloadJournalStore(directories: ConfigDirectories(environment: environment))
        var journal = DownloadJournal(
            server: client.profile.apiURL, reference: "record \(recordID)", destination: directory,
            entries: files.compactMap { file in file.contentURL.map { DownloadJournal.Entry(key: file.key, url: $0, md5: file.md5, size: file.size) } })
        try? store.save(journal)
        let task = Task.detached {
            for file in files {
                let key = file.key
                // Stopped: the files not begun end too, so that nothing stays "running".
                guard !Task.isCancelled else {
                    inbox.send(.downloadEnded(recordID: recordID, key: key, .failed("stopped before it began; d fetches it")))
                    continue
                }
                guard let url = file.contentURL else {
                    inbox.send(.downloadEnded(recordID: recordID, key: key, .failed("the record gives no link for it")))
                    continue
                }
                let target = URL(fileURLWithPath: directory).appendingPathComponent(LocalName.forKey(key))
                let throttle = ProgressThrottle(interval: .milliseconds(100))
                let meter = Mutex(RateMeter())
                let clock = ContinuousClock.now
                do {
                    let md5 = try await client.download(url, to: target, expectedMD5: file.md5) { bytes in
                        let elapsed = (ContinuousClock.now - clock).components
                        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
                        let rate = meter.withLock { meter in
                            meter.add(bytes: bytes, at: seconds)
                            return meter.bytesPerSecond
                        }
                        if throttle.due() { inbox.send(.downloadProgress(recordID: recordID, key: key, bytes: bytes, rate: rate)) }
                    }
                    inbox.send(.downloadEnded(recordID: recordID, key: key, .verified(md5: md5)))
                    journal.mark(key, folder: "", verified: true)
                    try? store.save(journal)
                } catch {
                    let reason = (error as? ZenodoError)?.message ?? String(describing: error)
                    inbox.send(.downloadEnded(recordID: recordID, key: key, .failed(Task.isCancelled ? "stopped; d resumes it" : reason)))
                }
            }
            if journal.isFinished { store.remove(journal.id) }
            _ = self.downloadTasks.withLock { $0.removeValue(forKey: batch) }
        }
        downloadTasks.withLock { $0[batch] = task }
    }
}
