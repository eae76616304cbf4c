import EssentialsExtras
import FoundationEssentials
import ZenodoKit

/// Which list of people a row belongs to.
public enum PeopleList: String, Sendable, Hashable { case creators, contributors }

/// One field of the metadata form. People and related identifiers are lists: each item has
/// several rows, and the list has a header row that adds items.
public enum FieldID: Sendable, Hashable {
    case title, uploadType, subtype, publicationDate, description, accessRight, embargoDate, accessConditions
    case license, keywords, version, language, communities, notes, method
    /// Dates, one per line (`start[/end] type[: description]`).
    case dates
    /// A list of the record the legacy model cannot carry, one entry per line (`RDMNativeFields`
    /// key): shown only for records read through the native API.
    case nativeList(String)
    case peopleHeader(PeopleList)
    case person(PeopleList, Int, PersonPart)
    case relatedHeader
    case related(Int, RelatedPart)

    /// `affiliations` and `identifiers` (other than ORCID) only for records read natively.
    public enum PersonPart: Sendable, Hashable { case name, affiliation, affiliations, orcid, identifiers, role }
    public enum RelatedPart: Sendable, Hashable { case identifier, relation }
}

/// How a row is edited.
public enum FieldKind: Sendable, Equatable {
    case text, multiline
    /// One of a fixed list (upload type, access right, role, relation, …).
    case choice
    /// The license picker, with search over the instance's licenses.
    case license
    /// A list header: Enter adds an item.
    case header
}

/// A row of the form as drawn: label, the value shown, and the legacy field path Zenodo's and
/// the checklist's errors use (`creators[0].orcid`).
public struct FormRow: Sendable, Equatable {
    public var id: FieldID
    public var label: String
    /// The one-line value shown.
    public var value: String
    /// The text an editor starts from (`Form.text`), kept to tell changed rows cheaply.
    public var text: String
    public var kind: FieldKind
    public var errorKey: String
    public var hint: String?
}

/// The metadata form: which rows a deposition's metadata has, and how editing a row's text
/// changes the metadata. Pure; fields the form does not show stay in `raw` untouched.
public enum Form {
    /// Linear in the number of people and related identifiers: a record with thousands of
    /// authors (a physics collaboration) stays responsive.
    /// `backend`: what the server's API carries (the native lists, communities as metadata),
    /// asked of the client's backend, never guessed from the metadata.
    public static func rows(_ m: DepositionMetadata, _ backend: BackendCapabilities) -> [FormRow] {
        var rows: [FormRow] = []
        func add(
            _ id: FieldID, _ label: String, _ kind: FieldKind, _ key: String, hint: String? = nil, text: String? = nil
        ) {
            // List rows pass their text: looking each one up would re-read the whole list.
            let value = text ?? display(id, m)
            rows.append(
                FormRow(
                    id: id, label: label, value: value, text: text ?? Self.text(id, m), kind: kind, errorKey: key,
                    hint: hint))
        }
        add(.title, "Title", .text, "title")
        add(.uploadType, "Upload type", .choice, "upload_type")
        if let type = m.uploadType, !Vocabulary.subtypes(of: type).isEmpty {
            add(.subtype, "\(type.prefix(1).uppercased() + type.dropFirst()) type", .choice, "\(type)_type")
        }
        add(.publicationDate, "Publication", .text, "publication_date", hint: "YYYY-MM-DD; empty means today")
        for list in [PeopleList.creators, .contributors] {
            let people = list == .creators ? m.creators : m.contributors
            add(.peopleHeader(list), list == .creators ? "Creators" : "Contributors", .header, list.rawValue)
            for (index, person) in people.enumerated() {
                let key = "\(list.rawValue)[\(index)]"
                add(
                    .person(list, index, .name), "  \(index + 1). Name", .text, "\(key).name", hint: "Family, Given",
                    text: person.name)
                if let affiliations = person.extra[RDMNativeFields.affiliations]?.string {
                    add(
                        .person(list, index, .affiliations), "     Affiliations", .text, "\(key).affiliations",
                        hint: "Name [ROR id]; Name", text: affiliations)
                } else {
                    add(
                        .person(list, index, .affiliation), "     Affiliation", .text, "\(key).affiliation",
                        text: person.affiliation ?? "")
                }
                add(
                    .person(list, index, .orcid), "     ORCID", .text, "\(key).orcid", hint: "0000-0000-0000-0000",
                    text: person.orcid ?? "")
                if let identifiers = person.extra[RDMNativeFields.identifiers]?.string {
                    add(
                        .person(list, index, .identifiers), "     Other ids", .text, "\(key).identifiers",
                        hint: "scheme:id; e.g. isni:0000000121032683", text: identifiers)
                }
                if list == .contributors {
                    add(.person(list, index, .role), "     Role", .choice, "\(key).type", text: person.type ?? "")
                }
            }
        }
        add(.description, "Description", .multiline, "description")
        add(.accessRight, "Access", .choice, "access_right")
        if m.accessRight == "embargoed" {
            add(.embargoDate, "Embargo until", .text, "embargo_date", hint: "YYYY-MM-DD")
        }
        if m.accessRight == "restricted" { add(.accessConditions, "Conditions", .text, "access_conditions") }
        add(.license, "License", .license, "license")
        add(.keywords, "Keywords", .text, "keywords", hint: "comma-separated")
        add(.version, "Version", .text, "version")
        add(.language, "Language", .text, "language", hint: "ISO 639 code, e.g. eng")
        add(.relatedHeader, "Related ids", .header, "related_identifiers")
        for (index, related) in (m.relatedIdentifiers ?? []).enumerated() {
            add(
                .related(index, .identifier), "  \(index + 1). Identifier", .text, "related_identifiers[\(index)]",
                hint: "DOI, URL, …", text: related.identifier)
            add(
                .related(index, .relation), "     Relation", .choice, "related_identifiers[\(index)].relation",
                text: related.relation)
        }
        // Communities are review requests in the native API, not metadata: not offered there.
        if backend.communitiesInMetadata {
            add(.communities, "Communities", .text, "communities", hint: "comma-separated slugs")
        }
        add(.notes, "Notes", .multiline, "notes")
        add(.method, "Methods", .multiline, "method")
        let native = backend.nativeFields
        add(
            .dates, "Dates", .multiline, "dates",
            hint: native
                ? "one per line: 2020-01-01/2020-06-30 collected: what (types: \(RDMNativeFields.dateTypes.joined(separator: ", ")))"
                : "one per line: 2020-01-01/2020-06-30 Collected: what (types: Collected, Valid, Withdrawn)")
        if native {
            for (key, label, hint) in nativeLists { add(.nativeList(key), label, .multiline, key, hint: hint) }
        }
        return rows
    }

