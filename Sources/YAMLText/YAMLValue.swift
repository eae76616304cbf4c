import FoundationEssentials

/// A YAML null (`~`, `null`, an empty value) among values.
public struct YAMLNull: Sendable, Equatable {
    public init() {}
}

extension YAMLNode {
    /// The node as Swift values, by YAML 1.1's types as Yams and PyYAML resolve them: `String`,
    /// `Int`, `Double`, `Bool`, `YAMLNull`, `Data` (`!!binary`), `[Any]` and `[String: Any]`
    /// (keys by their text; a later duplicate wins; merge keys merged). Timestamps stay text.
    public var value: Any {
        switch self {
        case .scalar(let scalar): scalar.value
        case .sequence(let items, _): items.map(\.value)
        // `!!set {a, b}`: PyYAML makes a set of the keys; here, their texts in order.
        case .mapping(let pairs, let start) where start.tag == YAMLScalar.core + "set":
            pairs.compactMap(\.key.string).sorted()
        case .mapping(let pairs, _): YAMLNode.dictionary(pairs)
        }
    }

    /// A mapping's pairs as a dictionary; `<<: *anchor` (YAML 1.1's merge key, a mapping or a list
    /// of them) brings in the keys the mapping does not set itself, the first merged winning.
    private static func dictionary(_ pairs: [YAMLPair]) -> [String: Any] {
        var own: [String: Any] = [:]
        var merged: [String: Any] = [:]
        for pair in pairs {
            if case .scalar(let key) = pair.key, key.text == "<<", key.style == .plain {
                let sources: [YAMLNode]
                if case .sequence(let items, _) = pair.value { sources = items } else { sources = [pair.value] }
                for case .mapping(let inner, _) in sources {
                    merged.merge(dictionary(inner)) { earlier, _ in earlier }
                }
                continue
            }
            own[pair.key.string ?? ""] = pair.value.value
        }
        return own.merging(merged) { mine, _ in mine }
    }
}

extension YAMLScalar {
    static let core = "tag:yaml.org,2002:"

    public var value: Any {
        guard let tag else {
            return style == .plain || style == .any ? YAMLScalar.resolve(text) : text
        }
        switch tag {
        case "!", YAMLScalar.core + "str":
            return text
        case YAMLScalar.core + "binary":
            return Data(base64Encoded: text.filter { !$0.isWhitespace }) ?? text
        case YAMLScalar.core + "float":
            let resolved = YAMLScalar.resolve(text)
            return (resolved as? Int).map(Double.init) ?? resolved
        case YAMLScalar.core + "int", YAMLScalar.core + "bool", YAMLScalar.core + "null":
            return YAMLScalar.resolve(text)
        default:
            // A local tag (`!custom`) says nothing this program knows: the scalar as if untagged.
            return style == .plain ? YAMLScalar.resolve(text) : text
        }
    }

    /// A plain scalar's value by YAML 1.1's implicit types, with PyYAML's resolver patterns
    /// (`yaml/resolver.py`): what InvenioRDM's `yaml.safe_load` makes of the same text.
    public static func resolve(_ text: String) -> Any {
        if ["", "~", "null", "Null", "NULL"].contains(text) { return YAMLNull() }
        switch text {
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return true
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return false
        default: break
        }
        guard let first = text.unicodeScalars.first, "+-.0123456789".unicodeScalars.contains(first) else { return text }
        if text.wholeMatch(of: Patterns.integer) != nil, let integer = integer(text) { return integer }
        if text.wholeMatch(of: Patterns.float) != nil, let double = double(text) { return double }
        return text
    }

    /// Whether a plain scalar of `text` reads back as the same text.
    public static func readsAsText(_ text: String) -> Bool { resolve(text) is String }

    private enum Patterns {
        nonisolated(unsafe) static let integer = try! Regex(
            #"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"#
        )
        nonisolated(unsafe) static let float = try! Regex(
            #"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"#
        )
    }

    /// The integer a text matching `Patterns.integer` stands for (PyYAML's `construct_yaml_int`).
    private static func integer(_ text: String) -> Int? {
        var digits = text.filter { $0 != "_" }
        var sign = 1
        if let first = digits.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            digits.removeFirst()
        }
        if digits == "0" { return 0 }
        if digits.hasPrefix("0b") { return Int(digits.dropFirst(2), radix: 2).map { sign * $0 } }
        if digits.hasPrefix("0x") { return Int(digits.dropFirst(2), radix: 16).map { sign * $0 } }
        if digits.hasPrefix("0") { return Int(digits.dropFirst(), radix: 8).map { sign * $0 } }
        if digits.contains(":") { return sexagesimal(digits).map { sign * Int($0) } }
        return Int(digits).map { sign * $0 }
    }

    /// The number a text matching `Patterns.float` stands for (PyYAML's `construct_yaml_float`).
    private static func double(_ text: String) -> Double? {
        var digits = text.filter { $0 != "_" }.lowercased()
        var sign = 1.0
        if let first = digits.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            digits.removeFirst()
        }
        if digits == ".inf" { return sign * .infinity }
        if digits == ".nan" { return .nan }
        if digits.contains(":") { return sexagesimal(digits).map { sign * $0 } }
        return Double(digits).map { sign * $0 }
    }

    /// `1:20:30.5` as 4830.5: base-60 digits, the last one possibly fractional.
    private static func sexagesimal(_ text: String) -> Double? {
        var value = 0.0
        for part in text.split(separator: ":") {
            guard let digit = Double(part) else { return nil }
            value = value * 60 + digit
        }
        return value
    }
}
