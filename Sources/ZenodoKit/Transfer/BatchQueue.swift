/// The one queue of a transfer batch, either direction: its items, `parallel` at a time, each
/// ended (journalled, counted, told) in the order the transfers end. When the batch is cancelled,
/// nothing more is started; the items not begun are handed to `notBegun` (an upload leaves them
/// pending for a resume; a download ends them as stopped).
enum BatchQueue {
    static func run<Item: Sendable, Outcome: Sendable>(
        _ items: [Item], parallel: Int, work: @escaping @Sendable (Item) async -> Outcome,
        ended: (Item, Outcome) async -> Void, notBegun: ([Item]) async -> Void = { _ in }
    ) async {
        var queue = items[...]
        await withTaskGroup(of: (Item, Outcome).self) { group in
            func startNext() {
                guard !Task.isCancelled, let item = queue.popFirst() else { return }
                group.addTask { (item, await work(item)) }
            }
            for _ in 0..<max(1, parallel) { startNext() }
            while let (item, outcome) = await group.next() {
                await ended(item, outcome)
                startNext()
            }
        }
        if !queue.isEmpty { await notBegun(Array(queue)) }
    }
}
