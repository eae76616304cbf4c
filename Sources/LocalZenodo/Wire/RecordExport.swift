import EssentialsExtras
import FoundationEssentials

/// A published record in the formats the records API gives by `Accept` (invenio-rdm-records
/// `resources/config.py` `record_serializers`, with zenodo-rdm's `resources.py` overrides):
/// BibTeX (`BibTexSchema`: its dataset, software and misc entries, key, field layout and
/// escaping), CSL JSON (`CSLJSONSchema`), a formatted citation (`text/x-bibliography`, `?style=`,
/// default `harvard-cite-them-right`), and DataCite JSON (the fields a client reads).
enum RecordExport: String, CaseIterable {
    case bibtex = "application/x-bibtex"
    case csl = "application/vnd.citationstyles.csl+json"
    case bibliography = "text/x-bibliography"
    case datacite = "application/vnd.datacite.datacite+json"

    /// The format an `Accept` header names, if one of these (the first that matches).
    static func negotiate(_ accept: String?) -> RecordExport? {
        guard let accept = accept?.lowercased() else { return nil }
        let wanted = accept.split(separator: ",").map {
            $0.split(separator: ";")[0].trimming(.whitespaces)
        }
        for type in wanted { if let format = RecordExport(rawValue: type) { return format } }
        return nil
    }

    /// The record's facts, read once from its RDM parts.
    struct Facts {
        var id: Int
        var title: String
        /// `(family, given)` or `(name, nil)` for an organisation or a name without a comma.
        var creators: [(String, String?)]
        var year: Int?
        var month: Int?
        var day: Int?
        var resourceType: String
        var version: String?
        var publisher: String
        var doi: String?
        var description: String

        init(_ d: StoredDeposition, doi: String?) {
            let m = d.published?["metadata"] ?? .object([:])
            id = d.id
            title = m["title"]?.stringValue ?? ""
            creators = (m["creators"]?.arrayValue ?? []).map { creator in
                let p = creator["person_or_org"] ?? .object([:])
                if let family = p["family_name"]?.stringValue {
                    return (family, p["given_name"]?.stringValue)
                }
                return (p["name"]?.stringValue ?? "", nil)
            }
            let date = (m["publication_date"]?.stringValue ?? "").split(separator: "-").compactMap { Int($0) }
            year = date.first
            month = date.count > 1 ? date[1] : nil
            day = date.count > 2 ? date[2] : nil
            resourceType = m["resource_type"]?["id"]?.stringValue ?? "other"
            version = m["version"]?.stringValue
            publisher = m["publisher"]?.stringValue ?? "Zenodo"
            self.doi = doi
            description = m["description"]?.stringValue ?? ""
        }
    }

    // MARK: BibTeX

    static func bibtex(_ f: Facts) -> String {
        let entry = ["dataset": "dataset", "software": "software"][f.resourceType] ?? "misc"
        let family = f.creators.first?.0
        let year = f.year.map { "\($0)_\(f.id)" } ?? String(f.id)
        let key = family.map { "\(slug($0))_\(year)" } ?? String(f.id)
        var fields = ""
        if !f.creators.isEmpty {
            let names = f.creators.map { family, given in given.map { "\(family), \($0)" } ?? family }
            fields += "  \(pad("author")) = {" + names[0] + (names.count > 1 ? " and\n" : "")
            fields += names.dropFirst().map { " \(String(repeating: " ", count: 16)) \($0)" }.joined(
                separator: " and\n")
            fields += "},\n"
        }
        func row(_ name: String, _ value: String?) {
            guard let value = value?.trimming(.whitespaces), !value.isEmpty else { return }
            if value.count > 50 {
                let lines = wrap(value, 50)
                fields += "  \(pad(name)) = {\(lines[0])\n"
                for line in lines.dropFirst() { fields += " \(String(repeating: " ", count: 17)) \(line)\n" }
                fields += " \(String(repeating: " ", count: 17))},\n"
            } else if name == "month" || (name != "url" && value.allSatisfy(\.isNumber)) {
                fields += "  \(pad(name)) = \(value),\n"
            } else {
                fields += "  \(pad(name)) = {\(value)},\n"
            }
        }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        row("title", f.title)
        row("month", f.month.flatMap { (1...12).contains($0) ? months[$0 - 1] : nil })
        row("year", f.year.map(String.init))
        row("publisher", f.publisher)
        row("version", f.version)
        row("doi", f.doi)
        row("url", f.doi.map { "https://doi.org/\($0)" })
        // `_clean_input`: these characters are escaped in the fields, as the source does.
        let escaped = fields.map { "&%$_#".contains($0) ? "\\\($0)" : String($0) }.joined()
        return "@\(entry){\(key),\n\(escaped)}"
    }

    private static func pad(_ name: String) -> String { name.padded(to: 12) }

    /// `slugify(name, separator="_", max_length=40)`: transliterated to ASCII (text-unidecode: `Ø`
    /// is `O`, `ß` is `ss`), letters and digits, lower-cased.
    private static func slug(_ name: String) -> String {
        let letters: [Character: String] = [
            "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss", "Ł": "L", "ł": "l", "Đ": "D",
            "đ": "d", "Þ": "Th", "þ": "th", "ı": "i",
        ]
        let ascii = name.map { letters[$0] ?? String($0) }.joined()
        let folded = ascii.foldedForSearch
        let words = folded.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return String(words.joined(separator: "_").prefix(40))
    }

