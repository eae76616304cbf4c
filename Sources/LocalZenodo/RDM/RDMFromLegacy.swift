import EssentialsExtras
import FoundationEssentials
import ZenodoVocabularies

/// What a legacy save writes into the InvenioRDM record: Zenodo's legacy deserializer
/// (`site/zenodo_rdm/legacy/deserializers/metadata.py`, `schemas.py`, zenodo/zenodo-rdm at 6386403)
/// applied to metadata the `LegacyMetadataLoader` has already validated and normalised. The result
/// is the stored truth; the legacy view is `LegacyFromRDM` of it, so whatever the legacy form
/// cannot carry is lost on a legacy save, as on Zenodo.
///
/// The record parts: `metadata`, `custom_fields`, `access`, and `pids` (an external DOI).
enum RDMFromLegacy {
    static func record(_ legacy: JSONValue) -> JSONValue {
        let l = legacy.objectValue ?? [:]
        var metadata: [String: JSONValue] = [:]
        var custom: [String: JSONValue] = [:]
        for key in ["title", "description", "publication_date", "version"] {
            if let value = l[key] { metadata[key] = value }
        }
        if let publisher = l["imprint_publisher"] { metadata["publisher"] = publisher }
        if let type = l["upload_type"]?.stringValue {
            let id = l["\(type)_type"]?.stringValue.map { "\(type)-\($0)" } ?? type
            metadata["resource_type"] = ["id": .string(id)]
        }
        if let creators = l["creators"]?.arrayValue {
            metadata["creators"] = .array(creators.map { person($0, role: false) })
        }
        if let contributors = l["contributors"]?.arrayValue {
            metadata["contributors"] = .array(contributors.map { person($0, role: true) })
        }
        if let rdm = l[LegacyMetadataLoader.rightsIDKey]?.stringValue {
            metadata["rights"] = [["id": .string(rdm)]]
        } else if let id = l["license"]?.stringValue, let stored = Licenses.load(id), case .rdm(let rdm) = stored {
            metadata["rights"] = [["id": .string(rdm)]]
        } else if let title = l[LegacyMetadataLoader.titleOnlyLicenceKey]?.stringValue {
            metadata["rights"] = [["title": ["en": .string(title)]]]
        }
        if let language = l["language"]?.stringValue { metadata["languages"] = [["id": .string(language)]] }
        if let keywords = l["keywords"]?.arrayValue, !keywords.isEmpty {
            metadata["subjects"] = .array(keywords.map { ["subject": $0] })
        }
        if let subjects = l["subjects"] { custom["legacy:subjects"] = subjects }
        if let dates = l["dates"]?.arrayValue {
            metadata["dates"] = .array(
                dates.map { entry in
                    var date: [String: JSONValue] = ["date": entry["date"] ?? "", "type": ["id": entry["type"] ?? ""]]
                    if let description = entry["description"] { date["description"] = description }
                    return .object(date)
                })
        }
        var descriptions: [JSONValue] = []
        if let notes = l["notes"]?.stringValue, !notes.isEmpty {
            descriptions.append(["description": .string(notes), "type": ["id": "notes"]])
        }
        if let method = l["method"]?.stringValue, !method.isEmpty {
            descriptions.append(["description": .string(method), "type": ["id": "methods"]])
        }
        if !descriptions.isEmpty { metadata["additional_descriptions"] = .array(descriptions) }
        if let references = l["references"]?.arrayValue {
            metadata["references"] = .array(references.map { ["reference": $0] })
        }
        if let grants = l["grants"]?.arrayValue { metadata["funding"] = .array(grants.compactMap(funding)) }
        if let locations = l["locations"]?.arrayValue {
            metadata["locations"] = ["features": .array(locations.map(feature))]
        }
        related(l["related_identifiers"]?.arrayValue ?? [], into: &metadata)

        customFields(l, into: &custom)
        if let communities = l["communities"]?.arrayValue {
            custom["legacy:communities"] = .array(communities.compactMap { $0["identifier"] })
        }
        var record: [String: JSONValue] = ["metadata": .object(metadata), "access": access(l)]
        if !custom.isEmpty { record["custom_fields"] = .object(custom) }
        if let doi = l["doi"]?.stringValue, !doi.isEmpty {
            record["pids"] = ["doi": ["identifier": .string(doi), "provider": "external"]]
        }
        return .object(record)
    }

