import Foundation

/// Plants the demo data set: stub, replaced below.
struct DemoSeed {
    let store: DepositStore
    let owner: Int
    func plant(now: Date) async throws {}
}
