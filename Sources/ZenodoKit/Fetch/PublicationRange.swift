import EssentialsExtras
import FoundationEssentials

/// A publication-date filter as people type it — `2020..2024`, `2019-06..`, `..2021-03-15`, or one
/// year `2023` — and the query term Zenodo's search takes for it
/// (`publication_date:[2020-01-01 TO 2024-12-31]`; Zenodo maps `publication_date` to
/// `metadata.publication_date`, and `*` leaves a side open). Partial dates widen to the whole
/// year or month on their side.
public struct PublicationRange: Sendable, Equatable {
    public var from: String?
    public var to: String?

    public init(from: String?, to: String?) {
        self.from = from
        self.to = to
    }

    /// Parses the typed text; a clear error for anything else.
    public static func parse(_ text: String) throws(ZenodoError) -> PublicationRange {
        let trimmed = text.trimming(.whitespaces)
        let sides: [String]
        if let dots = trimmed.firstRange(of: "..") {
            sides = [String(trimmed[..<dots.lowerBound]), String(trimmed[dots.upperBound...])].map {
                $0.trimming(.whitespaces)
            }
        } else {
            sides = [trimmed, trimmed]
        }
        guard sides.contains(where: { !$0.isEmpty }) else {
            throw ZenodoError(.validation, "give dates as FROM..TO (e.g. 2020..2024, 2019-06.., ..2021-03-15)")
        }
        for side in sides where !side.isEmpty && (side.contains("/") || !ZenodoDate.isPublicationDate(side)) {
            throw ZenodoError(.validation, "\(side) is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        }
        let range = PublicationRange(
            from: sides[0].isEmpty ? nil : start(sides[0]), to: sides[1].isEmpty ? nil : end(sides[1]))
        if let from = range.from, let to = range.to, from > to {
            throw ZenodoError(.validation, "\(sides[0]) is after \(sides[1])")
        }
        return range
    }

    /// `publication_date:[2020-01-01 TO *]`.
    public var queryTerm: String { "publication_date:[\(from ?? "*") TO \(to ?? "*")]" }

    /// How the interface shows it: `2020-01-01..2024-12-31`.
    public var label: String { "\(from ?? "")..\(to ?? "")" }

    static func start(_ date: String) -> String {
        switch date.count {
        case 4: return date + "-01-01"
        case 7: return date + "-01"
        default: return date
        }
    }

    static func end(_ date: String) -> String {
        switch date.count {
        case 4: return date + "-12-31"
        case 7:
            // The month's last day: the day before the first of the next month.
            for day in ["31", "30", "29", "28"] where ZenodoDate.isDay(date + "-" + day) { return date + "-" + day }
            return date + "-28"
        default: return date
        }
    }
}
