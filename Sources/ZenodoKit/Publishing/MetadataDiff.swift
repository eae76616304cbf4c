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
        while tail < old.count - head, tail < new.count - head, old[old.count - 1 - tail] == new[new.count - 1 - tail] {
            tail += 1
        }
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
                    let unknown =
                        person.extra.isEmpty
                        ? "" : " +" + String(decoding: JSONValue.object(person.extra).encoded(), as: UTF8.self)
                    return person.name + (extra.isEmpty ? "" : " (\(extra.joined(separator: ", ")))") + unknown
                }.joined(separator: "; ")
            }
        }
        return String(decoding: value.encoded(), as: UTF8.self)
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
