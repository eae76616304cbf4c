import Foundation
import Synchronization
import TestScratch
import Testing

@testable import ZenodoKit

/// The one runner of every direction, driven by a scripted direction: the order of its events,
/// what a retry, a skip, a failure and a stop are told as, and what the journal hears.
@Suite struct BatchRunnerTests {
    /// A direction whose files end as their scripts say: each attempt takes the next step.
    struct Scripted: TransferDirection {
        enum Step: Sendable {
            case succeed(md5: String, confirmed: Bool)
            case fail(ZenodoError)
            /// Waits until the test lets it go (or the task is cancelled).
            case hang
        }
        struct File: Sendable {
            var key: String
            var size: Int64
            var skip: String? = nil
            var steps: [Step] = []
        }

        final class Seen: Sendable {
            let log = Mutex<[String]>([])
            let attempts = Mutex<[String: Int]>([:])
        }
        let seen = Seen()
        var log: [String] { seen.log.withLock { $0 } }
        var problem: String?
        var stoppedReason: String?
        var retry = RetryPolicy(maxAttempts: 3, baseDelay: 0, maxDelay: 0, maxTotalWait: 10, jitter: { 0 })
        let clock = RetryClock(now: { Date(timeIntervalSince1970: 0) }, sleep: { _ in })

        func label(of file: File) -> String { file.key }
        func size(of file: File) -> Int64 { file.size }
        func batchProblem(_ files: [File]) -> String? { problem }
        func before(_ file: File) async -> TransferOutcome? { file.skip.map { .skipped(reason: $0, md5: nil) } }

        func attempt(
            _ file: File, emit: @escaping @Sendable (TransferEvent) -> Void,
            progress: @escaping @Sendable (Int64) -> Void
        ) async throws -> Transferred {
            let number = seen.attempts.withLock {
                $0[file.key, default: 0] += 1
                return $0[file.key]!
            }
            switch file.steps[min(number, file.steps.count) - 1] {
            case .succeed(let md5, let confirmed):
                progress(file.size)
                return Transferred(md5: md5, confirmed: confirmed)
            case .fail(let error):
                throw error
            case .hang:
                // Until the batch is stopped: the sleep ends with the cancellation.
                try await Task.sleep(for: .seconds(600))
                throw CancellationError()
            }
        }

        func attemptFailed(_ file: File, _ error: ZenodoError) async {
            seen.log.withLock { $0.append("attempt failed \(file.key)") }
        }

        func record(_ file: File, _ outcome: TransferOutcome) async {
            let word: String
            switch outcome {
            case .verified(let md5): word = "verified \(md5)"
            case .arrived(let md5): word = "arrived \(md5)"
            case .skipped(let reason, _): word = "skipped \(reason)"
            case .failed(let reason, _): word = "failed \(reason)"
            case .stopped: word = "stopped"
            }
            seen.log.withLock { $0.append("record \(file.key): \(word)") }
        }

        func checkpoint() async { seen.log.withLock { $0.append("checkpoint") } }
    }

    final class Events: Sendable {
        let all = Mutex<[TransferEvent]>([])
        func add(_ event: TransferEvent) { all.withLock { $0.append(event) } }
        var names: [String] {
            all.withLock { $0 }.compactMap { event in
                switch event {
                case .queued(let key, _): "queued \(key)"
                case .started(let key, let attempt): "started \(key) \(attempt)"
                case .retrying(let key, let attempt, let max, _, _): "retrying \(key) \(attempt)/\(max)"
                case .verified(let key, _): "verified \(key)"
                case .arrived(let key, _): "arrived \(key)"
                case .skipped(let key, _): "skipped \(key)"
                case .failed(let key, let reason): "failed \(key): \(reason)"
                case .finished: "finished"
                default: nil
                }
            }
        }
    }

