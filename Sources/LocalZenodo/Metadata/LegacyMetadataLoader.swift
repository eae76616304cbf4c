import EssentialsExtras
import FoundationEssentials
import ZenodoVocabularies

/// What Zenodo's legacy deserializer does to `metadata` on create and update
/// (`site/zenodo_rdm/legacy/deserializers`): unknown keys are dropped, malformed values answer
/// 400 at once, defaults are filled in, and the stored form is what a later GET shows.
///
/// Rules that need the whole record (title length, creators, files) wait for publish:
/// see `PublishValidator`.
struct LegacyMetadataLoader {
    var today: String

    private static let stringFields: Set<String> = [
        "title", "publication_date", "description", "embargo_date", "doi", "notes", "method", "version",
        "journal_title", "journal_volume", "journal_issue", "journal_pages",
        "conference_title", "conference_acronym", "conference_dates", "conference_place", "conference_url",
        "conference_session", "conference_session_part",
        "imprint_publisher", "imprint_isbn", "imprint_place", "partof_title", "partof_pages", "thesis_university",
    ]
    private static let passThroughFields: Set<String> = [
        "subjects", "grants", "locations", "custom", "references", "keywords",
    ]

    /// Normalises `input` into stored legacy metadata, or throws Zenodo's 400.
    func load(_ input: JSONValue) throws(APIError) -> JSONValue {
        guard case .object(let fields) = input else {
            throw .field("metadata", "Not a valid mapping type.")
        }
        var out: [String: JSONValue] = [:]
        for key in Self.stringFields {
            if let value = fields[key], case .string = value { out[key] = value }
        }
        for key in Self.passThroughFields {
            if let value = fields[key], value != .null { out[key] = value }
        }
        try loadType(fields, into: &out)
        loadPeople(fields, into: &out)
        try loadAccess(fields, into: &out)
        try loadLicense(fields, into: &out)
        try loadLanguage(fields, into: &out)
        try loadRelated(fields, into: &out)
        try loadCommunities(fields, into: &out)
        try loadDates(fields, into: &out)
        if out["publication_date"] == nil { out["publication_date"] = .string(today) }
        if out["imprint_publisher"] == nil { out["imprint_publisher"] = "Zenodo" }
        return .object(out)
    }

    /// `upload_type` and its subtype become the RDM resource type `type-subtype`, a vocabulary:
    /// an id it lacks answers 400 at save ("Invalid value software-x.", `RDMValidation`), not at
    /// publish (`load_upload_type` forms the id; the relation refuses it).
    private func loadType(_ fields: [String: JSONValue], into out: inout [String: JSONValue]) throws(APIError) {
        guard let type = fields["upload_type"]?.stringValue, !type.isEmpty else { return }
        guard let subtypes = ServerVocabulary.uploadTypes[type] else {
            throw RDMValidation.invalid(type)
        }
        out["upload_type"] = .string(type)
        if let subtype = fields["\(type)_type"]?.stringValue, !subtype.isEmpty {
            guard subtypes.contains(subtype) else { throw RDMValidation.invalid("\(type)-\(subtype)") }
            out["\(type)_type"] = .string(subtype)
        }
    }

    private func loadPeople(_ fields: [String: JSONValue], into out: inout [String: JSONValue]) {
        if let creators = fields["creators"]?.arrayValue {
            out["creators"] = .array(creators.compactMap { Self.person($0, withRole: false) })
        }
        var contributors = (fields["contributors"]?.arrayValue ?? []).compactMap { Self.person($0, withRole: true) }
        for supervisor in fields["thesis_supervisors"]?.arrayValue ?? [] {
            if var person = Self.person(supervisor, withRole: false) {
                person["type"] = "Supervisor"
                contributors.append(person)
            }
        }
        if fields["contributors"] != nil || !contributors.isEmpty { out["contributors"] = .array(contributors) }
    }

