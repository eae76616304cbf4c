import EssentialsExtras
import FoundationEssentials
import Glibc

/// Zenodo's timestamps: ISO 8601 in UTC with an explicit `+00:00` offset and microseconds,
/// the fraction omitted when it is exactly zero (Python's `isoformat()`).
enum Timestamp {
    static func string(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = floor(seconds)
        let micros = Int(((seconds - whole) * 1_000_000).rounded())
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        let base = String(
            cFormat: "%04d-%02d-%02dT%02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        if micros == 0 || micros == 1_000_000 { return base + "+00:00" }
        return base + String(cFormat: ".%06d", micros) + "+00:00"
    }

    /// `YYYY-MM-DD` of a date in UTC.
    static func day(_ date: Date) -> String {
        String(string(date).prefix(10))
    }

    /// Parses `YYYY-MM-DD`; `nil` for anything else.
    static func parseDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        // `timegm`, not a Calendar: named time zones need ICU, which the static binary leaves out
        // (a `TimeZone(identifier: "UTC")` is nil there). A day past the month's end (`02-30`)
        // comes back as another day and is refused by the comparison.
        var broken = tm()
        broken.tm_year = Int32(year - 1900)
        broken.tm_mon = Int32(month - 1)
        broken.tm_mday = Int32(day)
        let date = Date(timeIntervalSince1970: TimeInterval(timegm(&broken)))
        guard Self.day(date) == text else { return nil }
        return date
    }
}
