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
            if let old = change.old?.array, let new = change.new?.array, !old.isEmpty, !new.isEmpty,
                (old + new).allSatisfy({ $0.object != nil })
            {
                return Self.itemLines(change.field, old, new)
            }
            var lines: [String] = []
            if let old = change.old { lines.append("- \(change.field): \(Self.show(old))") }
            if let new = change.new { lines.append("+ \(change.field): \(Self.show(new))") }
            return lines
        }
    }

    /// Item lines from a longest common subsequence of the two lists (indexes as in the list the
    /// line comes from).
    static func itemLines(_ field: String, _ old: [JSONValue], _ new: [JSONValue]) -> [String] {
        var common = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                common[i][j] = old[i] == new[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var lines: [String] = []
        var (i, j) = (0, 0)
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                i += 1
                j += 1
            } else if i < old.count, j == new.count || common[i + 1][j] >= common[i][j + 1] {
                lines.append("- \(field)[\(i)]: \(show(.array([old[i]])))")
                i += 1
            } else {
                lines.append("+ \(field)[\(j)]: \(show(.array([new[j]])))")
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

/// `--set FIELD=VALUE` edits: plain text fields, comma-separated lists (`keywords`, `references`,
/// `communities`), and creators as `Family, Given[@Affiliation][#ORCID]` separated by `;`.
public enum MetadataAssignment {
    static let listFields: Set<String> = ["keywords", "references", "communities"]

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
        case "creators", "contributors":
            let people = value.split(separator: ";").map { part -> Person in
                var text = String(part).trimmingCharacters(in: .whitespaces)
                var orcid: String?
                var affiliation: String?
                if let hash = text.lastIndex(of: "#") { orcid = String(text[text.index(after: hash)...]); text = String(text[..<hash]) }
                if let at = text.lastIndex(of: "@") { affiliation = String(text[text.index(after: at)...]); text = String(text[..<at]) }
                return Person(name: text.trimmingCharacters(in: .whitespaces), affiliation: affiliation, orcid: orcid)
            }
            if field == "creators" { metadata.creators = people } else { metadata.contributors = people }
        case "communities":
            metadata.communities = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        case _ where listFields.contains(field):
            metadata[field] = value.isEmpty ? nil : .array(value.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
        default:
            metadata[field] = value.isEmpty ? nil : .string(value)
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