    /// `textwrap.wrap(value, 50)`: words to lines of at most `width` characters.
    private static func wrap(_ text: String, _ width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }

    // MARK: CSL JSON

    static func csl(_ f: Facts) -> JSONValue {
        var csl: [String: JSONValue] = [
            "id": .string(String(f.id)), "type": .string(Self.cslTypes[f.resourceType] ?? "article"),
            "title": .string(f.title), "publisher": .string(f.publisher),
            "author": .array(
                f.creators.map { family, given in
                    given.map { ["family": .string(family), "given": .string($0)] } ?? ["family": .string(family)]
                }),
        ]
        if let year = f.year {
            csl["issued"] = ["date-parts": [.array([year, f.month, f.day].compactMap { $0 }.map(JSONValue.int))]]
        }
        if let doi = f.doi { csl["DOI"] = .string(doi) }
        if let version = f.version { csl["version"] = .string(version) }
        if !f.description.isEmpty { csl["abstract"] = .string(f.description) }
        return .object(csl)
    }

    /// `props.csl` of the resource types vocabulary (invenio-rdm-records
    /// `fixtures/data/vocabularies/resource_types.yaml`), which `CSLJSONSchema.get_type` reads;
    /// a type without one is `article`.
    static let cslTypes: [String: String] = [
        "publication": "report", "publication-annotationcollection": "report", "publication-book": "book",
        "publication-section": "chapter", "publication-conferencepaper": "paper-conference",
        "publication-conferenceproceeding": "paper-conference", "publication-datamanagementplan": "report",
        "publication-journal": "journal", "publication-article": "article-journal", "publication-patent": "patent",
        "publication-peerreview": "article", "publication-preprint": "article", "publication-deliverable": "report",
        "publication-milestone": "report", "publication-proposal": "article", "publication-report": "article",
        "publication-softwaredocumentation": "article", "publication-taxonomictreatment": "article",
        "publication-technicalnote": "article", "publication-workingpaper": "article",
        "publication-datapaper": "article", "publication-dissertation": "article", "publication-standard": "article",
        "publication-studyregistration": "article", "publication-other": "article", "poster": "graphic",
        "presentation": "speech", "event": "event", "dataset": "dataset", "image": "figure",
        "image-figure": "figure", "image-plot": "figure", "image-drawing": "graphic", "image-diagram": "figure",
        "image-photo": "graphic", "image-other": "graphic", "model": "figure", "video": "motion_picture",
        "audio": "document", "software": "software", "lesson": "speech",
        "software-computationalnotebook": "software", "other": "article", "physicalobject": "graphic",
        "workflow": "software",
    ]

    // MARK: a formatted citation

    /// The styles this server formats; citeproc-py's own output for them is approximated (the
    /// parts and their order, not every space and mark of the CSL file).
    static let styles: Set<String> = ["harvard-cite-them-right", "apa"]

    static func bibliography(_ f: Facts, style: String) -> String {
        let initials = { (given: String?) -> String in
            (given ?? "").split(separator: " ").compactMap(\.first).map { "\($0)." }.joined(separator: " ")
        }
        let names = f.creators.map { family, given in given == nil ? family : "\(family), \(initials(given))" }
        let doi = f.doi.map { "https://doi.org/\($0)" } ?? ""
        let year = f.year.map(String.init) ?? "no date"
        let version = f.version.map { " (Version \($0))" } ?? ""
        if style == "apa" {
            let authors =
                names.count > 1 ? names.dropLast().joined(separator: ", ") + ", & " + names.last! : names.first ?? ""
            let kind =
                f.resourceType == "dataset" ? " [Data set]" : f.resourceType == "software" ? " [Computer software]" : ""
            return "\(authors) (\(year)). \(f.title)\(version)\(kind). \(f.publisher). \(doi)"
                .replacing("  ", with: " ")
        }
        let authors =
            names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + names.last! : names.first ?? ""
        return "\(authors) (\(year)) “\(f.title)”. \(f.publisher). \(doi.isEmpty ? "" : "doi:\(f.doi!).")"
            .trimming(.whitespaces)
    }

    // MARK: DataCite JSON

    static func datacite(_ f: Facts) -> JSONValue {
        var out: [String: JSONValue] = [
            "types": [
                "resourceTypeGeneral": .string(
                    f.resourceType == "dataset" ? "Dataset" : f.resourceType == "software" ? "Software" : "Other"),
                "resourceType": .string(f.resourceType),
            ],
            "creators": .array(
                f.creators.map { family, given in
                    var c: [String: JSONValue] = ["name": .string(given.map { "\(family), \($0)" } ?? family)]
                    if let given {
                        c["familyName"] = .string(family)
                        c["givenName"] = .string(given)
                        c["nameType"] = "Personal"
                    }
                    return .object(c)
                }),
            "titles": [["title": .string(f.title)]],
            "publisher": ["name": .string(f.publisher)],
            "schemaVersion": "http://datacite.org/schema/kernel-4",
        ]
        if let year = f.year { out["publicationYear"] = .string(String(year)) }
        if let doi = f.doi { out["identifiers"] = [["identifier": .string(doi), "identifierType": "DOI"]] }
        if let version = f.version { out["version"] = .string(version) }
        if !f.description.isEmpty {
            out["descriptions"] = [["description": .string(f.description), "descriptionType": "Abstract"]]
        }
        return .object(out)
    }
}
