import FoundationEssentials

/// What a deleted record leaves: InvenioRDM answers a read of it with 410 and
/// `{"status": 410, "message": "Record deleted", "tombstone": {…}}` (invenio-rdm-records
/// `resources/config.py`, `records/systemfields/tombstone.py` `dump`). Server text: sanitise
/// before showing.
public struct Tombstone: Sendable, Equatable {
    public var removalDate: String?
    public var reason: String?
    public var note: String?
    public var citation: String?
    public var policy: String?

    /// From an error answer's body, or the `tombstone` object itself.
    public init?(json: JSONValue) {
        guard let object = (json["tombstone"] ?? json).object,
            object["removal_date"] != nil || object["removal_reason"] != nil
        else { return nil }
        removalDate = object["removal_date"]?.string
        reason = object["removal_reason"]?["id"]?.string
        note = object["note"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        citation = object["citation_text"]?.string
        policy = object["deletion_policy"]?["id"]?.string
    }

    /// One line: "deleted on 2026-12-05 (test-record)".
    public var summary: String {
        let day = removalDate.map { String($0.prefix(10)) } ?? "an unknown date"
        let why = reason.map { RemovalReason(rawValue: $0)?.title ?? $0 }.map { " (\($0))" } ?? ""
        return "deleted on \(day)\(why)"
    }
}
