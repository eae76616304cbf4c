import Synchronization

/// The faults waiting to be applied, shared by every connection.
public final class FaultTable: Sendable {
    private let rules = Mutex<[FaultRule]>([])
    /// Bumped by `clear()`: a stall under way ends at the next clear (or when the server stops), so
    /// that a test's stalls never outlast the test.
    private let clearings = Mutex(0)

    public init(_ initial: [FaultRule] = []) {
        rules.withLock { $0 = initial }
    }

    public func add(_ rule: FaultRule) {
        rules.withLock { $0.append(rule) }
    }

    public func list() -> [FaultRule] { rules.withLock { $0 } }

    /// Removes every rule, and ends the stalls under way (their requests then go on as usual).
    public func clear() {
        rules.withLock { $0.removeAll() }
        clearings.withLock { $0 += 1 }
    }

    /// A stall: `seconds`, or until the table is cleared, whichever comes first.
    func stall(_ seconds: Double) async throws {
        let clearing = clearings.withLock { $0 }
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < end, clearings.withLock({ $0 }) == clearing {
            try await Task.sleep(for: min(.milliseconds(50), end - ContinuousClock.now))
        }
    }

    /// Takes one use of the first rule matching the request, removing the rule when used up.
    func take(method: String, path: String) -> FaultRule? {
        rules.withLock { rules in
            guard let index = rules.firstIndex(where: { $0.matches(method: method, path: path) }) else { return nil }
            let rule = rules[index]
            rules[index].times -= 1
            if rules[index].times == 0 { rules.remove(at: index) }
            return rule
        }
    }
}
