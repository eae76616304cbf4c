import FoundationEssentials
import Glibc

/// The three date forms HTTP allows (RFC 9110 §5.6.7): IMF-fixdate `Sun, 06 Nov 1994 08:49:37
/// GMT`, the obsolete RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37
/// 1994`; always UTC. The weekday is not checked, as recipients are told not to rely on it.
enum HTTPDate {
    static func parse(_ text: String) -> Date? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        switch words.count {
        case 4 where words[3] == "GMT" || words[3] == "UTC":
            // RFC 850: a two-digit year is taken as the nearest one not more than 50 years ahead.
            let parts = words[1].split(separator: "-").map(String.init)
            guard parts.count == 3, var year = Int(parts[2]) else { return nil }
            if parts[2].count == 2 { year += year < 70 ? 2000 : 1900 }
            return make(year: year, month: parts[1], day: parts[0], time: words[2])
        case 6 where words[5] == "GMT" || words[5] == "UTC":
            guard let year = Int(words[3]) else { return nil }
            return make(year: year, month: words[2], day: words[1], time: words[4])
        case 5:
            guard let year = Int(words[4]) else { return nil }
            return make(year: year, month: words[1], day: words[2], time: words[3])
        default:
            return nil
        }
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func make(year: Int, month: String, day: String, time: String) -> Date? {
        guard let monthIndex = months.firstIndex(of: month.lowercased()), let day = Int(day), (1...31).contains(day)
        else { return nil }
        let clock = time.split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (0...23).contains(clock[0]), (0...59).contains(clock[1]), (0...60).contains(clock[2])
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(monthIndex)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(clock[0])
        parts.tm_min = Int32(clock[1])
        parts.tm_sec = Int32(clock[2])
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
