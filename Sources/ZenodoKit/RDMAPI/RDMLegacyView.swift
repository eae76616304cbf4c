import FoundationEssentials
import ZenodoVocabularies

/// How ZenodoKit shows an InvenioRDM record to the front ends, which speak the legacy deposit
/// API's model: the legacy view of its metadata (as Zenodo's legacy serializer would give it,
/// predicted independently of LocalZenodo), while the record itself is kept whole so that a save
/// changes only what was edited (`RDMMetadataMerge`).
///
/// Two differences on purpose: a single date shows as `start` = `end` = the date, so that it can be
/// edited and sent back, which the legacy API cannot do; and what the legacy model has no place
/// for is shown as lines under `rdm:` keys (`RDMNativeFields`), so the front ends can edit it.
enum RDMLegacyView {
    static func metadata(_ record: JSONValue) -> JSONValue {
        let m = record["metadata"]?.object ?? [:]
        let custom = record["custom_fields"]?.object ?? [:]
        var l: [String: JSONValue] = [:]
        for key in ["title", "description", "publication_date", "version"] { if let value = m[key] { l[key] = value } }
        if let publisher = m["publisher"] { l["imprint_publisher"] = publisher }
        if let id = m["resource_type"]?["id"]?.string {
            let parts = id.split(separator: "-", maxSplits: 1).map(String.init)
            l["upload_type"] = .string(parts[0])
            if parts.count == 2 { l["\(parts[0])_type"] = .string(parts[1]) }
        }
        if let creators = m["creators"]?.array { l["creators"] = .array(creators.map { person($0, role: false) }) }
        if let contributors = m["contributors"]?.array {
            l["contributors"] = .array(contributors.map { person($0, role: true) })
        }
        if let id = m["rights"]?.array?.first?["id"]?.string { l["license"] = .string(id) }
        if let language = m["languages"]?.array?.first?["id"] { l["language"] = language }
        let keywords = (m["subjects"]?.array ?? []).filter { $0["id"] == nil }.compactMap { $0["subject"] }
        if !keywords.isEmpty { l["keywords"] = .array(keywords) }
        if let dates = m["dates"]?.array {
            l["dates"] = .array(
                dates.map { entry in
                    let date = entry["date"]?.string ?? ""
                    let parts = date.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                    var legacy: [String: JSONValue] = [
                        "start": .string(parts[0]), "end": .string(parts.count == 2 ? parts[1] : parts[0]),
                        "type": .string(capitalized(entry["type"]?["id"]?.string ?? "")),
                    ]
                    if let description = entry["description"] { legacy["description"] = description }
                    return .object(legacy)
                })
        }
        for entry in m["additional_descriptions"]?.array ?? [] {
            switch entry["type"]?["id"]?.string {
            case "notes" where l["notes"] == nil: l["notes"] = entry["description"] ?? ""
            case "methods": l["method"] = entry["description"] ?? ""
            default: break
            }
        }
        if let references = m["references"]?.array, !references.isEmpty {
            l["references"] = .array(references.compactMap { $0["reference"] })
        }
        let grants = (m["funding"]?.array ?? []).compactMap { funding -> JSONValue? in
            guard let funder = funding["funder"]?["id"]?.string,
                let number = funding["award"]?["number"]?.string
                    ?? funding["award"]?["id"]?.string?.components(separatedBy: "::").last
            else { return nil }
            return ["id": .string("\(funder)::\(number)")]
        }
        if !grants.isEmpty { l["grants"] = .array(grants) }
        var related: [JSONValue] = (m["related_identifiers"]?.array ?? []).map { entry in
            var item: [String: JSONValue] = [
                "identifier": entry["identifier"] ?? "", "scheme": entry["scheme"] ?? "other",
            ]
            let id = entry["relation_type"]?["id"]?.string ?? ""
            item["relation"] = .string(Vocabulary.relations.first { $0.lowercased() == id } ?? id)
            if let type = entry["resource_type"]?["id"] { item["resource_type"] = type }
            return .object(item)
        }
        related += (m["identifiers"]?.array ?? []).map {
            [
                "identifier": $0["identifier"] ?? "", "scheme": $0["scheme"] ?? "other",
                "relation": "isAlternateIdentifier",
            ]
        }
        if !related.isEmpty { l["related_identifiers"] = .array(related) }
        for (group, pairs) in customGroups {
            for (rdm, legacy) in pairs { if let value = custom[group]?[rdm] { l[legacy] = value } }
        }
        if let subjects = custom["legacy:subjects"] { l["subjects"] = subjects }
        if let features = m["locations"]?["features"]?.array {
            l["locations"] = .array(
                features.map { feature in
                    var location: [String: JSONValue] = ["place": feature["place"] ?? ""]
                    if let point = feature["geometry"]?["coordinates"]?.array, point.count == 2 {
                        location["lon"] = point[0]
                        location["lat"] = point[1]
                    }
                    if let description = feature["description"] { location["description"] = description }
                    return .object(location)
                })
        }
        let access = record["access"]
        let embargoed = access?["embargo"]?["active"] == .bool(true)
        l["access_right"] = access?["files"]?.string == "restricted" ? (embargoed ? "embargoed" : "restricted") : "open"
        if let until = access?["embargo"]?["until"], until != .null { l["embargo_date"] = until }
        if let doi = record["pids"]?["doi"]?["identifier"] {
            if record["pids"]?["doi"]?["provider"]?.string == "external" {
                l["doi"] = doi
            } else {
                l["prereserve_doi"] = ["doi": doi]
            }
        }
        l.merge(RDMNativeFields.view(m)) { _, native in native }
        return .object(l)
    }

