import EssentialsExtras
import FoundationEssentials
import ZenodoVocabularies

/// A save through the native API changes only what the user edited: the legacy-model metadata
/// the front ends edit is compared with the view it started from, and each group of fields that
/// changed is written into the record; everything else in the record (vocabulary subjects,
/// further rights and affiliations, funding details, custom fields, additional titles) is sent
/// back exactly as it was read.
enum RDMMetadataMerge {
    /// The record parts to PUT: `original` with the edited groups rewritten.
    static func merge(edited: [String: JSONValue], shown: [String: JSONValue], into original: JSONValue) -> JSONValue {
        var record = original
        var metadata = original["metadata"]?.object ?? [:]
        var custom = original["custom_fields"]?.object ?? [:]
        func changed(_ keys: [String]) -> Bool { keys.contains { edited[$0] != shown[$0] } }

        for key in ["title", "description", "publication_date", "version"] where changed([key]) {
            metadata[key] = edited[key]
        }
        if changed(["imprint_publisher"]) { metadata["publisher"] = edited["imprint_publisher"] }
        let type = edited["upload_type"]?.string
        let typeKeys =
            ["upload_type"] + Array(Set([shown["upload_type"]?.string, type].compactMap { $0 }.map { "\($0)_type" }))
        if changed(typeKeys) {
            if let type {
                let id = edited["\(type)_type"]?.string.map { "\(type)-\($0)" } ?? type
                metadata["resource_type"] = ["id": .string(id)]
            } else {
                metadata["resource_type"] = nil
            }
        }
        for (key, role) in [("creators", false), ("contributors", true)] where changed([key]) {
            metadata[key] = people(
                edited[key]?.array, shown: shown[key]?.array ?? [], original: metadata[key]?.array ?? [], role: role)
        }
        if changed(["license"]) {
            var rights = metadata["rights"]?.array ?? []
            if !rights.isEmpty { rights.removeFirst() }
            if let id = edited["license"]?.string {
                rights.insert(["id": .string(LegacyLicences.rdmID(id) ?? id)], at: 0)
            }
            metadata["rights"] = rights.isEmpty ? nil : .array(rights)
        }
        if changed(["language"]) {
            if let code = edited["language"]?.string, !code.isEmpty {
                let id = code.count == 2 ? (LanguageTables.fromTwoLetter[code.lowercased()] ?? code) : code
                metadata["languages"] = [["id": .string(id)]]
            } else {
                metadata["languages"] = nil
            }
        }
        if changed(["keywords"]) {
            let vocabulary = (metadata["subjects"]?.array ?? []).filter { $0["id"] != nil }
            let free = (edited["keywords"]?.array ?? []).map { JSONValue.object(["subject": $0]) }
            metadata["subjects"] = vocabulary.isEmpty && free.isEmpty ? nil : .array(vocabulary + free)
        }
        if changed(["dates"]) {
            metadata["dates"] = edited["dates"]?.array.map { dates in
                .array(
                    dates.map { entry in
                        let start = entry["start"]?.string ?? ""
                        let end = entry["end"]?.string ?? ""
                        let date = start.isEmpty ? end : (end.isEmpty || end == start ? start : "\(start)/\(end)")
                        var out: [String: JSONValue] = [
                            "date": .string(date),
                            "type": ["id": .string((entry["type"]?.string ?? "other").lowercased())],
                        ]
                        if let description = entry["description"]?.string, !description.isEmpty {
                            out["description"] = .string(description)
                        }
                        return .object(out)
                    })
            }
        }
        if changed(["notes", "method"]) {
            var descriptions = (metadata["additional_descriptions"]?.array ?? []).filter {
                !["notes", "methods"].contains($0["type"]?["id"]?.string ?? "")
            }
            if let notes = edited["notes"]?.string, !notes.isEmpty {
                descriptions.append(["description": .string(notes), "type": ["id": "notes"]])
            }
            if let method = edited["method"]?.string, !method.isEmpty {
                descriptions.append(["description": .string(method), "type": ["id": "methods"]])
            }
            metadata["additional_descriptions"] = descriptions.isEmpty ? nil : .array(descriptions)
        }
        if changed(["references"]) {
            metadata["references"] = edited["references"]?.array.map { .array($0.map { ["reference": $0] }) }
        }
        if changed(["related_identifiers"]) {
            let items = edited["related_identifiers"]?.array ?? []
            let related = items.filter { $0["relation"]?.string != "isAlternateIdentifier" }.map { item -> JSONValue in
                var out: [String: JSONValue] = [
                    "identifier": item["identifier"] ?? "",
                    "scheme": item["scheme"] ?? .string(scheme(of: item["identifier"]?.string ?? "")),
                    "relation_type": ["id": .string((item["relation"]?.string ?? "").lowercased())],
                ]
                if let type = item["resource_type"]?.string, !type.isEmpty {
                    out["resource_type"] = ["id": .string(type)]
                }
                return .object(out)
            }
            let alternate = items.filter { $0["relation"]?.string == "isAlternateIdentifier" }.map {
                JSONValue.object([
                    "identifier": $0["identifier"] ?? "",
                    "scheme": $0["scheme"] ?? .string(scheme(of: $0["identifier"]?.string ?? "")),
                ])
            }
            metadata["related_identifiers"] = related.isEmpty ? nil : .array(related)
            metadata["identifiers"] = alternate.isEmpty ? nil : .array(alternate)
        }
        if changed(["grants"]) {
            let kept = metadata["funding"]?.array ?? []
            metadata["funding"] = (edited["grants"]?.array).map { grants in
                .array(
                    grants.compactMap { grant -> JSONValue? in
                        // `load_funding`: a funder DOI becomes its ROR id (zenodo-rdm `FUNDER_DOI_TO_ROR`).
                        guard let id = grant["id"]?.string, let ids = FunderIDs.funding(legacyGrantID: id) else {
                            return nil
                        }
                        let parts = ids.award.components(separatedBy: "::")
                        // An award the record already had keeps its details (title, identifiers…).
                        if let same = kept.first(where: {
                            $0["funder"]?["id"]?.string == parts[0]
                                && ($0["award"]?["number"]?.string
                                    ?? $0["award"]?["id"]?.string?.components(separatedBy: "::").last) == parts[1]
                        }) {
                            return same
                        }
                        return [
                            "funder": ["id": .string(parts[0])],
                            "award": ["id": .string(ids.award), "number": .string(parts[1])],
                        ]
                    })
            }
        }
        if changed(["subjects"]) { custom["legacy:subjects"] = edited["subjects"].flatMap { $0 == .null ? nil : $0 } }
        if changed(["locations"]) {
            // Only points come through the legacy form; a shape the record had stays when its place is kept.
            let before = metadata["locations"]?["features"]?.array ?? []
            let features = (edited["locations"]?.array ?? []).map { location -> JSONValue in
                var feature: [String: JSONValue] = [:]
                if let place = location["place"]?.string, !place.isEmpty { feature["place"] = .string(place) }
                if let lat = location["lat"], let lon = location["lon"], lat != .null, lon != .null {
                    feature["geometry"] = ["type": "Point", "coordinates": [lon, lat]]
                } else if let same = before.first(where: { $0["place"] == location["place"] }),
                    let shape = same["geometry"]
                {
                    feature["geometry"] = shape
                }
                if let description = location["description"]?.string, !description.isEmpty {
                    feature["description"] = .string(description)
                }
                return .object(feature)
            }
            metadata["locations"] = features.isEmpty ? nil : ["features": .array(features)]
        }
        RDMNativeFields.merge(edited: edited, shown: shown, into: &metadata)
        for (group, pairs) in RDMLegacyView.customGroups where changed(pairs.map(\.1)) {
            var object = custom[group]?.object ?? [:]
            for (rdm, legacy) in pairs { object[rdm] = edited[legacy].flatMap { $0 == .null ? nil : $0 } }
            custom[group] = object.isEmpty ? nil : .object(object)
        }
        if changed(["access_right", "embargo_date"]) {
            let right = edited["access_right"]?.string ?? "open"
            var access = original["access"]?.object ?? ["record": "public"]
            access["files"] = .string(right == "open" ? "public" : "restricted")
            access["embargo"] =
                right == "embargoed"
                ? ["active": true, "until": edited["embargo_date"] ?? .null, "reason": .null]
                : ["active": false, "reason": .null]
            record["access"] = .object(access)
        }
        if changed(["doi"]) {
            var pids = original["pids"]?.object ?? [:]
            if let doi = edited["doi"]?.string, !doi.isEmpty {
                pids["doi"] = ["identifier": .string(doi), "provider": "external"]
            } else if pids["doi"]?["provider"]?.string == "external" {
                pids["doi"] = nil
            }
            record["pids"] = .object(pids)
        }
        record["metadata"] = .object(metadata)
        if !custom.isEmpty || original["custom_fields"] != nil { record["custom_fields"] = .object(custom) }
        return record
    }

