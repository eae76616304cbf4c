import EssentialsExtras
import FoundationEssentials

/// What InvenioRDM's record schema refuses in the parts of a record only the native API carries
/// (`invenio_rdm_records/services/schemas/metadata.py`): checked locally, under the form's keys,
/// so a problem shows beside its field before a save or a publish. The legacy deposit API's own
/// limits (`LegacySaveCheck`) do not apply to records read natively.
public enum RDMChecklist {
    public static func problems(_ m: DepositionMetadata) -> [ZenodoError.FieldError] {
        var found: [ZenodoError.FieldError] = []
        func add(_ field: String, _ message: String) {
            found.append(ZenodoError.FieldError(field: field, serverField: field, messages: [message]))
        }
        func lines(_ key: String) -> [String] { m[key]?.array?.compactMap(\.string) ?? [] }

        // DateSchema: an EDTF date or interval and a type from the date types vocabulary.
        for (index, entry) in (m["dates"]?.array ?? []).enumerated() {
            let start = entry["start"]?.string ?? ""
            let end = entry["end"]?.string ?? ""
            let type = (entry["type"]?.string ?? "").lowercased()
            if start.isEmpty && end.isEmpty {
                add("dates[\(index)]", "a date is needed (YYYY-MM-DD, or start/end)")
            } else if ![start, end].filter({ !$0.isEmpty }).allSatisfy(ZenodoDate.isPublicationDate) {
                add(
                    "dates[\(index)]",
                    "\(start == end ? start : "\(start)/\(end)") is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
            }
            if !RDMNativeFields.dateTypes.contains(type) {
                add(
                    "dates[\(index)]",
                    "a date type is needed: one of \(RDMNativeFields.dateTypes.joined(separator: ", "))")
            }
        }
        // TitleSchema: at least 3 characters.
        for (index, line) in lines(RDMNativeFields.titles).enumerated() {
            let title = RDMNativeFields.parse(title: line)?["title"]?.string ?? ""
            if title.count < 3 {
                add("\(RDMNativeFields.titles)[\(index)]", "\"\(line)\": a title needs at least 3 characters")
            }
        }
        // RightsSchema: a link must be a URL.
        for (index, line) in lines(RDMNativeFields.rights).enumerated() {
            if let link = RDMNativeFields.parse(right: line)?["link"]?.string,
                URL(string: link)?.scheme?.hasPrefix("http") != true
            {
                add("\(RDMNativeFields.rights)[\(index)]", "\(link) is not a URL")
            }
        }
        // FundingSchema: a funder is required; an award from the vocabulary needs its number.
        for (index, line) in lines(RDMNativeFields.funding).enumerated() {
            let entry = RDMNativeFields.parse(funding: line)
            if entry == nil || line.trimming(.whitespaces).hasPrefix("::") {
                add("\(RDMNativeFields.funding)[\(index)]", "\"\(line)\": a funder is needed first (funder :: award)")
            } else if let award = line.components(separatedBy: "::").dropFirst().first,
                award.components(separatedBy: "—")[0].trimming(.whitespaces).isEmpty
            {
                add("\(RDMNativeFields.funding)[\(index)]", "\"\(line)\": an award number is needed after ::")
            }
        }
        // Subjects: a vocabulary subject needs its id.
        for (index, line) in lines(RDMNativeFields.subjects).enumerated()
        where RDMNativeFields.bracketed(line)?.1.isEmpty == true {
            add("\(RDMNativeFields.subjects)[\(index)]", "\"\(line)\": the subject's id goes between the brackets")
        }
        // People: affiliations without duplicates (validate_affiliations_data), identifiers as scheme:id.
        for list in ["creators", "contributors"] {
            for (index, person) in (m[list]?.array ?? []).enumerated() {
                let affiliations = RDMNativeFields.items(person[RDMNativeFields.affiliations]?.string ?? "")
                if Set(affiliations.map { $0.lowercased() }).count != affiliations.count {
                    add("\(list)[\(index)].affiliations", "an affiliation is listed twice")
                }
                for item in RDMNativeFields.items(person[RDMNativeFields.identifiers]?.string ?? "")
                where RDMNativeFields.parse(identifier: item) == nil {
                    add(
                        "\(list)[\(index)].identifiers",
                        "\"\(item)\" is not scheme:identifier (e.g. isni:0000000121032683)")
                }
            }
        }
        // MetadataSchema: description at least 3 characters, version at most 191.
        if let description = m.description, !description.isEmpty, HTMLText.plain(description).count < 3 {
            add("description", "a description needs at least 3 characters (or none)")
        }
        if let version = m.version, version.count > 191 { add("version", "a version has at most 191 characters") }
        return found
    }
}
