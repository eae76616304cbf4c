import FoundationEssentials
import ZenodoKit

extension EffectRunner {
    func performCopy(_ effect: CopyEffect) {
        guard let client else { return }
        let inbox = self.inbox
        Task.detached {
            switch effect {
            case .fetch(let id, let format):
                do {
                    inbox.send(.copy(.fetched(recordID: id, format, try await client.exportedRecord(id, as: format))))
                } catch {
                    inbox.send(.copy(.failed(recordID: id, String(describing: error))))
                }
            case .reserve(let id):
                do {
                    inbox.send(.copy(.reserved(depositionID: id, doi: try await client.reserveDOI(id))))
                } catch {
                    inbox.send(.copy(.failed(recordID: id, String(describing: error))))
                }
            }
        }
    }
}
