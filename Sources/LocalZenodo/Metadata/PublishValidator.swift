import EssentialsExtras
import FoundationEssentials

/// The checks Zenodo runs at publish time only (RDM metadata schema, drafts service, Zenodo's
/// config), reported with RDM field paths as Zenodo does.
struct PublishValidator {
    var now: Date

    func errors(metadata: JSONValue, fileCount: Int) -> [APIError.FieldError] {
        var errors: [APIError.FieldError] = []
        func add(_ field: String, _ message: String) { errors.append(.init(field: field, messages: [message])) }

        let missing = "Missing data for required field."
        if let type = metadata["upload_type"]?.stringValue {
            if let subtypes = ServerVocabulary.uploadTypes[type] {
                let subtype = metadata["\(type)_type"]?.stringValue
                if let subtype, !subtypes.contains(subtype) {
                    add("metadata.resource_type", "Invalid value \(type)-\(subtype).")
                } else if subtype == nil, ServerVocabulary.subtypeRequired.contains(type) {
                    add("metadata.resource_type", "Invalid value \(type).")
                }
            } else {
                add("metadata.resource_type", "Invalid value \(type).")
            }
        } else {
            add("metadata.resource_type", missing)
        }

        let title = metadata["title"]?.stringValue ?? ""
        if title.isEmpty {
            add("metadata.title", missing)
        } else if title.trimming(.whitespacesAndNewlines).count < 3 {
            add("metadata.title", "Shorter than minimum length 3.")
        }

        let creators = metadata["creators"]?.arrayValue ?? []
        if creators.isEmpty { add("metadata.creators", missing) }
        for (index, creator) in creators.enumerated() where (creator["name"]?.stringValue ?? "").isEmpty {
            add("metadata.creators.\(index).person_or_org.family_name", "Family name must be filled.")
        }
        for (index, contributor) in (metadata["contributors"]?.arrayValue ?? []).enumerated() {
            if (contributor["name"]?.stringValue ?? "").isEmpty {
                add("metadata.contributors.\(index).person_or_org.family_name", "Family name must be filled.")
            }
            let role = contributor["type"]?.stringValue ?? ""
            if role.isEmpty {
                add("metadata.contributors.\(index).role", missing)
            } else if !ServerVocabulary.contributorTypes.contains(role) {
                add("metadata.contributors.\(index).role", "Invalid value \(role.lowercased()).")
            }
        }

        if let date = metadata["publication_date"]?.stringValue, !Self.isEDTFDate(date) {
            add("metadata.publication_date", "Please provide a valid date or interval.")
        }
        if let description = metadata["description"]?.stringValue, !description.isEmpty,
            description.trimming(.whitespacesAndNewlines).count < 3
        {
            add("metadata.description", "Shorter than minimum length 3.")
        }
        if metadata["access_right"] == "embargoed" {
            let until = metadata["embargo_date"]?.stringValue.flatMap(Timestamp.parseDay)
            if until == nil || until! <= now {
                add("access.embargo.until", "Embargo end date must be set to a future date.")
            }
        }
        // Files are judged only once the metadata is valid: `_validate_draft` raises first, then
        // `DraftFilesComponent.publish` (invenio-drafts-resources `components/base.py`).
        if errors.isEmpty, fileCount == 0 {
            add(
                "files.enabled",
                "Missing uploaded files. To disable files for this record please mark it as metadata-only.")
        }
        return errors
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, optionally an interval `a/b`: the EDTF forms Zenodo accepts.
    static func isEDTFDate(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            let s = String(part)
            if s.count == 4 { return Int(s) != nil }
            if s.count == 7 { return Timestamp.parseDay(s + "-01") != nil }
            return Timestamp.parseDay(s) != nil
        }
    }
}