    /// The native API's lists the form shows: key, label, hint.
    static let nativeLists = [
        (RDMNativeFields.subjects, "Subjects", "one per line: Label [vocabulary id]; free words go under Keywords"),
        (RDMNativeFields.rights, "More licences", "one per line: a licence id (cc-by-4.0), or Title <link>"),
        (RDMNativeFields.funding, "Funding", "one per line: funder id or name :: award number — award title"),
        (
            RDMNativeFields.titles, "Other titles",
            "one per line: subtitle: …, alternative-title: …, translated-title: …"
        ),
        (RDMNativeFields.languages, "More languages", "one per line: an ISO 639-3 code (deu, fra)"),
        (
            RDMNativeFields.descriptions, "More descriptions",
            "one per line: abstract: …, technical-info: …, table-of-contents: …"
        ),
    ]

    static func lines(_ value: JSONValue?) -> [String] { value?.array?.compactMap(\.string) ?? [] }

    /// The one-line value a row shows.
    static func display(_ id: FieldID, _ m: DepositionMetadata) -> String {
        switch id {
        case .peopleHeader(let list):
            let count = (list == .creators ? m.creators : m.contributors).count
            return count == 0 ? "none yet: Enter adds one" : "\(count); a adds, x removes, K/J reorder"
        case .relatedHeader:
            let count = m.relatedIdentifiers?.count ?? 0
            return count == 0 ? "none: Enter adds one" : "\(count)"
        case .description, .notes, .method:
            // Multi-line text: its first line, and "…" when there is more.
            let text = Self.text(id, m)
            let first = text.split(separator: "\n").first.map(String.init) ?? ""
            return text.contains("\n") ? first + " …" : first
        case .dates, .nativeList:
            let lines = Self.text(id, m).split(separator: "\n").map(String.init)
            guard let first = lines.first else { return "none: Enter adds, one per line" }
            return lines.count == 1 ? first : "\(first)  (+\(lines.count - 1) more)"
        default:
            return text(id, m)
        }
    }

