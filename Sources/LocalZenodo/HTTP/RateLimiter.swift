import FoundationEssentials
import Synchronization

/// A moving-window limiter like Flask-Limiter's: so many requests per `window` per key (the
/// token's user, or every anonymous caller together). Zenodo allows a guest fewer requests than a
/// user (`RATELIMIT_GUEST_USER = "8000 per hour;133 per minute"` in zenodo-rdm's `invenio.cfg`;
/// sample 20 shows `x-ratelimit-limit: 133` on an anonymous GET and 1000 with a token).
final class RateLimiter: Sendable {
    struct Verdict: Sendable {
        var limit: Int
        var remaining: Int
        /// Unix seconds at which the oldest counted request leaves the window.
        var reset: Int
        var allowed: Bool
        /// Seconds until the window frees a request: Zenodo sends it as `retry-after` on every
        /// answer, not only on a 429 (samples 05, 23).
        var retryAfter: Int
    }

    /// Zenodo's per-minute limits.
    static let zenodoUserLimit = 1000
    static let zenodoGuestLimit = 133
    /// `records.search`: 30 a minute (zenodo-rdm `invenio.cfg`, `RATELIMIT_PER_ENDPOINT`).
    public static let zenodoSearchLimit = 30

    let userLimit: Int
    let guestLimit: Int
    let enforced: Bool
    private let window: TimeInterval
    private let hits = Mutex<[String: [Date]]>([:])

    /// With `enforced` false the headers are still sent but nothing is refused.
    init(userLimit: Int, guestLimit: Int, window: TimeInterval = 60, enforced: Bool) {
        self.userLimit = userLimit
        self.guestLimit = guestLimit
        self.window = window
        self.enforced = enforced
    }

    /// Counts a request from `user` (`nil`: anonymous).
    func check(user: Int?, now: Date) -> Verdict {
        let key = user.map { "user:\($0)" } ?? "anonymous"
        let limit = user == nil ? guestLimit : userLimit
        return hits.withLock { table in
            var times = table[key, default: []].filter { now.timeIntervalSince($0) < window }
            let allowed = !enforced || times.count < limit
            if allowed { times.append(now) }
            table[key] = times
            let oldest = times.first ?? now
            let reset = Int((oldest.addingTimeInterval(window)).timeIntervalSince1970.rounded(.up))
            let wait = max(1, Int(oldest.addingTimeInterval(window).timeIntervalSince(now).rounded(.up)))
            // Not enforced: a client that paces itself by `remaining` (ZenodoKit keeps one in
            // reserve) is never slowed down for a limit that is not there.
            let remaining = enforced ? max(0, limit - times.count) : max(min(2, limit), limit - times.count)
            return Verdict(limit: limit, remaining: remaining, reset: reset, allowed: allowed, retryAfter: wait)
        }
    }
}
