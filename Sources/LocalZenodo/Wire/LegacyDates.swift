/// How Zenodo's legacy serializers show stored dates (`serializers/schemas/common.py`
/// `DateSchema.dump_date`, zenodo/zenodo-rdm at 6386403): an interval `a/b` as `start`/`end`, a
/// single date not at all (the entry keeps only `type`, lower-case as stored, and `description`).
/// Sending such an entry back answers 400 "Invalid date provided.".
enum LegacyDates {
    static func dump(_ stored: JSONValue) -> JSONValue {
        guard case .array(let entries) = stored else { return stored }
        return .array(
            entries.map { entry in
                guard case .object(var object) = entry else { return entry }
                let date = object.removeValue(forKey: "date")?.stringValue ?? ""
                let parts = date.split(separator: "/", omittingEmptySubsequences: false)
                if parts.count == 2 {
                    object["start"] = .string(String(parts[0]))
                    object["end"] = .string(String(parts[1]))
                }
                return .object(object)
            })
    }

    /// Metadata as a legacy GET shows it.
    static func dumpMetadata(_ metadata: inout [String: JSONValue]) {
        if let dates = metadata["dates"] { metadata["dates"] = dump(dates) }
    }
}
