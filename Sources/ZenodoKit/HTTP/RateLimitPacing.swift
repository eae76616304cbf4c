import FoundationEssentials

/// When to wait before the next request: the server's last answer said `remaining` requests are
/// left until `reset`. Keeping one in reserve leaves room for a request already on its way (two
/// transfers at once); the wait is the time to the reset, at most 65 s (Zenodo's window is a
/// minute; a reset further away is a clock problem, not a reason to stop for long). Pure.
public enum RateLimitPacing {
    public static let reserve = 1
    public static let longest = 65.0

    public static func delay(_ snapshot: RateLimitSnapshot, now: Date) -> Double? {
        guard snapshot.remaining <= reserve else { return nil }
        let wait = snapshot.reset.timeIntervalSince(now)
        guard wait > 0 else { return nil }
        return min(wait, longest)
    }
}
