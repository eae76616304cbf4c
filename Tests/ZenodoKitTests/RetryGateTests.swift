import Foundation
import Synchronization
import TestSupport
import Testing
import ZenodoKit

/// The waits before retries that the interface's `r` and `Esc` cut short (issue 16).
@Suite struct RetryGateTests {
    /// Waits (with a deadline) until the gate has `count` waiters.
    static func waitUntilWaiting(_ gate: RetryGate, count: Int = 1) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while gate.waiting < count {
            #expect(ContinuousClock.now < deadline, "the wait never began")
            if ContinuousClock.now >= deadline { return }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    @Test func retryNowEndsAMinuteLongWaitAtOnce() async throws {
        let idle = Mutex(0)
        let gate = RetryGate(onIdle: { idle.withLock { $0 += 1 } })
        let started = ContinuousClock.now
        let waiting = Task { try await gate.sleep(60) }
        try await Self.waitUntilWaiting(gate)
        gate.retryNow()
        try await waiting.value
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(!gate.isWaiting)
        #expect(idle.withLock { $0 } == 1)
    }

    @Test func stopEndsTheWaitWithAPermanentError() async throws {
        let gate = RetryGate()
        let waiting = Task { try await gate.sleep(60) }
        try await Self.waitUntilWaiting(gate)
        gate.stop()
        do {
            try await waiting.value
            Issue.record("the wait ended without an error")
        } catch let error as ZenodoError {
            #expect(error.permanent)
            #expect(error.message.contains("stopped"))
        }
    }

    @Test func aShortWaitEndsByItselfAndALateRetryNowDoesNothing() async throws {
        let gate = RetryGate()
        try await gate.sleep(0.01)
        gate.retryNow()
        gate.stop()
        #expect(!gate.isWaiting)
        // The gate still works after a stop with no waiter.
        try await gate.sleep(0)
    }

    @Test func cancellingTheTaskEndsItsWait() async throws {
        let gate = RetryGate()
        let waiting = Task { try await gate.sleep(60) }
        try await Self.waitUntilWaiting(gate)
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(!gate.isWaiting)
    }

    @Test func retryNowEndsEveryWaitingRequest() async throws {
        let gate = RetryGate()
        let first = Task { try await gate.sleep(60) }
        let second = Task { try await gate.sleep(60) }
        try await Self.waitUntilWaiting(gate, count: 2)
        gate.retryNow()
        try await first.value
        try await second.value
    }
}
