import EssentialsExtras
import FoundationEssentials
import Glibc

/// Parses Zenodo's timestamps: ISO 8601 with an explicit offset (`+00:00`), with or without
/// fractional seconds (Python omits a zero fraction); also tolerates `Z` and plain `YYYY-MM-DD`.
public enum ZenodoDate {
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var value = 0
            for c in chars[from..<(from + count)] {
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let year = number(0, 4), chars.count >= 10, chars[4] == 45, let month = number(5, 2), chars[7] == 45,
            let day = number(8, 2)
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        if chars.count == 10 { return Date(timeIntervalSince1970: TimeInterval(timegm(&parts))) }
        guard chars.count >= 19, chars[10] == 84 || chars[10] == 32, let hour = number(11, 2), chars[13] == 58,
            let minute = number(14, 2), chars[16] == 58, let second = number(17, 2)
        else { return nil }
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        var index = 19
        var fraction = 0.0
        if index < chars.count, chars[index] == 46 {
            index += 1
            var scale = 0.1
            while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
                fraction += Double(chars[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < chars.count {
            switch chars[index] {
            case 90:  // Z
                index += 1
            case 43, 45:  // + or -
                guard let hours = number(index + 1, 2), index + 3 < chars.count, chars[index + 3] == 58,
                    let minutes = number(index + 4, 2)
                else { return nil }
                offset = (hours * 3600 + minutes * 60) * (chars[index] == 45 ? -1 : 1)
                index += 6
            default:
                return nil
            }
        }
        guard index == chars.count else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts) - offset) + fraction)
    }
}

extension ZenodoDate {
    /// A publication date Zenodo accepts: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (EDTF levels Zenodo
    /// uses), or an interval `a/b` of those; months and days in range.
    public static func isPublicationDate(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            let s = String(part)
            switch s.count {
            // Four ASCII digits: `Int` alone would take "-999" and "+123".
            case 4: return s.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
            case 7: return isDay(s + "-01")
            case 10: return isDay(s)
            default: return false
            }
        }
    }

    /// `YYYY-MM-DD` naming a real day (no 2024-02-30).
    public static func isDay(_ text: String) -> Bool {
        guard text.count == 10, let date = parse(text) else { return false }
        return day(date) == text
    }

    /// The UTC day of `date` as `YYYY-MM-DD`.
    public static func day(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(cFormat: "%04d-%02d-%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }
}
