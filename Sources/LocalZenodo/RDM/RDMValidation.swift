import Foundation
import ZenodoVocabularies

/// What InvenioRDM checks on a draft. A value outside a vocabulary (resource type, language,
/// licence, relation, date type) is refused at once, 400 "Not a valid value." (`InvalidRelationValue`
/// in invenio-records-resources' errors); a missing required field is not: the draft is saved and
/// the answer lists it under `errors`, and publish refuses until it is there.
enum RDMValidation {
    /// The resource type ids LocalZenodo knows: `type` and `type-subtype`, as the legacy layer forms them.
    static let resourceTypes: Set<String> = {
        var ids: Set<String> = []
        for (type, subtypes) in ServerVocabulary.uploadTypes {
            ids.insert(type)
            for subtype in subtypes { ids.insert("\(type)-\(subtype)") }
        }
        return ids
    }()
    static let licenceIDs = Set(LicenseTables.vocabulary.map(\.id))
    static let relations = Set(ServerVocabulary.relations.map { $0.lowercased() })

    /// Throws the 400 for a vocabulary value the instance does not have.
    static func checkVocabularies(_ record: JSONValue) throws(APIError) {
        let m = record["metadata"] ?? .object([:])
        let invalid = APIError(status: 400, message: "Not a valid value.")
        if let id = m["resource_type"]?["id"]?.stringValue, !resourceTypes.contains(id) { throw invalid }
        for language in m["languages"]?.arrayValue ?? [] {
            guard let id = language["id"]?.stringValue, LanguageTables.codes.contains(id) else { throw invalid }
        }
        for right in m["rights"]?.arrayValue ?? [] {
            if let id = right["id"]?.stringValue, !licenceIDs.contains(id) { throw invalid }
        }
        for related in m["related_identifiers"]?.arrayValue ?? [] {
            guard let id = related["relation_type"]?["id"]?.stringValue, relations.contains(id) else { throw invalid }
        }
    }

    /// Missing required fields, as `errors` entries (field path, messages).
    static func missing(_ record: JSONValue) -> [APIError.FieldError] {
        let m = record["metadata"] ?? .object([:])
        var errors: [APIError.FieldError] = []
        func need(_ field: String, _ present: Bool) {
            if !present {
                errors.append(.init(field: "metadata.\(field)", messages: ["Missing data for required field."]))
            }
        }
        need("resource_type", m["resource_type"]?["id"]?.stringValue != nil)
        need("title", !(m["title"]?.stringValue ?? "").isEmpty)
        need("publication_date", !(m["publication_date"]?.stringValue ?? "").isEmpty)
        need("creators", !(m["creators"]?.arrayValue ?? []).isEmpty)
        for (index, creator) in (m["creators"]?.arrayValue ?? []).enumerated() {
            let person = creator["person_or_org"]
            let named = !(person?["family_name"]?.stringValue ?? person?["name"]?.stringValue ?? "").isEmpty
            if !named {
                errors.append(
                    .init(
                        field: "metadata.creators.\(index).person_or_org.family_name",
                        messages: ["Family name must be filled."]))
            }
        }
        return errors
    }

    /// What publish needs beyond the metadata, asked only once the metadata is valid
    /// (invenio-drafts-resources `DraftFilesComponent.publish`, after `_validate_draft`): files, all
    /// of them committed; nothing for a metadata-only record.
    static func fileProblems(_ d: StoredDeposition) -> [APIError.FieldError] {
        if d.filesDisabled { return [] }
        if !d.pendingFiles.isEmpty {
            return [
                .init(field: "files", messages: ["One or more files have not completed their transfer, please wait."])
            ]
        }
        // `publish` words it this way whoever may toggle files.
        if d.files.isEmpty { return [missingFiles(canToggleFiles: true)] }
        return []
    }

    /// `update_draft`'s and `publish`'s warning for a draft with files enabled and none there.
    static func missingFiles(canToggleFiles: Bool) -> APIError.FieldError {
        .init(
            field: "files.enabled",
            messages: [
                canToggleFiles
                    ? "Missing uploaded files. To disable files for this record please mark it as metadata-only."
                    : "Missing uploaded files."
            ])
    }
}