    /// The text an editor starts from.
    public static func text(_ id: FieldID, _ m: DepositionMetadata) -> String {
        switch id {
        case .title: return m.title ?? ""
        case .uploadType: return m.uploadType ?? ""
        case .subtype: return m.uploadSubtype ?? ""
        case .publicationDate: return m.publicationDate ?? ""
        case .description: return HTMLText.plain(m.description ?? "")
        case .accessRight: return m.accessRight ?? ""
        case .embargoDate: return m.embargoDate ?? ""
        case .accessConditions: return m.accessConditions ?? ""
        case .license: return m.license ?? ""
        case .keywords: return (m.keywords ?? []).joined(separator: ", ")
        case .version: return m.version ?? ""
        case .language: return m.language ?? ""
        case .communities: return (m.communities ?? []).joined(separator: ", ")
        case .notes: return m.notes ?? ""
        case .method: return m.method ?? ""
        case .dates: return DateLines.text(m["dates"])
        case .nativeList(let key): return lines(m[key]).joined(separator: "\n")
        case .peopleHeader, .relatedHeader: return ""
        case .person(let list, let index, let part):
            let people = list == .creators ? m.creators : m.contributors
            guard people.indices.contains(index) else { return "" }
            switch part {
            case .name: return people[index].name
            case .affiliation: return people[index].affiliation ?? ""
            case .affiliations: return people[index].extra[RDMNativeFields.affiliations]?.string ?? ""
            case .orcid: return people[index].orcid ?? ""
            case .identifiers: return people[index].extra[RDMNativeFields.identifiers]?.string ?? ""
            case .role: return people[index].type ?? ""
            }
        case .related(let index, let part):
            guard let related = m.relatedIdentifiers, related.indices.contains(index) else { return "" }
            return part == .identifier ? related[index].identifier : related[index].relation
        }
    }

    /// Sets a field from the text typed (or chosen). Empty text removes the key, so a field left
    /// empty that was absent stays absent. A description whose text was not changed keeps its HTML.
    public static func set(_ id: FieldID, to typed: String, in m: inout DepositionMetadata) {
        let value =
            [.description, .notes, .method, .dates].contains(id) ? typed : typed.trimming(.whitespaces)
        let optional: String? = value.trimming(.whitespacesAndNewlines).isEmpty ? nil : value
        func list(_ text: String) -> [String]? {
            let items = text.split(separator: ",").map { $0.trimming(.whitespaces) }.filter {
                !$0.isEmpty
            }
            return items.isEmpty ? nil : items
        }
        switch id {
        case .title: m.title = optional
        case .uploadType:
            let oldType = m.uploadType
            m.uploadType = optional
            if let oldType, oldType != optional { m["\(oldType)_type"] = nil }
        case .subtype: m.uploadSubtype = optional
        case .publicationDate: m.publicationDate = optional
        case .description:
            guard value != HTMLText.plain(m.description ?? "") else { return }
            m.description = optional.map(HTMLText.paragraphs)
        case .accessRight:
            m.accessRight = optional
            if optional != "embargoed" { m.embargoDate = nil }
            if optional != "restricted" { m.accessConditions = nil }
        case .embargoDate: m.embargoDate = optional
        case .accessConditions: m.accessConditions = optional
        case .license: m.license = optional
        case .keywords: m.keywords = list(value)
        case .version: m.version = optional
        case .language: m.language = optional
        case .communities: m.communities = list(value)
        case .notes: m.notes = optional
        case .method: m.method = optional
        case .dates: m["dates"] = DateLines.parse(value)
        case .nativeList(let key):
            let items = value.split(separator: "\n").map { $0.trimming(.whitespaces) }.filter {
                !$0.isEmpty
            }
            m[key] = .array(items.map(JSONValue.string))
        case .peopleHeader, .relatedHeader: return
        case .person(let which, let index, let part):
            var people = which == .creators ? m.creators : m.contributors
            guard people.indices.contains(index) else { return }
            switch part {
            case .name: people[index].name = value
            case .affiliation: people[index].affiliation = optional
            case .affiliations:
                people[index].extra[RDMNativeFields.affiliations] = .string(value)
                // The legacy form's single affiliation follows the first.
                let first =
                    value.split(separator: ";").first.map { String($0).trimming(.whitespaces) } ?? ""
                people[index].affiliation = first.isEmpty ? nil : first
            case .orcid: people[index].orcid = optional
            case .identifiers: people[index].extra[RDMNativeFields.identifiers] = .string(value)
            case .role: people[index].type = optional
            }
            if which == .creators { m.creators = people } else { m.contributors = people }
        case .related(let index, let part):
            guard var related = m.relatedIdentifiers, related.indices.contains(index) else { return }
            if part == .identifier { related[index].identifier = value } else { related[index].relation = value }
            m.relatedIdentifiers = related
        }
    }

