import EssentialsExtras
import FoundationEssentials

/// The parts of an InvenioRDM record the legacy model has no place for, shown to the front ends
/// as lines of text under `rdm:` keys of the legacy-model metadata (only in metadata read through
/// the native API; the legacy path never has them):
///
/// - `rdm:subjects`: subjects from vocabularies, `Label [id]` (free subjects are the keywords);
/// - `rdm:rights`: the licences after the first, an id (`cc-by-4.0`) or `Title <link>`;
/// - `rdm:funding`: `funder :: award number — award title` (each part after the funder optional);
/// - `rdm:titles`: additional titles, `type: title` (`subtitle: …`, `alternative-title: …`);
/// - `rdm:languages`: the languages after the first, ISO 639-3 ids (`deu`);
/// - `rdm:descriptions`: additional descriptions other than notes and methods, `type: text`
///   (`abstract: …`, `technical-info: …`);
/// - per person, `rdm:affiliations` (`Name [id]; Name`) and `rdm:identifiers` (`scheme:id; …`,
///   the schemes other than ORCID and GND), and `rdm:organizational` for an organisation.
///
/// Every line is rendered from its record entry, and a line that comes back unchanged is sent back
/// as that entry whole (languages, descriptions, award identifiers and all): only lines the user
/// typed are parsed.
public enum RDMNativeFields {
    public static let subjects = "rdm:subjects", rights = "rdm:rights", funding = "rdm:funding", titles = "rdm:titles"
    public static let languages = "rdm:languages", descriptions = "rdm:descriptions"
    public static let affiliations = "rdm:affiliations", identifiers = "rdm:identifiers",
        organizational = "rdm:organizational"
    /// The list keys of the record metadata, in the order the form shows them.
    public static let listKeys = [subjects, rights, funding, titles, languages, descriptions]
    /// InvenioRDM's description types (`vocabularies/description_types.yaml`) other than the two
    /// the legacy form has fields for (notes, methods).
    public static let descriptionTypes = [
        "abstract", "series-information", "table-of-contents", "technical-info", "other",
    ]
    /// InvenioRDM's title types (`vocabularies/title_types.yaml`).
    public static let titleTypes = ["alternative-title", "subtitle", "translated-title", "other"]
    /// InvenioRDM's date types (`vocabularies/date_types.yaml`).
    public static let dateTypes = [
        "accepted", "available", "collected", "copyrighted", "created", "issued", "other", "submitted", "updated",
        "valid",
        "withdrawn",
    ]

    // MARK: - Record → lines

    /// The `rdm:` keys for a record's metadata.
    static func view(_ m: [String: JSONValue]) -> [String: JSONValue] {
        func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
        let vocabulary = (m["subjects"]?.array ?? []).filter { $0["id"] != nil }
        return [
            subjects: strings(vocabulary.map(line(subject:))),
            rights: strings((m["rights"]?.array ?? []).dropFirst().map(line(right:))),
            funding: strings((m["funding"]?.array ?? []).map(line(funding:))),
            titles: strings((m["additional_titles"]?.array ?? []).map(line(title:))),
            languages: strings((m["languages"]?.array ?? []).dropFirst().compactMap { $0["id"]?.string }),
            descriptions: strings(otherDescriptions(m).map(line(description:))),
        ]
    }

    /// The `rdm:` keys for a person entry.
    static func view(person entry: JSONValue) -> [String: JSONValue] {
        let p = entry["person_or_org"]
        let other = (p?["identifiers"]?.array ?? []).filter { !["orcid", "gnd"].contains($0["scheme"]?.string ?? "") }
        var keys: [String: JSONValue] = [
            affiliations: .string((entry["affiliations"]?.array ?? []).map(line(affiliation:)).joined(separator: "; ")),
            identifiers: .string(other.map(line(identifier:)).joined(separator: "; ")),
        ]
        if p?["type"]?.string == "organizational" { keys[organizational] = true }
        return keys
    }

    static func line(subject s: JSONValue) -> String {
        let label = s["subject"]?.string ?? ""
        let id = s["id"]?.string ?? ""
        return label.isEmpty ? "[\(id)]" : "\(label) [\(id)]"
    }

    static func line(right r: JSONValue) -> String {
        if let id = r["id"]?.string { return id }
        let title = r["title"]?["en"]?.string ?? r["title"]?.object?.values.first?.string ?? ""
        return r["link"]?.string.map { "\(title) <\($0)>" } ?? title
    }

    static func line(funding f: JSONValue) -> String {
        var text = f["funder"]?["id"]?.string ?? f["funder"]?["name"]?.string ?? ""
        let award = f["award"]
        let number = award?["number"]?.string ?? award?["id"]?.string?.components(separatedBy: "::").last
        if let number { text += " :: \(number)" }
        if let title = award?["title"]?["en"]?.string ?? award?["title"]?.object?.values.first?.string, !title.isEmpty {
            text += " — \(title)"
        }
        return text
    }

    static func line(title t: JSONValue) -> String {
        "\(t["type"]?["id"]?.string ?? "other"): \(t["title"]?.string ?? "")"
    }

