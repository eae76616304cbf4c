import TestScratch
import Testing

@testable import ZenodoTUI

/// A stop is never lost, whenever it comes in a batch's life: before the hand-over to the agent,
/// during it, once the agent has it, or while it runs here.
@Suite struct TransferBatchesTests {
    /// A task that runs until it is cancelled (or a minute passes), and says which.
    private static func work(_ ended: Shared<Bool?>) -> @Sendable () async -> Void {
        {
            try? await Task.sleep(for: .seconds(60))
            ended.set(Task.isCancelled)
        }
    }

    @Test func aStopDuringTheHandOverIsCarriedOutInTheAgentAndTheBatchFollowed() async {
        let batches = TransferBatches()
        let gate = Shared(false)
        let followed = Shared(false)
        let began = Shared(false)
        batches.run(1) {
            guard batches.beginHandover(1) else { return }
            began.set(true)
            while !gate.current { await Task.yield() }
            // The agent took it: the stop asked meanwhile is said, and the task was not cancelled,
            // so following the batch works.
            if batches.handedOver(1, id: "agent-1"), !Task.isCancelled { followed.set(true) }
        }
        #expect(await eventually { began.current })
        // Asked to stop while the agent is being started: nothing to stop there yet, nothing cancelled.
        #expect(batches.stop([1]).isEmpty)
        gate.set(true)
        #expect(await eventually { followed.current })
        #expect(await eventually { !batches.isRunning(1) })
    }

    @Test func aStopOnceTheAgentHasTheBatchNamesItsAgentID() async {
        let batches = TransferBatches()
        let gate = Shared(false)
        let cancelled = Shared<Bool?>(nil)
        batches.follow(2, id: "agent-2") {
            while !gate.current { await Task.yield() }
            cancelled.set(Task.isCancelled)
        }
        // At once, before the follower has begun: the stop goes to the agent.
        #expect(batches.stop([2]) == ["agent-2"])
        gate.set(true)
        // The follower was not cancelled: it receives the batch's end from the agent.
        #expect(await eventually { cancelled.current != nil })
        #expect(cancelled.current == false)
    }

    @Test func aStopBeforeTheHandOverKeepsTheBatchHereAndCancelsIt() async {
        let batches = TransferBatches()
        let gate = Shared(false)
        let outcome = Shared<(handed: Bool, cancelled: Bool)?>(nil)
        batches.run(3) {
            while !gate.current { await Task.yield() }
            let handed = batches.beginHandover(3)
            outcome.set((handed, Task.isCancelled))
        }
        #expect(batches.stop([3]).isEmpty)
        gate.set(true)
        #expect(await eventually { outcome.current != nil })
        let seen = outcome.current
        #expect(seen?.handed == false && seen?.cancelled == true)
    }

    @Test func aFailedHandOverRunsHereAndAStopAskedMeanwhileCancelsIt() async {
        let batches = TransferBatches()
        let gate = Shared(false)
        let cancelled = Shared<Bool?>(nil)
        let began = Shared(false)
        batches.run(4) {
            guard batches.beginHandover(4) else { return }
            began.set(true)
            while !gate.current { await Task.yield() }
            batches.runsHere(4)
            cancelled.set(Task.isCancelled)
        }
        #expect(await eventually { began.current })
        #expect(batches.stop([4]).isEmpty)
        gate.set(true)
        #expect(await eventually { cancelled.current != nil })
        #expect(cancelled.current == true)
    }

    @Test func aStopOfABatchRunningHereCancelsIt() async {
        let batches = TransferBatches()
        let ended = Shared<Bool?>(nil)
        batches.run(5, Self.work(ended))
        #expect(batches.stop([5]).isEmpty)
        #expect(await eventually { ended.current == true })
        #expect(await eventually { !batches.isRunning(5) })
    }
}
