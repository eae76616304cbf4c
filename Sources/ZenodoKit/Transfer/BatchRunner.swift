import FoundationEssentials

/// How one file of a batch ended, either direction.
enum TransferOutcome: Sendable {
    /// Its MD5 confirmed: by the server (an upload) or here, before it took its name (a download).
    case verified(md5: String)
    /// Committed, but the server confirmed no checksum (`TransferEvent.arrived`).
    case arrived(md5: String)
    /// Not sent: it is already there (its MD5 when known).
    case skipped(reason: String, md5: String?)
    case failed(reason: String, kind: ZenodoError.Kind)
    /// Stopped with its batch, before it began or part-way.
    case stopped
}

/// What one attempt at a file brought: its MD5, and whether the other end confirmed it.
struct Transferred: Sendable {
    var md5: String
    var confirmed: Bool
}

/// What a direction (upload, download, and the kinds to come) brings to the one runner: its files,
/// one attempt at one of them, and its journal. Everything else (the queue, the retries, the
/// numbers, the events and their order) is the runner's, the same for every direction.
protocol TransferDirection: Sendable {
    associatedtype Item: Sendable
    var retry: RetryPolicy { get }
    var clock: RetryClock { get }
    /// The key events name the file by.
    func label(of item: Item) -> String
    func size(of item: Item) -> Int64
    /// Why no file of the batch can go (every one fails with it), or `nil`.
    func batchProblem(_ items: [Item]) -> String?
    /// A file's end before any attempt (skipped: already there; failed: cannot be written), or
    /// `nil` to send it.
    func before(_ item: Item) async -> TransferOutcome?
    /// One attempt; `progress` takes the bytes moved so far, `emit` what else the attempt tells.
    func attempt(
        _ item: Item, emit: @escaping @Sendable (TransferEvent) -> Void,
        progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> Transferred
    /// An attempt failed (an upload's 429 pauses every transfer of the batch).
    func attemptFailed(_ item: Item, _ error: ZenodoError) async
    /// Records how a file ended, in the journal.
    func record(_ item: Item, _ outcome: TransferOutcome) async
    /// The journal's moment to be written: after each end, and after the files not begun.
    func checkpoint() async
    /// How a stopped file is told: as failed with this reason (a download's partial copy is kept),
    /// or not at all (`nil`: an upload's file stays pending, for a resume).
    var stoppedReason: String? { get }
}

/// The one batch runner of every direction: the files queued, `parallel` at a time (`BatchQueue`),
/// each tried until it ends under one `RetryLoop` budget, counted by one `BatchTracker` with an
/// injected clock, journalled by its direction as it ends, and told as the one `TransferEvent`
/// vocabulary, in the same order whichever the direction.
struct BatchRunner<Direction: TransferDirection> {
    var direction: Direction
    var parallel: Int
    /// Seconds between two progress events of a file.
    var interval: Double
    var now: @Sendable () -> Double

    typealias Item = Direction.Item

    /// Runs the batch until every file has ended or the task is cancelled; returns its numbers.
    func run(_ items: [Item], emit: @escaping @Sendable (TransferEvent) -> Void) async -> BatchProgress {
        let direction = self.direction
        let tracker = BatchTracker(
            files: items.map { (direction.label(of: $0), direction.size(of: $0)) }, now: now, interval: interval)
        for item in items { emit(.queued(key: direction.label(of: item), size: direction.size(of: item))) }
        // A batch that cannot go fails every file at once, in words: nothing is moved to be thrown away.
        if !items.isEmpty, let problem = direction.batchProblem(items) {
            for item in items { await end(item, .failed(reason: problem, kind: .validation), tracker, emit) }
            await direction.checkpoint()
        } else {
            emit(.batch(tracker.snapshot()))
            await BatchQueue.run(items, parallel: parallel) { item in
                await Self.transfer(item, direction, tracker, emit)
            } ended: { item, outcome in
                await end(item, outcome, tracker, emit)
                await direction.checkpoint()
            } notBegun: { stopped in
                for item in stopped { await end(item, .stopped, tracker, emit) }
                await direction.checkpoint()
            }
        }
        let final = tracker.snapshot()
        emit(.finished(final))
        return final
    }

    /// One file: ended before it begins, or attempts until it is confirmed, fails or is stopped.
    private static func transfer(
        _ item: Item, _ direction: Direction, _ tracker: BatchTracker,
        _ emit: @escaping @Sendable (TransferEvent) -> Void
    ) async -> TransferOutcome {
        if let early = await direction.before(item) { return early }
        let label = direction.label(of: item)
        let loop = RetryLoop(policy: direction.retry, clock: direction.clock, stopsWhenAWaitIsInterrupted: true)
        do {
            let done = try await loop.run(
                failed: { error in
                    tracker.restart(label)
                    await direction.attemptFailed(item, error)
                },
                retryingAfter: { attempt, delay, error in
                    emit(
                        .retrying(
                            key: label, attempt: attempt, maxAttempts: direction.retry.maxAttempts, delay: delay,
                            reason: error.message))
                }
            ) { attempt in
                try Task.checkCancellation()
                emit(.started(key: label, attempt: attempt))
                return try await direction.attempt(item, emit: emit) { moved in
                    // The tracker tells a file's progress once per interval, not per chunk.
                    if let event = tracker.progress(label, sent: moved) {
                        emit(event)
                        emit(.batch(tracker.snapshot()))
                    }
                }
            }
            return done.confirmed ? .verified(md5: done.md5) : .arrived(md5: done.md5)
        } catch let error as ZenodoError where !Task.isCancelled {
            return .failed(reason: error.message, kind: error.kind)
        } catch {
            return .stopped
        }
    }

    /// A file's end: journalled, counted and told.
    private func end(
        _ item: Item, _ outcome: TransferOutcome, _ tracker: BatchTracker,
        _ emit: @escaping @Sendable (TransferEvent) -> Void
    ) async {
        let label = direction.label(of: item)
        await direction.record(item, outcome)
        switch outcome {
        case .verified(let md5):
            tracker.finish(label, as: .verified)
            emit(.verified(key: label, md5: md5))
        case .arrived(let md5):
            tracker.finish(label, as: .unverified)
            emit(.arrived(key: label, md5: md5))
        case .skipped(let reason, _):
            tracker.finish(label, as: .skipped)
            emit(.skipped(key: label, reason: reason))
        case .failed(let reason, _):
            tracker.finish(label, as: .failed)
            emit(.failed(key: label, reason: reason))
        case .stopped:
            guard let reason = direction.stoppedReason else { return }
            tracker.finish(label, as: .failed)
            emit(.failed(key: label, reason: reason))
        }
        emit(.batch(tracker.snapshot()))
    }
}
