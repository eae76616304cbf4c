import FoundationEssentials
import ZenodoVocabularies

/// The legacy view of an InvenioRDM record's metadata: Zenodo's legacy serializer
/// (`site/zenodo_rdm/legacy/serializers/schemas/common.py` and `legacyjson.py`, zenodo/zenodo-rdm at
/// 6386403), producing the stored form the legacy routes show (dates still as `date`: `LegacyDates`
/// turns them into `start`/`end` when written out). What it has no field for is not shown:
/// subjects from vocabularies, several rights, funding without an award number, additional titles,
/// descriptions other than notes and methods, affiliations after the first, identifiers other than
/// ORCID and GND, dates' single values (on output).
enum LegacyFromRDM {
    static func metadata(_ record: JSONValue) -> JSONValue {
        let m = record["metadata"]?.objectValue ?? [:]
        let custom = record["custom_fields"]?.objectValue ?? [:]
        var l: [String: JSONValue] = [:]
        for key in ["title", "description", "publication_date", "version"] {
            if let value = m[key] { l[key] = value }
        }
        if let publisher = m["publisher"] { l["imprint_publisher"] = publisher }
        if let id = m["resource_type"]?["id"]?.stringValue {
            let parts = id.split(separator: "-", maxSplits: 1).map(String.init)
            l["upload_type"] = .string(parts[0])
            if parts.count == 2 { l["\(parts[0])_type"] = .string(parts[1]) }
        }
        if let creators = m["creators"]?.arrayValue { l["creators"] = .array(creators.map { person($0, role: false) }) }
        if let contributors = m["contributors"]?.arrayValue {
            l["contributors"] = .array(contributors.map { person($0, role: true) })
        }
        // One licence: the first right's id, through the inverted map; a title-only right is not shown.
        // `rdm_to_legacy`: the inverted map, nothing for an id it lacks.
        if let id = m["rights"]?.arrayValue?.first?["id"]?.stringValue, let legacy = Licenses.legacyID(rdm: id) {
            l["license"] = .string(legacy)
        }
        if let language = m["languages"]?.arrayValue?.first?["id"] { l["language"] = language }
        let keywords = (m["subjects"]?.arrayValue ?? []).filter { $0["id"] == nil }.compactMap { $0["subject"] }
        if !keywords.isEmpty { l["keywords"] = .array(keywords) }
        if let subjects = custom["legacy:subjects"] { l["subjects"] = subjects }
        if let dates = m["dates"]?.arrayValue {
            l["dates"] = .array(
                dates.map { entry in
                    var date: [String: JSONValue] = [
                        "date": entry["date"] ?? "", "type": entry["type"]?["id"] ?? .null,
                    ]
                    if let description = entry["description"] { date["description"] = description }
                    return .object(date)
                })
        }
        for entry in m["additional_descriptions"]?.arrayValue ?? [] {
            switch entry["type"]?["id"]?.stringValue {
            case "notes" where l["notes"] == nil: l["notes"] = entry["description"] ?? ""
            case "methods": l["method"] = entry["description"] ?? ""
            default: break
            }
        }
        if let references = m["references"]?.arrayValue, !references.isEmpty {
            l["references"] = .array(references.compactMap { $0["reference"] })
        }
        if let funding = m["funding"]?.arrayValue {
            let grants = funding.compactMap(grant)
            if !grants.isEmpty { l["grants"] = .array(grants) }
        }
        if let features = m["locations"]?["features"]?.arrayValue { l["locations"] = .array(features.map(location)) }
        let related = relatedIdentifiers(m)
        if !related.isEmpty { l["related_identifiers"] = .array(related) }

        legacyCustomFields(custom, into: &l)
        if let communities = custom["legacy:communities"]?.arrayValue, !communities.isEmpty {
            l["communities"] = .array(communities.map { ["identifier": $0] })
        }
        access(record["access"], into: &l)
        if let doi = record["pids"]?["doi"], doi["provider"]?.stringValue == "external", let id = doi["identifier"] {
            l["doi"] = id
        }
        return .object(l)
    }

    /// `CreatorSchema`/`ContributorSchema`: name, first affiliation (`null` without), ORCID and
    /// GND; a contributor's role in its legacy spelling, `null` when it has none.
    static func person(_ value: JSONValue, role: Bool) -> JSONValue {
        let p = value["person_or_org"] ?? .object([:])
        var name = p["name"]?.stringValue ?? ""
        if name.isEmpty, let family = p["family_name"]?.stringValue {
            let given = p["given_name"]?.stringValue ?? ""
            name = given.isEmpty ? family : "\(family), \(given)"
        }
        var person: [String: JSONValue] = ["name": .string(name)]
        person["affiliation"] = value["affiliations"]?.arrayValue?.first?["name"] ?? .null
        for identifier in p["identifiers"]?.arrayValue ?? [] {
            if let scheme = identifier["scheme"]?.stringValue, ["orcid", "gnd"].contains(scheme) {
                person[scheme] = identifier["identifier"]
            }
        }
        if role {
            let id = value["role"]?["id"]?.stringValue
            person["type"] =
                ServerVocabulary.contributorTypes.first { $0.lowercased() == id }.map(JSONValue.string) ?? .null
        }
        return .object(person)
    }