    /// The choices a `.choice` row offers.
    public static func options(_ id: FieldID, _ m: DepositionMetadata) -> [ChooserOption] {
        let values: [String]
        switch id {
        case .uploadType: values = Vocabulary.uploadTypes.map(\.type)
        case .subtype: values = Vocabulary.subtypes(of: m.uploadType)
        case .accessRight: values = Vocabulary.accessRights
        case .person(_, _, .role): values = Vocabulary.contributorTypes
        case .related(_, .relation): values = Vocabulary.relations
        default: values = []
        }
        return values.map { ChooserOption(id: $0, label: $0) }
    }

    /// Puts a field back as `original` has it. The description is copied as it was, HTML and all
    /// (setting it from its plain text would rewrite its markup).
    public static func revert(_ id: FieldID, to original: DepositionMetadata, in m: inout DepositionMetadata) {
        if id == .description {
            m.description = original.description
        } else {
            set(id, to: text(id, original), in: &m)
        }
    }

    // MARK: list editing

    /// Adds an item after the row's item (or first, on a header) and returns the row to edit next.
    public static func addItem(at id: FieldID, in m: inout DepositionMetadata, _ backend: BackendCapabilities)
        -> FieldID?
    {
        switch id {
        case .peopleHeader(let list), .person(let list, _, _):
            var people = list == .creators ? m.creators : m.contributors
            let at: Int
            if case .person(_, let index, _) = id { at = index + 1 } else { at = people.count }
            var person = Person(name: "")
            if backend.nativeFields {
                person.extra[RDMNativeFields.affiliations] = ""
                person.extra[RDMNativeFields.identifiers] = ""
            }
            people.insert(person, at: at)
            if list == .creators { m.creators = people } else { m.contributors = people }
            return .person(list, at, .name)
        case .relatedHeader, .related:
            var related = m.relatedIdentifiers ?? []
            let at: Int
            if case .related(let index, _) = id { at = index + 1 } else { at = related.count }
            related.insert(RelatedIdentifier(identifier: "", relation: "isSupplementTo"), at: at)
            m.relatedIdentifiers = related
            return .related(at, .identifier)
        default:
            return nil
        }
    }

    /// Removes the row's item; returns a description of what was removed.
    public static func removeItem(at id: FieldID, in m: inout DepositionMetadata) -> String? {
        switch id {
        case .person(let list, let index, _):
            var people = list == .creators ? m.creators : m.contributors
            guard people.indices.contains(index) else { return nil }
            let removed = people.remove(at: index)
            if list == .creators {
                m.creators = people
            } else {
                m.contributors = people
                if people.isEmpty { m["contributors"] = nil }
            }
            return removed.name.isEmpty ? "an empty entry" : removed.name
        case .related(let index, _):
            guard var related = m.relatedIdentifiers, related.indices.contains(index) else { return nil }
            let removed = related.remove(at: index)
            m.relatedIdentifiers = related.isEmpty ? nil : related
            return removed.identifier.isEmpty ? "an empty entry" : removed.identifier
        default:
            return nil
        }
    }

    /// Moves the row's item one place up (`by: -1`) or down; returns the row's new id.
    public static func moveItem(at id: FieldID, by offset: Int, in m: inout DepositionMetadata) -> FieldID? {
        switch id {
        case .person(let list, let index, let part):
            var people = list == .creators ? m.creators : m.contributors
            let target = index + offset
            guard people.indices.contains(index), people.indices.contains(target) else { return nil }
            people.swapAt(index, target)
            if list == .creators { m.creators = people } else { m.contributors = people }
            return .person(list, target, part)
        case .related(let index, let part):
            guard var related = m.relatedIdentifiers, related.indices.contains(index),
                related.indices.contains(index + offset)
            else {
                return nil
            }
            related.swapAt(index, index + offset)
            m.relatedIdentifiers = related
            return .related(index + offset, part)
        default:
            return nil
        }
    }

    /// Problems the form can see by itself, by legacy field path: the publish checklist's
    /// metadata checks, plus forms of dates and the language code.
    public static func problems(_ m: DepositionMetadata, today: Date) -> [String: [String]] {
        var problems: [String: [String]] = [:]
        for item in PublishChecklist.metadataItems(m, today: today) where !item.ok {
            problems[item.field, default: []].append(item.message)
        }
        for (key, value) in [("embargo_date", m.embargoDate)] {
            if let value, !ZenodoDate.isDay(value) { problems[key, default: []].append("not a date (YYYY-MM-DD)") }
        }
        if let language = m.language, !(2...3).contains(language.count) || !language.allSatisfy(\.isLetter) {
            problems["language", default: []].append("an ISO 639 code such as eng or de")
        }
        for (index, related) in (m.relatedIdentifiers ?? []).enumerated() where related.identifier.isEmpty {
            problems["related_identifiers[\(index)]", default: []].append(
                "an identifier is needed (or x removes the entry)")
        }
        return problems
    }
}
