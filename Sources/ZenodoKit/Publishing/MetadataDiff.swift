import Foundation

/// What a metadata change will do, field by field, shown before anything is saved.
public struct MetadataDiff: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var field: String
        public var old: JSONValue?
        public var new: JSONValue?
    }

    public var changes: [Change]

    public init(old: DepositionMetadata, new: DepositionMetadata) {
        let keys = Set(old.raw.keys).union(new.raw.keys).sorted()
        changes = keys.compactMap { key in
            let before = old.raw[key]
            let after = new.raw[key]
            return before == after ? nil : Change(field: key, old: before, new: after)
        }
    }

    public var isEmpty: Bool { changes.isEmpty }

    /// `- field: old` / `+ field: new` lines. Lists of objects (creators, related identifiers)
    /// that exist on both sides are compared item by item, `- creators[3]: …` / `+ creators[3]: …`,
    /// so that adding one author to fifty shows one line, not two lists.
    public var lines: [String] {
        changes.flatMap { change -> [String] in
            // The native API's lists (`rdm:funding`) are named as the record names them.
            let field = change.field.hasPrefix("rdm:") ? String(change.field.dropFirst(4)) : change.field
            if let old = change.old?.array, let new = change.new?.array, !old.isEmpty, !new.isEmpty,
                (old + new).allSatisfy({ $0.object != nil })
            {
                return Self.itemLines(field, old, new)
            }
            var lines: [String] = []
            if let old = change.old { lines.append("- \(field): \(Self.show(old))") }
            if let new = change.new { lines.append("+ \(field): \(Self.show(new))") }
            return lines
        }
    }

    /// Item lines from a longest common subsequence of the two lists (indexes as in the list the
    /// line comes from). The common head and tail are skipped first, so a change in a list of
    /// 3,000 authors costs little; a middle still too large for the quadratic table (both sides
    /// rewritten) is shown as removed, then added, item by item.
    static func itemLines(_ field: String, _ old: [JSONValue], _ new: [JSONValue]) -> [String] {
        var head = 0
        while head < old.count, head < new.count, old[head] == new[head] { head += 1 }
        var tail = 0
        while tail < old.count - head, tail < new.count - head, old[old.count - 1 - tail] == new[new.count - 1 - tail] { tail += 1 }
        let a = Array(old[head..<(old.count - tail)])
        let b = Array(new[head..<(new.count - tail)])
        func removed(_ i: Int) -> String { "- \(field)[\(head + i)]: \(show(.array([a[i]])))" }
        func added(_ j: Int) -> String { "+ \(field)[\(head + j)]: \(show(.array([b[j]])))" }
        guard a.count * b.count <= 250_000 else { return a.indices.map(removed) + b.indices.map(added) }
        var common = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var lines: [String] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                i += 1
                j += 1
            } else if i < a.count, j == b.count || common[i + 1][j] >= common[i][j + 1] {
                lines.append(removed(i))
                i += 1
            } else {
                lines.append(added(j))
                j += 1
            }
        }
        return lines
    }

    /// Text as is; lists of strings joined with ", "; people as `Name (affiliation, ORCID …)`
    /// joined with "; "; anything else as compact JSON.
    public static func show(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        if let items = value.array {
            let strings = items.compactMap(\.string)
            if strings.count == items.count, !items.isEmpty { return strings.joined(separator: ", ") }
            let people = items.compactMap(Person.init(json:))
            if people.count == items.count, !items.isEmpty, items.allSatisfy({ $0["name"] != nil }) {
                return people.map { person in
                    let extra = [person.affiliation, person.orcid.map { "ORCID \($0)" }, person.type].compactMap { $0 }
                    let unknown = person.extra.isEmpty ? "" : " +" + String(decoding: JSONValue.object(person.extra).encoded(), as: UTF8.self)
                    return person.name + (extra.isEmpty ? "" : " (\(extra.joined(separator: ", ")))") + unknown
                }.joined(separator: "; ")
            }
        }
        return String(decoding: value.encoded(), as: UTF8.self)
    }
}

/// `--set FIELD=VALUE` edits: plain text fields; lists (`keywords`, `references`, `communities`)
/// comma-separated or as a JSON list; people (`creators`, `contributors`, `thesis_supervisors`) as
/// `Family, Given[@Affiliation][#ORCID]` separated by `;` or as Zenodo's JSON; and the fields that
/// have no short form (`dates`, `related_identifiers`, `subjects`, `grants`, `locations`, `custom`)
/// as Zenodo's JSON only: taken as text, Zenodo would refuse them.
public enum MetadataAssignment {
    static let listFields: Set<String> = ["keywords", "references", "communities"]
    static let peopleFields: Set<String> = ["creators", "contributors", "thesis_supervisors"]
    static let jsonFields: Set<String> = ["dates", "related_identifiers", "subjects", "grants", "locations", "custom"]