    static func line(description d: JSONValue) -> String {
        "\(d["type"]?["id"]?.string ?? "other"): \(d["description"]?.string ?? "")"
    }

    /// The additional descriptions the legacy form has no field for: all but the first notes and
    /// the methods (the legacy view shows those as `notes` and `method`).
    static func otherDescriptions(_ m: [String: JSONValue]) -> [JSONValue] {
        var notesSeen = false
        return (m["additional_descriptions"]?.array ?? []).filter { entry in
            switch entry["type"]?["id"]?.string {
            case "methods": return false
            case "notes" where !notesSeen:
                notesSeen = true
                return false
            default: return true
            }
        }
    }

    /// `type: text`; a line without a known type is of type `other`.
    static func parse(description text: String) -> JSONValue? {
        if let colon = text.firstIndex(of: ":") {
            let type = text[..<colon].trimming(.whitespaces).lowercased()
            if descriptionTypes.contains(type) || type == "notes" || type == "methods" {
                let body = text[text.index(after: colon)...].trimming(.whitespaces)
                return body.isEmpty ? nil : ["description": .string(body), "type": ["id": .string(type)]]
            }
        }
        return ["description": .string(text), "type": ["id": "other"]]
    }

    static func line(affiliation a: JSONValue) -> String {
        let name = a["name"]?.string ?? ""
        guard let id = a["id"]?.string else { return name }
        return name.isEmpty ? "[\(id)]" : "\(name) [\(id)]"
    }

    static func line(identifier i: JSONValue) -> String {
        "\(i["scheme"]?.string ?? "other"):\(i["identifier"]?.string ?? "")"
    }

    // MARK: - Lines → record entries

    /// The entries for `lines`: a line equal to the rendering of an original entry is that entry
    /// (each original used once), any other line is parsed.
    static func entries(
        _ lines: [String], original: [JSONValue], render: (JSONValue) -> String, parse: (String) -> JSONValue?
    ) -> [JSONValue] {
        var unused = original
        return lines.compactMap { raw in
            let text = raw.trimming(.whitespaces)
            guard !text.isEmpty else { return nil }
            if let at = unused.firstIndex(where: { render($0) == text }) { return unused.remove(at: at) }
            return parse(text)
        }
    }

    /// `Label [id]` → the subject by id (the server fills the label); a line with no id is a free subject.
    static func parse(subject text: String) -> JSONValue? {
        if let (label, id) = bracketed(text) {
            return id.isEmpty ? (label.isEmpty ? nil : ["subject": .string(label)]) : ["id": .string(id)]
        }
        return ["subject": .string(text)]
    }

