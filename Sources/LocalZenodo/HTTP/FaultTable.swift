import Synchronization

/// The faults waiting to be applied, shared by every connection.
public final class FaultTable: Sendable {
    private let rules = Mutex<[FaultRule]>([])

    public init(_ initial: [FaultRule] = []) {
        rules.withLock { $0 = initial }
    }

    public func add(_ rule: FaultRule) {
        rules.withLock { $0.append(rule) }
    }

    public func list() -> [FaultRule] { rules.withLock { $0 } }

    public func clear() { rules.withLock { $0.removeAll() } }

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