    /// `dump_grants`: `{"id": "funder::award"}` for funding with both parts.
    static func grant(_ funding: JSONValue) -> JSONValue? {
        guard let funder = funding["funder"]?["id"]?.stringValue else { return nil }
        let number =
            funding["award"]?["number"]?.stringValue
            ?? funding["award"]?["id"]?.stringValue?.components(separatedBy: "::").last
        guard let number, !number.isEmpty else { return nil }
        // `_grant`: the funder's ROR id back to its DOI (`FUNDER_ROR_TO_DOI`) where it has one.
        return ["id": .string("\(FunderIDs.doi(forROR: funder) ?? funder)::\(number)")]
    }

    static func location(_ feature: JSONValue) -> JSONValue {
        var location: [String: JSONValue] = [:]
        if let place = feature["place"] { location["place"] = place }
        if let description = feature["description"] { location["description"] = description }
        if let coordinates = feature["geometry"]?["coordinates"]?.arrayValue, coordinates.count == 2 {
            location["lon"] = coordinates[0]
            location["lat"] = coordinates[1]
        }
        return .object(location)
    }

    /// `RelatedIdentifierSchema` plus `hook_alternate_identifiers` (alternates come last).
    static func relatedIdentifiers(_ m: [String: JSONValue]) -> [JSONValue] {
        var result: [JSONValue] = []
        for entry in m["related_identifiers"]?.arrayValue ?? [] {
            var item: [String: JSONValue] = [:]
            if let identifier = entry["identifier"] { item["identifier"] = identifier }
            if let scheme = entry["scheme"] { item["scheme"] = scheme }
            let id = entry["relation_type"]?["id"]?.stringValue ?? ""
            if let relation = ServerVocabulary.relations.first(where: { $0.lowercased() == id }) {
                item["relation"] = .string(relation)
            }
            if let type = entry["resource_type"]?["id"] { item["resource_type"] = type }
            result.append(.object(item))
        }
        for entry in m["identifiers"]?.arrayValue ?? [] {
            result.append([
                "identifier": entry["identifier"] ?? "", "scheme": entry["scheme"] ?? "other",
                "relation": "isAlternateIdentifier",
            ])
        }
        return result
    }

    static func legacyCustomFields(_ custom: [String: JSONValue], into l: inout [String: JSONValue]) {
        let groups: [(String, [(String, String)])] = [
            (
                "journal:journal",
                [
                    ("title", "journal_title"), ("volume", "journal_volume"), ("issue", "journal_issue"),
                    ("pages", "journal_pages"),
                ]
            ),
            (
                "meeting:meeting",
                [
                    ("title", "conference_title"), ("acronym", "conference_acronym"), ("dates", "conference_dates"),
                    ("place", "conference_place"), ("url", "conference_url"), ("session", "conference_session"),
                    ("session_part", "conference_session_part"),
                ]
            ),
            (
                "imprint:imprint",
                [
                    ("title", "partof_title"), ("pages", "partof_pages"), ("isbn", "imprint_isbn"),
                    ("place", "imprint_place"),
                ]
            ),
            ("thesis:thesis", [("university", "thesis_university")]),
        ]
        for (key, pairs) in groups {
            guard let object = custom[key]?.objectValue else { continue }
            for (rdm, legacy) in pairs { if let value = object[rdm] { l[legacy] = value } }
        }
        let prefixes = ["legacy:", "thesis:", "imprint:", "meeting:", "journal:", "part_of:"]
        let rest = custom.filter { key, _ in !prefixes.contains { key.hasPrefix($0) } }
        if !rest.isEmpty { l["custom"] = .object(rest) }
    }

    /// `dump_access_right`: open when files are public, embargoed while an embargo is active,
    /// restricted otherwise.
    static func access(_ access: JSONValue?, into l: inout [String: JSONValue]) {
        let files = access?["files"]?.stringValue ?? "public"
        let embargoed = access?["embargo"]?["active"] == .bool(true)
        if files == "public" {
            l["access_right"] = "open"
        } else if embargoed {
            l["access_right"] = "embargoed"
        } else {
            l["access_right"] = "restricted"
        }
        if let until = access?["embargo"]?["until"], until != .null { l["embargo_date"] = until }
    }
}