    /// People: an entry whose legacy form is unchanged keeps its record entry whole; a changed one
    /// is rewritten, keeping what the legacy form does not show (other identifiers, further
    /// affiliations) when it is the same person (same name) as before at that place.
    static func people(_ edited: [JSONValue]?, shown: [JSONValue], original: [JSONValue], role: Bool) -> JSONValue? {
        guard let edited else { return nil }
        return .array(
            edited.enumerated().map { index, person in
                if let at = shown.firstIndex(of: person), original.indices.contains(at) { return original[at] }
                // The same person (same name) at this place as before keeps what the form does not show.
                let before: JSONValue? =
                    shown.indices.contains(index) && original.indices.contains(index)
                        && shown[index]["name"] == person["name"]
                    ? original[index] : nil
                var entry = fresh(person, role: role)
                let native = RDMNativeFields.personLists(person, original: before)
                var p = entry["person_or_org"]?.object ?? [:]
                let kept =
                    native.identifiers
                    ?? (before?["person_or_org"]?["identifiers"]?.array ?? []).filter {
                        !["orcid", "gnd"].contains($0["scheme"]?.string ?? "")
                    }
                if !kept.isEmpty { p["identifiers"] = .array((p["identifiers"]?.array ?? []) + kept) }
                entry["person_or_org"] = .object(p)
                if let affiliations = native.affiliations {
                    entry["affiliations"] = affiliations.isEmpty ? nil : .array(affiliations)
                } else if let further = before?["affiliations"]?.array?.dropFirst(), !further.isEmpty {
                    entry["affiliations"] = .array((entry["affiliations"]?.array ?? []) + further)
                }
                return .object(entry)
            })
    }

