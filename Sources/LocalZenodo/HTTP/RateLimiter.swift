import Foundation
import Synchronization

/// A moving-window limiter like Flask-Limiter's: `limit` requests per `window` per key
/// (the token's user, or the client address for anonymous requests).
final class RateLimiter: Sendable {
    struct Verdict: Sendable {
        var limit: Int
        var remaining: Int
        /// Unix seconds at which the oldest counted request leaves the window.
        var reset: Int
        var allowed: Bool
        /// Seconds to wait before retrying, when refused.
        var retryAfter: Int
    }

    let limit: Int
    let enforced: Bool
    private let window: TimeInterval
    private let hits = Mutex<[String: [Date]]>([:])

    /// With `enforced` false the headers are still sent but nothing is refused.
    init(limit: Int, window: TimeInterval = 60, enforced: Bool) {
        self.limit = limit
        self.window = window
        self.enforced = enforced
    }

    func check(key: String, now: Date) -> Verdict {
        hits.withLock { table in
            var times = table[key, default: []].filter { now.timeIntervalSince($0) < window }
            let allowed = !enforced || times.count < limit
            if allowed { times.append(now) }
            table[key] = times
            let oldest = times.first ?? now
            let reset = Int((oldest.addingTimeInterval(window)).timeIntervalSince1970.rounded(.up))
            let wait = max(1, Int(oldest.addingTimeInterval(window).timeIntervalSince(now).rounded(.up)))
            return Verdict(
                limit: limit, remaining: max(0, limit - times.count), reset: reset, allowed: allowed, retryAfter: wait)
        }
    }
}
