import FoundationEssentials
import ZenodoVocabularies

/// What InvenioRDM checks on a draft. A value outside a vocabulary (affiliation, funder, award,
/// language, resource type, subject, licence, relation) is refused at once when the draft is
/// saved: the record's relations are validated in `pre_commit` (invenio-records
/// `systemfields/relations/results.py`: `InvalidRelationValue(f"Invalid value {id}.")`) in the
/// order `RDMRecord.relations` declares them (invenio-rdm-records `records/api.py`), and the
/// records resource answers 400 with that text (`resources/config.py` `error_handlers`, which
/// Zenodo's `RDM_RECORDS_ERROR_HANDLERS` extends; the deposit API's resource inherits them):
/// `{"status": 400, "message": "Invalid value 01cwqze88::2P41EB019936."}`, as a Zenodo user got
/// it for an unknown grant (nipy/heudiconv#766). A missing required field is not refused: the
/// draft is saved and the answer lists it under `errors`, and publish refuses until it is there.
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

    /// The 400 for a relation to an id its vocabulary lacks (Python's `str()` of a missing id is `None`).
    static func invalid(_ id: String?) -> APIError {
        APIError(status: 400, message: "Invalid value \(id ?? "None").")
    }

    /// Throws the 400 for the first vocabulary value the instance does not have, in the order of
    /// `RDMRecord.relations`: creator and contributor affiliations, funders, awards, languages,
    /// resource type, subjects, licences, relation types.
    static func checkVocabularies(_ record: JSONValue, _ vocabularies: VocabularyStore) throws(APIError) {
        let m = record["metadata"] ?? .object([:])
        for list in ["creators", "contributors"] {
            for person in m[list]?.arrayValue ?? [] {
                for affiliation in person["affiliations"]?.arrayValue ?? [] {
                    if let id = affiliation["id"]?.stringValue, !vocabularies.contains(.affiliations, id) {
                        throw invalid(id)
                    }
                }
            }
        }
        let funding = m["funding"]?.arrayValue ?? []
        for entry in funding {
            if let id = entry["funder"]?["id"]?.stringValue, !vocabularies.contains(.funders, id) { throw invalid(id) }
        }
        for entry in funding {
            if let id = entry["award"]?["id"]?.stringValue, !vocabularies.contains(.awards, id) { throw invalid(id) }
        }
        for language in m["languages"]?.arrayValue ?? [] {
            let id = language["id"]?.stringValue
            guard let id, LanguageTables.codes.contains(id) else { throw invalid(id) }
        }
        if let id = m["resource_type"]?["id"]?.stringValue, !resourceTypes.contains(id) { throw invalid(id) }
        for subject in m["subjects"]?.arrayValue ?? [] {
            if let id = subject["id"]?.stringValue, !vocabularies.contains(.subjects, id) { throw invalid(id) }
        }
        for right in m["rights"]?.arrayValue ?? [] {
            if let id = right["id"]?.stringValue, !licenceIDs.contains(id) { throw invalid(id) }
        }
        for related in m["related_identifiers"]?.arrayValue ?? [] {
            let id = related["relation_type"]?["id"]?.stringValue
            guard let id, relations.contains(id) else { throw invalid(id) }
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