    func run(_ direction: Scripted, _ files: [Scripted.File], parallel: Int = 1) async -> (BatchProgress, Events) {
        let events = Events()
        let runner = BatchRunner(direction: direction, parallel: parallel, interval: 0, now: { 0 })
        let progress = await runner.run(files) { events.add($0) }
        return (progress, events)
    }

    @Test func eachFileEndsOnceToldJournalledAndCountedInOrder() async {
        let flaky = ZenodoError(.network, "connection reset")
        let direction = Scripted()
        let (progress, events) = await run(
            direction,
            [
                .init(key: "a", size: 10, steps: [.fail(flaky), .succeed(md5: "m1", confirmed: true)]),
                .init(key: "b", size: 20, skip: "already there"),
                .init(key: "c", size: 30, steps: [.succeed(md5: "m3", confirmed: false)]),
                .init(key: "d", size: 40, steps: [.fail(ZenodoError(.validation, "refused"))]),
            ])
        #expect(
            events.names == [
                "queued a", "queued b", "queued c", "queued d", "started a 1", "retrying a 2/3", "started a 2",
                "verified a", "skipped b", "started c 1", "arrived c", "started d 1", "failed d: refused", "finished",
            ])
        #expect(progress.verified == 1 && progress.skipped == 1 && progress.unverified == 1 && progress.failed == 1)
        #expect(progress.remaining == 0 && progress.totalBytes == 60 && progress.doneBytes == 60)
        // The failed attempt was seen by the direction (an upload's 429 pauses the batch there).
        #expect(direction.log.filter { $0.hasPrefix("attempt failed") } == ["attempt failed a", "attempt failed d"])
        #expect(direction.seen.attempts.withLock { $0 } == ["a": 2, "c": 1, "d": 1])
    }

    @Test func theJournalHearsEveryEndAndACheckpointAfterEach() async {
        let direction = Scripted()
        _ = await run(
            direction,
            [
                .init(key: "a", size: 1, steps: [.succeed(md5: "m", confirmed: true)]),
                .init(key: "b", size: 1, skip: "here"),
            ])
        #expect(
            direction.log == [
                "record a: verified m", "checkpoint", "record b: skipped here", "checkpoint",
            ])
    }

    @Test func aBatchThatCannotGoFailsEveryFileWithoutAnAttempt() async {
        var direction = Scripted()
        direction.problem = "no room"
        let (progress, events) = await run(
            direction,
            [.init(key: "a", size: 1, steps: [.succeed(md5: "m", confirmed: true)]), .init(key: "b", size: 1)])
        #expect(events.names == ["queued a", "queued b", "failed a: no room", "failed b: no room", "finished"])
        #expect(progress.failed == 2)
        #expect(direction.seen.attempts.withLock { $0.isEmpty })
    }

    /// A stopped batch: the file under way and those not begun end as the direction says: told as
    /// failed with its reason (a download), or left pending unsaid (an upload).
    @Test(arguments: [nil, "stopped (the partial copy is kept)"])
    func aStoppedBatchEndsItsFilesAsTheDirectionSays(reason: String?) async throws {
        var direction = Scripted()
        direction.stoppedReason = reason
        let events = Events()
        let runner = BatchRunner(direction: direction, parallel: 1, interval: 0, now: { 0 })
        let task = Task {
            await runner.run([.init(key: "a", size: 1, steps: [.hang]), .init(key: "b", size: 1)]) { events.add($0) }
        }
        #expect(await eventually(within: 60) { events.names.contains("started a 1") }, "the first file never started")
        task.cancel()
        let progress = await task.value
        let records = direction.log.filter { $0.hasPrefix("record") }
        #expect(records == ["record a: stopped", "record b: stopped"])
        if let reason {
            #expect(events.names.suffix(3) == ["failed a: \(reason)", "failed b: \(reason)", "finished"])
            #expect(progress.failed == 2)
        } else {
            #expect(events.names.suffix(2) == ["started a 1", "finished"])
            #expect(progress.remaining == 2)
        }
    }
}