    public static func apply(_ assignment: String, to metadata: inout DepositionMetadata) throws {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw ZenodoError(.configuration, "'\(assignment)' is not FIELD=VALUE")
        }
        let field = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
        let value = String(assignment[assignment.index(after: equals)...])
        guard DepositionMetadata.knownFields.contains(field) || field.hasSuffix("_type") else {
            throw ZenodoError(.configuration, "'\(field)' is not a Zenodo metadata field")
        }
        switch field {
        case _ where peopleFields.contains(field):
            metadata[field] = .array(try people(value, field: field).map(\.json))
        case _ where jsonFields.contains(field):
            metadata[field] = try json(value, field: field)
        case "communities":
            metadata.communities = strings(inJSON: value, key: "identifier") ?? commaSeparated(value)
        case _ where listFields.contains(field):
            let list = strings(inJSON: value) ?? commaSeparated(value)
            metadata[field] = list.isEmpty ? nil : .array(list.map { .string($0) })
        default:
            metadata[field] = value.isEmpty ? nil : .string(value)
        }
    }
}

extension MetadataAssignment {
    static func commaSeparated(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A JSON list of strings (or, with `key`, of objects holding a string under `key`, as
    /// Zenodo writes communities), or nil: then the value is a comma-separated list, for a
    /// reference may well start with `[1]`.
    static func strings(inJSON value: String, key: String? = nil) -> [String]? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.first == "[", let items = (try? JSONValue.decode(Data(trimmed.utf8)))?.array else { return nil }
        let strings = items.compactMap { item in item.string ?? key.flatMap { item[$0]?.string } }
        return strings.count == items.count ? strings : nil
    }

    /// A field with no short form: Zenodo's JSON (a list; an object for `custom`), or nothing to
    /// remove the field.
    static func json(_ value: String, field: String) throws -> JSONValue? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let json = try? JSONValue.decode(Data(trimmed.utf8))
        let expected = field == "custom" ? "an object, {…}" : "a list, [{…}, …]"
        guard let json, field == "custom" ? json.object != nil : json.array != nil else {
            throw ZenodoError(
                .configuration,
                "\(field) takes Zenodo's JSON, \(expected) (for instance dates=[{\"start\": \"2024-05-01\", \"end\": \"2024-05-31\", \"type\": \"Collected\"}]), or nothing to remove it"
            )
        }
        return json
    }

    /// People as `Family, Given[@Affiliation][#ORCID]` separated by `;`, or as Zenodo's JSON: a list
    /// of objects with a `name` each (and `affiliation`, `orcid`, `gnd`, `type`), or one such object.
    /// No name starts with `[` or `{`, so such a value is JSON, and JSON that is not a list of named
    /// people is refused rather than kept as one person named after the whole text.
    static func people(_ value: String, field: String) throws -> [Person] {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.first == "[" || trimmed.first == "{" {
            let json = try? JSONValue.decode(Data(trimmed.utf8))
            let items = json.flatMap { $0.array ?? ($0.object == nil ? nil : [$0]) }
            let people = items?.compactMap { item -> Person? in
                guard let name = item["name"]?.string, !name.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
                return Person(json: item)
            }
            guard let people, let items, people.count == items.count else {
                throw ZenodoError(
                    .configuration,
                    "\(field): not JSON of people with a \"name\" each, like [{\"name\": \"Doe, Jane\", \"orcid\": \"0000-0002-1825-0097\"}]; or write them as 'Family, Given@Affiliation#ORCID; …'"
                )
            }
            return people
        }
        return value.split(separator: ";").compactMap { part -> Person? in
            var text = String(part).trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return nil }
            var orcid: String?
            var affiliation: String?
            if let hash = text.lastIndex(of: "#") { orcid = String(text[text.index(after: hash)...]); text = String(text[..<hash]) }
            if let at = text.lastIndex(of: "@") { affiliation = String(text[text.index(after: at)...]); text = String(text[..<at]) }
            return Person(name: text.trimmingCharacters(in: .whitespaces), affiliation: affiliation, orcid: orcid)
        }
    }
}

/// Field-level three-way merge of metadata edited from `base` while someone else changed it
/// to `theirs`: fields only one side changed take that side's value; fields both changed
/// differently are conflicts (and take `mine` in `merged`, for a user who chooses to keep theirs).
public struct MetadataMerge: Sendable, Equatable {
    public var merged: DepositionMetadata
    /// Fields changed on both sides to different values, sorted.
    public var conflicts: [String]
    /// Fields only the other side changed, kept in `merged`, sorted.
    public var keptFromTheirs: [String]

    public init(base: DepositionMetadata, mine: DepositionMetadata, theirs: DepositionMetadata) {
        let changedByMe = Set(MetadataDiff(old: base, new: mine).changes.map(\.field))
        let changedByThem = Set(MetadataDiff(old: base, new: theirs).changes.map(\.field))
        var merged = theirs
        for field in changedByMe { merged[field] = mine[field] }
        self.merged = merged
        conflicts = changedByMe.intersection(changedByThem).filter { mine[$0] != theirs[$0] }.sorted()
        keptFromTheirs = changedByThem.subtracting(changedByMe).sorted()
    }
}