    static func person(_ value: JSONValue, role: Bool) -> JSONValue {
        let p = value["person_or_org"] ?? .object([:])
        var name = p["name"]?.string ?? ""
        if name.isEmpty {
            let family = p["family_name"]?.string ?? ""
            let given = p["given_name"]?.string ?? ""
            name = given.isEmpty ? family : "\(family), \(given)"
        }
        var person: [String: JSONValue] = [
            "name": .string(name), "affiliation": value["affiliations"]?.array?.first?["name"] ?? .null,
        ]
        for identifier in p["identifiers"]?.array ?? [] {
            if let scheme = identifier["scheme"]?.string, ["orcid", "gnd"].contains(scheme) {
                person[scheme] = identifier["identifier"]
            }
        }
        if role {
            let id = value["role"]?["id"]?.string ?? ""
            person["type"] = Vocabulary.contributorTypes.first { $0.lowercased() == id }.map(JSONValue.string) ?? .null
        }
        person.merge(RDMNativeFields.view(person: value)) { _, native in native }
        return .object(person)
    }

    static func capitalized(_ id: String) -> String { id.prefix(1).uppercased() + id.dropFirst() }

    static let customGroups: [(String, [(String, String)])] = [
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

    /// A record or draft in RDM JSON as the legacy deposition JSON `Deposition(json:)` reads.
    static func deposition(_ record: JSONValue, draft: Bool, api: String) -> JSONValue {
        let id = Int(record["id"]?.string ?? "") ?? record["id"]?.int ?? 0
        let published = record["is_published"]?.bool ?? false
        let state = !published ? "unsubmitted" : (draft ? "inprogress" : "done")
        var metadata = metadata(record).object ?? [:]
        let parentDOI = record["parent"]?["pids"]?["doi"]?["identifier"]
        let doi = published ? record["pids"]?["doi"]?["identifier"] : nil
        if metadata["prereserve_doi"] == nil, !published {
            metadata["prereserve_doi"] = record["pids"]?["doi"].map { ["doi": $0["identifier"] ?? .null] }
        }
        let entries: [JSONValue]
        switch record["files"]?["entries"] {
        case .object(let object)?:
            entries = Array(object.values).sorted { ($0["key"]?.string ?? "") < ($1["key"]?.string ?? "") }
        case .array(let array)?: entries = array
        default: entries = []
        }
        let files: [JSONValue] = entries.filter { $0["status"]?.string != "pending" }.map(file)
        let recordURL = "\(api)/records/\(id)"
        var links: [String: JSONValue] = [
            "self": .string(draft ? recordURL + "/draft" : recordURL), "record": .string(recordURL),
            "draft_files": .string(recordURL + "/draft/files"),
        ]
        if let html = record["links"]?["self_html"] { links["html"] = html }
        // An edit draft's files endpoint too: its files may have been unlocked (`file-modification`),
        // which the record does not say; the server decides an upload.
        if draft { links["bucket"] = .string(recordURL + "/draft/files") }
        var object: [String: JSONValue] = [
            "id": .int(id), "record_id": .int(id), "conceptrecid": record["parent"]?["id"] ?? .null,
            "owner": record["parent"]?["access"]?["owned_by"]?["user"].flatMap {
                $0.string.flatMap(Int.init).map(JSONValue.int)
            } ?? .null,
            "title": record["metadata"]?["title"] ?? "", "state": .string(state), "submitted": .bool(published),
            "created": record["created"] ?? .null, "modified": record["updated"] ?? .null,
            "metadata": .object(metadata), "files": .array(files), "links": .object(links),
        ]
        if let doi { object["doi"] = doi }
        if let parentDOI { object["conceptdoi"] = parentDOI }
        return .object(object)
    }

    /// A file entry (`completed`) as the legacy file JSON; a pending one keeps no id.
    static func file(_ entry: JSONValue) -> JSONValue {
        var file: [String: JSONValue] = [
            "filename": entry["key"] ?? "", "filesize": entry["size"] ?? 0,
            "checksum": entry["checksum"] ?? .null,
            "links": ["self": entry["links"]?["self"] ?? .null, "download": entry["links"]?["content"] ?? .null],
        ]
        file["id"] =
            entry["status"]?.string == "pending" ? .null : (entry["file_id"] ?? entry["id"] ?? entry["key"] ?? .null)
        return .object(file)
    }
}