    /// A creator or contributor as the legacy output shows it: `"Family, Given"`, first affiliation,
    /// ORCID/GND without URL prefix, contributor role in its output capitalisation.
    static func person(_ value: JSONValue, withRole: Bool) -> JSONValue? {
        guard case .object(let fields) = value else { return nil }
        var person: [String: JSONValue] = [:]
        let raw = fields["name"]?.stringValue ?? ""
        let parts = raw.split(separator: ",", omittingEmptySubsequences: false)
        if parts.count == 2 {
            let family = parts[0].trimming(.whitespaces)
            let given = parts[1].trimming(.whitespaces)
            person["name"] = .string(given.isEmpty ? family : "\(family), \(given)")
        } else {
            person["name"] = .string(raw.trimming(.whitespaces))
        }
        // Zenodo dumps `affiliation` always, `null` without one (`CreatorSchema.dump_affiliation`, sample 22).
        if let affiliation = fields["affiliation"]?.stringValue, !affiliation.isEmpty {
            person["affiliation"] = .string(affiliation)
        } else {
            person["affiliation"] = .null
        }
        for scheme in ["orcid", "gnd"] {
            if var id = fields[scheme]?.stringValue, !id.isEmpty {
                for prefix in ["https://orcid.org/", "http://orcid.org/", "orcid:", "https://d-nb.info/gnd/", "gnd:"]
                where id.lowercased().hasPrefix(prefix) {
                    id = String(id.dropFirst(prefix.count))
                }
                person[scheme] = .string(id)
            }
        }
        // A role outside Zenodo's table dumps as `type: null` (`ContributorSchema.dump_role`).
        if withRole {
            let type = fields["type"]?.stringValue?.lowercased()
            person["type"] =
                ServerVocabulary.contributorTypes.first { $0.lowercased() == type }.map(JSONValue.string) ?? .null
        }
        return .object(person)
    }

    private func loadAccess(_ fields: [String: JSONValue], into out: inout [String: JSONValue]) throws(APIError) {
        let access = fields["access_right"]?.stringValue ?? "open"
        switch access {
        case "open":
            out["access_right"] = "open"
        case "embargoed":
            guard let date = fields["embargo_date"]?.stringValue, !date.isEmpty else {
                throw .field("_schema", "Unknown access type.")
            }
            out["access_right"] = "embargoed"
            out["embargo_date"] = .string(date)
        case "restricted", "closed":
            out["access_right"] = "restricted"
        default:
            throw .field("_schema", "Unknown access type.")
        }
        if out["access_right"] != "embargoed" { out["embargo_date"] = nil }
    }

    /// The licence (see `Licenses`). The default applies only when `metadata` is not empty and has
    /// no `license` key (`LegacySchema.load_default_license`); `POST {}` gets none.
    private func loadLicense(_ fields: [String: JSONValue], into out: inout [String: JSONValue]) throws(APIError) {
        let requested: String?
        switch fields["license"] {
        case nil:
            let access = fields["access_right"]?.stringValue ?? "open"
            let wantsDefault = !fields.isEmpty && (access == "open" || access == "embargoed")
            requested = wantsDefault ? Licenses.defaultInput(uploadType: fields["upload_type"]?.stringValue) : nil
        case .null?: requested = nil
        case .string(let id)?: requested = id
        case .object(let object)?:
            guard let id = object["id"]?.stringValue else {
                throw .field(
                    "metadata.license",
                    "Invalid license object provided (missing 'id' key): \(Self.python(.object(object)))")
            }
            requested = id
        case let other?:
            throw .field(
                "metadata.license",
                "Invalid license value provided (expected string, or object with 'id' key): \(Self.python(other))")
        }
        guard let requested else { return }
        switch Licenses.load(requested) {
        case .rdm(let rdm)?:
            // Stored as what a GET shows: the inverted map's legacy id for the RDM id.
            out["license"] = Licenses.legacyID(rdm: rdm).map(JSONValue.string)
            out[Self.rightsIDKey] = .string(rdm)
        case .titleOnly(let title)?:
            // Kept by Zenodo as a right with only a title, which the legacy view does not show.
            out["license"] = nil
            out[Self.titleOnlyLicenceKey] = .string(title)
        case nil:
            throw .field("metadata.license", "Invalid license provided: \(requested)")
        }
    }

    /// Where the loader hands a title-only licence to `RDMFromLegacy` (never part of the legacy view).
    static let titleOnlyLicenceKey = "_rights_title"
    /// Where it hands the licence's RDM id (the legacy id read back may name another).
    static let rightsIDKey = "_rights_id"

    /// A value as Python's `str()` of it would appear in a message (close enough for JSON values).
    static func python(_ value: JSONValue) -> String { String(decoding: value.encoded(), as: UTF8.self) }