    /// `PersonSchema`: "Family, Given" is split, anything else is a family name; ORCID and GND
    /// become identifiers; the affiliation a one-element list; a contributor's type its role.
    static func person(_ value: JSONValue, role: Bool) -> JSONValue {
        let name = value["name"]?.stringValue ?? ""
        var person: [String: JSONValue] = ["type": "personal", "name": .string(name)]
        let parts = name.split(separator: ",", omittingEmptySubsequences: false)
        if parts.count == 2 {
            person["family_name"] = .string(parts[0].trimming(.whitespaces))
            person["given_name"] = .string(parts[1].trimming(.whitespaces))
        } else {
            person["family_name"] = .string(name)
        }
        var identifiers: [JSONValue] = []
        for scheme in ["orcid", "gnd"] {
            if let id = value[scheme]?.stringValue, !id.isEmpty {
                identifiers.append(["scheme": .string(scheme), "identifier": .string(id)])
            }
        }
        if !identifiers.isEmpty { person["identifiers"] = .array(identifiers) }
        var entry: [String: JSONValue] = ["person_or_org": .object(person)]
        if let affiliation = value["affiliation"]?.stringValue, !affiliation.isEmpty {
            entry["affiliations"] = [["name": .string(affiliation)]]
        }
        if role, let type = value["type"]?.stringValue { entry["role"] = ["id": .string(type.lowercased())] }
        return .object(entry)
    }

    /// `load_funding`: the funder DOI mapped to its ROR id (`FunderIDs`), the award `ROR::number`.
    static func funding(_ grant: JSONValue) -> JSONValue? {
        guard let id = grant["id"]?.stringValue, let ids = FunderIDs.funding(legacyGrantID: id) else { return nil }
        // The award as a read dereferences it from the vocabulary: its number with its id.
        let number = String(ids.award.dropFirst(ids.funder.count + 2))
        return ["funder": ["id": .string(ids.funder)], "award": ["id": .string(ids.award), "number": .string(number)]]
    }

    /// `load_locations`: `[lon, lat]` geometry when both are given.
    static func feature(_ location: JSONValue) -> JSONValue {
        var feature: [String: JSONValue] = [:]
        if let place = location["place"] { feature["place"] = place }
        if let lat = location["lat"], let lon = location["lon"], lat != .null, lon != .null {
            feature["geometry"] = ["type": "Point", "coordinates": [lon, lat]]
        }
        if let description = location["description"]?.stringValue, !description.isEmpty {
            feature["description"] = .string(description)
        }
        return .object(feature)
    }

    /// `split_identifiers` and `load_related_identifiers`: `isAlternateIdentifier` entries become
    /// `identifiers`; the others keep their detected scheme and a lower-case relation id.
    static func related(_ items: [JSONValue], into metadata: inout [String: JSONValue]) {
        var related: [JSONValue] = []
        var alternate: [JSONValue] = []
        for item in items {
            let identifier = item["identifier"] ?? ""
            let scheme = item["scheme"] ?? "other"
            let relation = item["relation"]?.stringValue ?? ""
            if relation == "isAlternateIdentifier" {
                alternate.append(["identifier": identifier, "scheme": scheme])
                continue
            }
            var entry: [String: JSONValue] = [
                "identifier": identifier, "scheme": scheme, "relation_type": ["id": .string(relation.lowercased())],
            ]
            if let type = item["resource_type"]?.stringValue, !type.isEmpty {
                entry["resource_type"] = ["id": .string(type)]
            }
            related.append(.object(entry))
        }
        if !related.isEmpty { metadata["related_identifiers"] = .array(related) }
        if !alternate.isEmpty { metadata["identifiers"] = .array(alternate) }
    }

    /// `load_custom_fields`: journal, meeting, imprint and thesis fields, and the legacy `custom`.
    static func customFields(_ l: [String: JSONValue], into custom: inout [String: JSONValue]) {
        func group(_ pairs: [(String, String)]) -> JSONValue? {
            var object: [String: JSONValue] = [:]
            for (legacy, rdm) in pairs { if let value = l[legacy], value != .null { object[rdm] = value } }
            return object.isEmpty ? nil : .object(object)
        }
        custom["journal:journal"] = group([
            ("journal_title", "title"), ("journal_volume", "volume"), ("journal_issue", "issue"),
            ("journal_pages", "pages"),
        ])
        custom["meeting:meeting"] = group([
            ("conference_title", "title"), ("conference_acronym", "acronym"), ("conference_dates", "dates"),
            ("conference_place", "place"), ("conference_url", "url"), ("conference_session", "session"),
            ("conference_session_part", "session_part"),
        ])
        custom["imprint:imprint"] = group([
            ("partof_title", "title"), ("partof_pages", "pages"), ("imprint_isbn", "isbn"), ("imprint_place", "place"),
        ])
        custom["thesis:thesis"] = group([("thesis_university", "university")])
        for (key, value) in l["custom"]?.objectValue ?? [:] { custom[key] = value }
    }

    /// `load_access`: files public when open, restricted otherwise; an embargo until its date.
    static func access(_ l: [String: JSONValue]) -> JSONValue {
        let right = l["access_right"]?.stringValue ?? "open"
        var access: [String: JSONValue] = [
            "record": "public", "files": .string(right == "open" ? "public" : "restricted"),
        ]
        if right == "embargoed", let until = l["embargo_date"] {
            access["embargo"] = ["active": true, "until": until, "reason": .null]
        } else {
            access["embargo"] = ["active": false, "reason": .null]
        }
        return .object(access)
    }
}
