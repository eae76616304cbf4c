import FoundationEssentials
import ZenodoKit

extension EffectRunner {
    /// Listing a ZIP on the server and fetching its members: each in its own task (never on the
    /// loop), answering with one message.
    func performArchive(_ effect: Effect) {
        guard let client else { return }
        let inbox = self.inbox
        Task.detached {
            switch effect {
            case .listArchive(let recordID, let key, let url, let size):
                do {
                    let listing = try await client.zipListing(url, size: size)
                    inbox.send(.archiveListed(recordID: recordID, key: key, listing))
                } catch {
                    inbox.send(.archiveFailed(recordID: recordID, key: key, String(describing: error)))
                }
            case .fetchMembers(let recordID, let key, let url, let size, let entries, let destination):
                var fetched: [FetchedMember] = []
                var failed: [String] = []
                let into = URL(fileURLWithPath: destination, isDirectory: true)
                do {
                    try FileManager.default.createDirectory(at: into, withIntermediateDirectories: true)
                    for entry in entries {
                        do {
                            fetched.append(try await client.fetchMember(url, size: size, entry: entry, into: into))
                        } catch {
                            failed.append("\(entry.name): \(error)")
                        }
                    }
                } catch {
                    failed = entries.map { "\($0.name): cannot make \(destination): \(error)" }
                }
                inbox.send(.membersFetched(recordID: recordID, key: key, fetched: fetched, failed: failed))
            default:
                break
            }
        }
    }
}
