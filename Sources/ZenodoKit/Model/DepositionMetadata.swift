/// A deposition's legacy metadata, kept as the raw JSON object Zenodo sent.
///
/// Typed properties read and write into `raw`, so every field ZenodoKit does not model (and every
/// key inside a creator it does not model) survives a GET → edit → PUT round trip. Setting a
/// property to `nil` removes the key.
public struct DepositionMetadata: Sendable, Hashable {
    public var raw: [String: JSONValue]

    public init(raw: [String: JSONValue] = [:]) { self.raw = raw }

    public subscript(field: String) -> JSONValue? {
        get { raw[field] }
        set { raw[field] = newValue }
    }

    /// The object sent as `{"metadata": …}`. Output-only fields such as `prereserve_doi` go back
    /// unchanged: Zenodo ignores them on input, and the round trip stays exact.
    public var json: JSONValue { .object(raw) }

    private func string(_ key: String) -> String? { raw[key]?.string }
    private mutating func set(_ key: String, _ value: String?) { raw[key] = value.map(JSONValue.string) }
    private func strings(_ key: String) -> [String]? { raw[key]?.array?.compactMap(\.string) }
    private mutating func set(_ key: String, _ values: [String]?) {
        raw[key] = values.map { .array($0.map(JSONValue.string)) }
    }

    public var title: String? {
        get { string("title") }
        set { set("title", newValue) }
    }
    /// `upload_type`: dataset, software, publication, image, poster, presentation, video, lesson, other, …
    public var uploadType: String? {
        get { string("upload_type") }
        set { set("upload_type", newValue) }
    }
    /// The subtype for the current upload type (`publication_type`, `image_type`, `software_type`, …).
    public var uploadSubtype: String? {
        get { uploadType.flatMap { string("\($0)_type") } }
        set { if let type = uploadType { set("\(type)_type", newValue) } }
    }
    public var publicationDate: String? {
        get { string("publication_date") }
        set { set("publication_date", newValue) }
    }
    /// HTML allowed.
    public var description: String? {
        get { string("description") }
        set { set("description", newValue) }
    }
    /// `open`, `embargoed`, `restricted` (Zenodo reads `closed` back as `restricted`).
    public var accessRight: String? {
        get { string("access_right") }
        set { set("access_right", newValue) }
    }
    public var embargoDate: String? {
        get { string("embargo_date") }
        set { set("embargo_date", newValue) }
    }
    public var accessConditions: String? {
        get { string("access_conditions") }
        set { set("access_conditions", newValue) }
    }
    /// A legacy license id (`cc-by-4.0`, `cc-zero`, …); Zenodo may answer with an alias of what was sent.
    public var license: String? {
        get { string("license") ?? raw["license"]?["id"]?.string }
        set { set("license", newValue) }
    }
    public var doi: String? {
        get { string("doi") }
        set { set("doi", newValue) }
    }
    /// The DOI Zenodo will register at publish (`prereserve_doi.doi`).
    public var prereservedDOI: String? { raw["prereserve_doi"]?["doi"]?.string }
    public var keywords: [String]? {
        get { strings("keywords") }
        set { set("keywords", newValue) }
    }
    public var references: [String]? {
        get { strings("references") }
        set { set("references", newValue) }
    }
    public var version: String? {
        get { string("version") }
        set { set("version", newValue) }
    }
    /// ISO 639 code; Zenodo answers with the 3-letter form.
    public var language: String? {
        get { string("language") }
        set { set("language", newValue) }
    }
    public var notes: String? {
        get { string("notes") }
        set { set("notes", newValue) }
    }
    public var method: String? {
        get { string("method") }
        set { set("method", newValue) }
    }
    public var imprintPublisher: String? {
        get { string("imprint_publisher") }
        set { set("imprint_publisher", newValue) }
    }