    /// `load_language`: three letters are taken as they are, two are mapped to ISO 639-3 through
    /// pycountry, anything else is 400. The id must be in the languages vocabulary (ISO 639-3):
    /// otherwise the save answers 400 "Invalid value xyz." without naming the field (`None` for a
    /// two-letter code pycountry does not know), as `RDMValidation` says.
    private func loadLanguage(_ fields: [String: JSONValue], into out: inout [String: JSONValue]) throws(APIError) {
        guard let value = fields["language"], value != .null else { return }
        let code = value.stringValue ?? ""
        let id: String?
        switch code.count {
        case 3: id = code
        case 2: id = LanguageTables.fromTwoLetter[code.lowercased()]
        default: throw .field("metadata.language", "Language must be either ISO-639-1 or 639-2 compatible.")
        }
        guard let id, LanguageTables.codes.contains(id) else { throw RDMValidation.invalid(id) }
        out["language"] = .string(id)
    }

    private func loadRelated(_ fields: [String: JSONValue], into out: inout [String: JSONValue]) throws(APIError) {
        guard let value = fields["related_identifiers"], value != .null else { return }
        guard case .array(let items) = value else {
            throw .field("related_identifiers", "Invalid related identifiers.")
        }
        var result: [JSONValue] = []
        for item in items {
            guard case .object(var object) = item, let identifier = object["identifier"]?.stringValue,
                var relation = object["relation"]?.stringValue
            else { throw .field("related_identifiers", "Invalid related identifiers.") }
            if relation == "isOrignialFormOf" { relation = "isOriginalFormOf" }
            // The relation type is a vocabulary looked up at save (`relation_type.id` lower-cased): an
            // unknown one is 400 without `errors`.
            guard let known = ServerVocabulary.relations.first(where: { $0.lowercased() == relation.lowercased() })
            else { throw RDMValidation.invalid(relation.lowercased()) }
            object["relation"] = .string(known)
            object["scheme"] = .string(Self.scheme(of: identifier))
            result.append(.object(object))
        }
        out["related_identifiers"] = .array(result)
    }

    /// The identifier scheme Zenodo detects (a subset of idutils).
    static func scheme(of identifier: String) -> String {
        let lower = identifier.lowercased()
        if lower.hasPrefix("10.") || lower.hasPrefix("doi:") || lower.contains("doi.org/10.") { return "doi" }
        if lower.hasPrefix("arxiv:") { return "arxiv" }
        if lower.firstMatch(ofPattern: #"^\d{4}\.\d{4,5}(v\d+)?$"#) != nil { return "arxiv" }
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return "url" }
        if lower.firstMatch(ofPattern: #"^(97[89])?\d{9}[\dx]$"#) != nil { return "isbn" }
        return "other"
    }

    private func loadCommunities(_ fields: [String: JSONValue], into out: inout [String: JSONValue]) throws(APIError) {
        guard let value = fields["communities"], value != .null else { return }
        guard case .array(let items) = value else { throw .field("communities", "Invalid communities.") }
        var slugs: [JSONValue] = []
        for item in items {
            guard case .object(let object) = item, object.count == 1, let slug = object["identifier"]?.stringValue
            else {
                throw .field("communities", "Invalid communities.")
            }
            slugs.append(["identifier": .string(slug)])
        }
        out["communities"] = .array(slugs)
    }

    /// `load_dates`: `start`/`end` become one EDTF `date` (one value when they are equal or only
    /// one is given, else an interval); neither answers 400 "Invalid date provided."; a missing or
    /// non-text `type` is a `KeyError` in Zenodo's code, so a 500. The stored entry keeps the date;
    /// `LegacyDates.dump` shows it as Zenodo's serializer does (no `start`/`end` for one value).
    private func loadDates(_ fields: [String: JSONValue], into out: inout [String: JSONValue]) throws(APIError) {
        guard let value = fields["dates"], value != .null else { return }
        guard case .array(let items) = value else { throw .field("metadata.dates", "Invalid date provided.") }
        var stored: [JSONValue] = []
        for item in items {
            guard case .object(let object) = item else { throw .serverFailure }
            func text(_ key: String) -> String? {
                guard let s = object[key]?.stringValue, !s.isEmpty else { return nil }
                return s
            }
            let date: String
            switch (text("start"), text("end")) {
            case (let start?, let end?): date = start == end ? start : "\(start)/\(end)"
            case (let start?, nil): date = start
            case (nil, let end?): date = end
            case (nil, nil): throw .field("metadata.dates", "Invalid date provided.")
            }
            guard let type = object["type"]?.stringValue else { throw .serverFailure }
            var entry: [String: JSONValue] = ["date": .string(date), "type": .string(type.lowercased())]
            if let description = text("description") { entry["description"] = .string(description) }
            stored.append(.object(entry))
        }
        out["dates"] = .array(stored)
    }
}
