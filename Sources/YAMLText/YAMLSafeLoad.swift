extension YAMLNode {
    /// `value`, but refusing what PyYAML's `safe_load` refuses: a tag it has no constructor for
    /// (`!custom`, `!!python/object`), and a scalar whose tag its text does not fit (`!!int abc`).
    public func safeValue() throws(YAMLError) -> Any {
        try checkTags()
        return value
    }

    /// How many nodes the tree has with every alias expanded, counting no further than `limit`
    /// (a "billion laughs" file composes small but would expand without end when made values).
    public func expandedCount(upTo limit: Int) -> Int {
        var count = 0
        walk { _ in
            count += 1
            return count < limit
        }
        return count
    }

    /// Every node, depth first, aliases expanded, until `visit` says to stop (an explicit stack: a
    /// deep tree needs no deep recursion).
    func walk<E: Error>(_ visit: (YAMLNode) throws(E) -> Bool) throws(E) {
        var pending: [YAMLNode] = [self]
        while let node = pending.popLast() {
            guard try visit(node) else { return }
            switch node {
            case .scalar: break
            case .sequence(let items, _): pending.append(contentsOf: items.reversed())
            case .mapping(let pairs, _):
                for pair in pairs.reversed() {
                    pending.append(pair.value)
                    pending.append(pair.key)
                }
            }
        }
    }

    private static let known: Set<String> = Set(
        [
            "str", "int", "float", "bool", "null", "binary", "timestamp", "seq", "map", "set", "omap", "pairs", "merge",
            "value",
        ].map { YAMLScalar.core + $0 }
    ).union(["!"])

    private func checkTags() throws(YAMLError) {
        var seen = 0
        try walk { (node: YAMLNode) throws(YAMLError) -> Bool in
            seen += 1
            switch node {
            case .scalar(let scalar):
                guard let tag = scalar.tag else { break }
                guard Self.known.contains(tag) else { throw Self.unknown(tag, scalar.mark) }
                let resolved = YAMLScalar.resolve(scalar.text)
                let fits: Bool =
                    switch tag {
                    case YAMLScalar.core + "int": resolved is Int
                    case YAMLScalar.core + "float": resolved is Double || resolved is Int
                    case YAMLScalar.core + "bool": resolved is Bool
                    case YAMLScalar.core + "null": resolved is YAMLNull
                    default: true
                    }
                guard fits else {
                    throw YAMLError(
                        problem: "\"\(scalar.text)\" cannot be read as \(Self.short(tag))", mark: scalar.mark,
                        context: nil)
                }
            case .sequence(_, let start), .mapping(_, let start):
                if let tag = start.tag, !Self.known.contains(tag) { throw Self.unknown(tag, start.mark) }
            }
            // Aliases are walked again each time; a file past the expansion budget is refused
            // before its values are made, so this bound is only a backstop.
            return seen < 1_000_000
        }
    }

    private static func unknown(_ tag: String, _ mark: YAMLMark) -> YAMLError {
        YAMLError(problem: "the tag \(short(tag)) is not one a safe YAML reader knows", mark: mark, context: nil)
    }

    private static func short(_ tag: String) -> String {
        tag.hasPrefix(YAMLScalar.core) ? "!!" + tag.dropFirst(YAMLScalar.core.count) : tag
    }
}

extension YAMLParser {
    /// The first document as values, the way `yaml.safe_load` reads it, with at most `limit` nodes
    /// once aliases are expanded.
    public static func load(_ text: String, limit: Int = 100_000) throws(YAMLError) -> Any? {
        guard let root = try compose(text) else { return nil }
        guard root.expandedCount(upTo: limit + 1) <= limit else {
            throw YAMLError(
                problem: "more than \(limit) values once its aliases are expanded (aliases referring to aliases)",
                mark: nil, context: nil)
        }
        return try root.safeValue()
    }
}