    public var creators: [Person] {
        get { (raw["creators"]?.array ?? []).compactMap(Person.init(json:)) }
        set { raw["creators"] = .array(newValue.map(\.json)) }
    }
    public var contributors: [Person] {
        get { (raw["contributors"]?.array ?? []).compactMap(Person.init(json:)) }
        set { raw["contributors"] = .array(newValue.map(\.json)) }
    }
    /// Community slugs (`[{"identifier": slug}]` on the wire).
    public var communities: [String]? {
        get { raw["communities"]?.array?.compactMap { $0["identifier"]?.string } }
        set { raw["communities"] = newValue.map { .array($0.map { ["identifier": .string($0)] }) } }
    }
    public var relatedIdentifiers: [RelatedIdentifier]? {
        get { raw["related_identifiers"]?.array?.compactMap(RelatedIdentifier.init(json:)) }
        set { raw["related_identifiers"] = newValue.map { .array($0.map(\.json)) } }
    }
    /// Grant ids (`[{"id": "<funderDOI>::<award>"}]`).
    public var grants: [String]? { raw["grants"]?.array?.compactMap { $0["id"]?.string } }
    /// Fields held as raw JSON: `subjects`, `locations`, `dates`, `custom`, journal, conference,
    /// imprint, part-of and thesis fields are reached through the subscript.
    public static let knownFields: [String] = [
        "upload_type", "publication_type", "image_type", "publication_date", "title", "creators", "contributors",
        "thesis_supervisors", "description", "access_right", "embargo_date", "access_conditions", "license", "doi",
        "prereserve_doi", "keywords", "subjects", "notes", "method", "related_identifiers", "references", "communities",
        "grants", "version", "language", "locations", "dates", "journal_title", "journal_volume", "journal_issue",
        "journal_pages", "conference_title", "conference_acronym", "conference_dates", "conference_place",
        "conference_url", "conference_session", "conference_session_part", "imprint_publisher", "imprint_isbn",
        "imprint_place", "partof_title", "partof_pages", "thesis_university", "custom",
    ]
}

/// A creator or contributor: `name` as "Family, Given", with the keys ZenodoKit does not model kept.
public struct Person: Sendable, Hashable {
    public var name: String
    public var affiliation: String?
    public var orcid: String?
    public var gnd: String?
    /// Contributor role (`DataCurator`, `Supervisor`, …); `nil` for creators.
    public var type: String?
    public var extra: [String: JSONValue] = [:]

    public init(name: String, affiliation: String? = nil, orcid: String? = nil, gnd: String? = nil, type: String? = nil)
    {
        self.name = name
        self.affiliation = affiliation
        self.orcid = orcid
        self.gnd = gnd
        self.type = type
    }

    public init?(json: JSONValue) {
        guard var object = json.object else { return nil }
        name = object.removeValue(forKey: "name")?.string ?? ""
        affiliation = object.removeValue(forKey: "affiliation")?.string
        orcid = object.removeValue(forKey: "orcid")?.string
        gnd = object.removeValue(forKey: "gnd")?.string
        type = object.removeValue(forKey: "type")?.string
        extra = object
    }

    public var json: JSONValue {
        var object = extra
        object["name"] = .string(name)
        if let affiliation { object["affiliation"] = .string(affiliation) }
        if let orcid { object["orcid"] = .string(orcid) }
        if let gnd { object["gnd"] = .string(gnd) }
        if let type { object["type"] = .string(type) }
        return .object(object)
    }
}

public struct RelatedIdentifier: Sendable, Hashable {
    public var identifier: String
    public var relation: String
    public var resourceType: String?
    public var scheme: String?

    public init(identifier: String, relation: String, resourceType: String? = nil) {
        self.identifier = identifier
        self.relation = relation
        self.resourceType = resourceType
    }

    init?(json: JSONValue) {
        guard let identifier = json["identifier"]?.string, let relation = json["relation"]?.string else { return nil }
        self.identifier = identifier
        self.relation = relation
        resourceType = json["resource_type"]?.string
        scheme = json["scheme"]?.string
    }

    var json: JSONValue {
        var object: [String: JSONValue] = ["identifier": .string(identifier), "relation": .string(relation)]
        if let resourceType { object["resource_type"] = .string(resourceType) }
        if let scheme { object["scheme"] = .string(scheme) }
        return .object(object)
    }
}
