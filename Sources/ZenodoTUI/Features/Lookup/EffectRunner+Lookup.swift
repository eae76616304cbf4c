import FoundationEssentials
import Synchronization
import ZenodoKit

extension EffectRunner {
    /// A vocabulary search after a pause in typing; superseded while waiting, it is not sent.
    func performLookup(_ effect: LookupEffect) {
        guard let client else { return }
        let inbox = self.inbox
        let pause = searchPause
        switch effect {
        case .search(let kind, let query):
            latestLookup.withLock { $0 = query }
            Task.detached {
                try? await Task.sleep(for: pause)
                guard self.latestLookup.withLock({ $0 }) == query else { return }
                do {
                    inbox.send(.lookup(.found(kind, query: query, try await client.lookup(kind, query, size: 20))))
                } catch {
                    inbox.send(.lookup(.failed(query: query, String(describing: error))))
                }
            }
        }
    }
}