    /// An id alone (no spaces) is a licence from the vocabulary; anything else is a title, with an
    /// optional `<link>`.
    static func parse(right text: String) -> JSONValue? {
        var title = text
        var link: String?
        if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
            link = String(text[text.index(after: open)..<text.index(before: text.endIndex)]).trimming(.whitespaces)
            title = String(text[..<open]).trimming(.whitespaces)
        }
        if link == nil, !title.contains(" ") { return ["id": .string(title.lowercased())] }
        var right: [String: JSONValue] = ["title": ["en": .string(title)]]
        if let link, !link.isEmpty { right["link"] = .string(link) }
        return .object(right)
    }

    /// `funder :: number — title`. A funder that looks like an identifier (a ROR id or a DOI) is
    /// referred to by id, anything else by name; an award with a title, or of a funder named in
    /// words, is a custom award, otherwise `funder::number` from the awards vocabulary.
    static func parse(funding text: String) -> JSONValue? {
        var rest = text
        var title: String?
        if let dash = rest.firstRange(of: " — ") ?? rest.firstRange(of: " -- ") {
            title = String(rest[dash.upperBound...]).trimming(.whitespaces)
            rest = String(rest[..<dash.lowerBound])
        }
        let parts = rest.components(separatedBy: "::").map { $0.trimming(.whitespaces) }
        let funder = parts[0]
        guard !funder.isEmpty else { return nil }
        let byID = isIdentifier(funder)
        var entry: [String: JSONValue] = ["funder": byID ? ["id": .string(funder)] : ["name": .string(funder)]]
        let number = parts.count > 1 ? parts[1] : ""
        if !number.isEmpty || !(title ?? "").isEmpty {
            if byID, (title ?? "").isEmpty {
                entry["award"] = ["id": .string("\(funder)::\(number)")]
            } else {
                var award: [String: JSONValue] = ["title": ["en": .string(title ?? number)]]
                if !number.isEmpty { award["number"] = .string(number) }
                entry["award"] = .object(award)
            }
        }
        return .object(entry)
    }

    /// `type: title`; a line without a known type is an alternative title.
    static func parse(title text: String) -> JSONValue? {
        if let colon = text.firstIndex(of: ":") {
            let type = text[..<colon].trimming(.whitespaces).lowercased()
            if titleTypes.contains(type) {
                let title = text[text.index(after: colon)...].trimming(.whitespaces)
                return title.isEmpty ? nil : ["title": .string(title), "type": ["id": .string(type)]]
            }
        }
        return ["title": .string(text), "type": ["id": "alternative-title"]]
    }

    /// `Name [id]` → by id (InvenioRDM takes the id over the name); `Name` → by name.
    static func parse(affiliation text: String) -> JSONValue? {
        if let (name, id) = bracketed(text) {
            return id.isEmpty ? (name.isEmpty ? nil : ["name": .string(name)]) : ["id": .string(id)]
        }
        return ["name": .string(text)]
    }

    /// `scheme:identifier`.
    static func parse(identifier text: String) -> JSONValue? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon].trimming(.whitespaces).lowercased()
        let id = text[text.index(after: colon)...].trimming(.whitespaces)
        return scheme.isEmpty || id.isEmpty ? nil : ["scheme": .string(scheme), "identifier": .string(id)]
    }

    /// Splits `a; b; c` (a person's affiliations or identifiers).
    static func items(_ text: String) -> [String] {
        text.split(separator: ";").map { $0.trimming(.whitespaces) }.filter { !$0.isEmpty }
    }

    /// `Text [id]` → (Text, id); nil when the line does not end in brackets.
    static func bracketed(_ text: String) -> (String, String)? {
        guard text.hasSuffix("]"), let open = text.lastIndex(of: "[") else { return nil }
        let id = text[text.index(after: open)..<text.index(before: text.endIndex)].trimming(.whitespaces)
        return (text[..<open].trimming(.whitespaces), id)
    }

    /// A ROR id (`00k4n6c32`), a DOI (`10.13039/501100000780`) or a URL, as opposed to a name.
    static func isIdentifier(_ text: String) -> Bool {
        if text.contains(" ") { return false }
        if text.hasPrefix("10.") || text.hasPrefix("http") { return true }
        return text.count == 9 && text.first == "0" && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    // MARK: - Merge

    /// Writes the `rdm:` list keys that changed (edited vs shown) into the record metadata.
    static func merge(edited: [String: JSONValue], shown: [String: JSONValue], into metadata: inout [String: JSONValue])
    {
        func lines(_ key: String) -> [String]? {
            guard edited[key] != shown[key] else { return nil }
            return edited[key]?.array?.compactMap(\.string) ?? []
        }
        func set(_ key: String, _ values: [JSONValue]) { metadata[key] = values.isEmpty ? nil : .array(values) }
        if let lines = lines(subjects) {
            let all = metadata["subjects"]?.array ?? []
            let vocabulary = entries(
                lines, original: all.filter { $0["id"] != nil }, render: line(subject:), parse: parse(subject:))
            set("subjects", vocabulary + all.filter { $0["id"] == nil })
        }
        if let lines = lines(rights) {
            let all = metadata["rights"]?.array ?? []
            set(
                "rights",
                Array(all.prefix(1))
                    + entries(lines, original: Array(all.dropFirst()), render: line(right:), parse: parse(right:)))
        }
        if let lines = lines(funding) {
            set(
                "funding",
                entries(
                    lines, original: metadata["funding"]?.array ?? [], render: line(funding:), parse: parse(funding:)))
        }
        if let lines = lines(languages) {
            let all = metadata["languages"]?.array ?? []
            let further = entries(
                lines, original: Array(all.dropFirst()), render: { $0["id"]?.string ?? "" },
                parse: { ["id": .string($0.lowercased())] })
            set("languages", Array(all.prefix(1)) + further)
        }
        if let lines = lines(descriptions) {
            let all = metadata["additional_descriptions"]?.array ?? []
            let others = otherDescriptions(metadata)
            let kept = all.filter { entry in !others.contains(entry) }
            set(
                "additional_descriptions",
                kept + entries(lines, original: others, render: line(description:), parse: parse(description:)))
        }
        if let lines = lines(titles) {
            set(
                "additional_titles",
                entries(
                    lines, original: metadata["additional_titles"]?.array ?? [], render: line(title:),
                    parse: parse(title:)))
        }
    }

    /// A person's affiliations and other identifiers from their `rdm:` keys, keeping each entry
    /// whose rendering did not change; nil for a key the person does not carry.
    static func personLists(_ person: JSONValue, original: JSONValue?) -> (
        affiliations: [JSONValue]?, identifiers: [JSONValue]?
    ) {
        let affiliationEntries = person[affiliations]?.string.map { text -> [JSONValue] in
            var lines = items(text)
            // A change to the legacy form's single affiliation (the first) counts too.
            let single = person["affiliation"]?.string ?? ""
            let first = lines.first.map { bracketed($0)?.0 ?? $0 } ?? ""
            if !single.isEmpty, single != first {
                if lines.isEmpty { lines = [single] } else { lines[0] = single }
            }
            return entries(
                lines, original: original?["affiliations"]?.array ?? [], render: line(affiliation:),
                parse: parse(affiliation:))
        }
        let otherIDs = (original?["person_or_org"]?["identifiers"]?.array ?? []).filter {
            !["orcid", "gnd"].contains($0["scheme"]?.string ?? "")
        }
        let identifierEntries = person[identifiers]?.string.map {
            entries(items($0), original: otherIDs, render: line(identifier:), parse: parse(identifier:))
        }
        return (affiliationEntries, identifierEntries)
    }
}