    static func fresh(_ person: JSONValue, role: Bool) -> [String: JSONValue] {
        let name = person["name"]?.string ?? ""
        var p: [String: JSONValue] = ["type": "personal"]
        let parts = name.split(separator: ",", omittingEmptySubsequences: false)
        if person[RDMNativeFields.organizational]?.bool == true {
            p = ["type": "organizational", "name": .string(name)]
        } else if parts.count == 2 {
            p["family_name"] = .string(parts[0].trimming(.whitespaces))
            p["given_name"] = .string(parts[1].trimming(.whitespaces))
        } else {
            p["family_name"] = .string(name)
        }
        var identifiers: [JSONValue] = []
        for scheme in ["orcid", "gnd"] {
            if let id = person[scheme]?.string, !id.isEmpty {
                identifiers.append(["scheme": .string(scheme), "identifier": .string(id)])
            }
        }
        if !identifiers.isEmpty { p["identifiers"] = .array(identifiers) }
        var entry: [String: JSONValue] = ["person_or_org": .object(p)]
        if let affiliation = person["affiliation"]?.string, !affiliation.isEmpty {
            entry["affiliations"] = [["name": .string(affiliation)]]
        }
        if role, let type = person["type"]?.string { entry["role"] = ["id": .string(type.lowercased())] }
        return entry
    }

    /// The identifier scheme InvenioRDM would detect (the common ones).
    static func scheme(of identifier: String) -> String {
        let lower = identifier.lowercased()
        if lower.hasPrefix("10.") || lower.hasPrefix("doi:") || lower.contains("doi.org/10.") { return "doi" }
        if lower.hasPrefix("arxiv:") { return "arxiv" }
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return "url" }
        return "other"
    }
}
