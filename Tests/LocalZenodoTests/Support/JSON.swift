import Foundation

/// A loosely typed view of JSON for assertions: `reply.json["links"]["bucket"].string`.
///
/// Deliberately independent of LocalZenodo's own JSON type, so the tests read the wire as a
/// stranger would.
enum JSON: Equatable, Sendable, Decodable, CustomStringConvertible {
    case missing
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(parse data: Data) { self = (try? JSONDecoder().decode(JSON.self, from: data)) ?? .missing }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let v = try? c.decode(Bool.self) {
            self = .bool(v)
        } else if let v = try? c.decode(Int.self) {
            self = .integer(v)
        } else if let v = try? c.decode(Double.self) {
            self = .number(v)
        } else if let v = try? c.decode(String.self) {
            self = .string(v)
        } else if let v = try? c.decode([JSON].self) {
            self = .array(v)
        } else {
            self = .object(try c.decode([String: JSON].self))
        }
    }

    subscript(key: String) -> JSON {
        if case .object(let o) = self { return o[key] ?? .missing }
        return .missing
    }
    subscript(index: Int) -> JSON {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return .missing
    }

    var string: String? {
        if case .string(let v) = self { return v }
        return nil
    }
    var int: Int? {
        if case .integer(let v) = self { return v }
        return nil
    }
    var bool: Bool? {
        if case .bool(let v) = self { return v }
        return nil
    }
    var array: [JSON] {
        if case .array(let v) = self { return v }
        return []
    }
    var object: [String: JSON] {
        if case .object(let v) = self { return v }
        return [:]
    }

    /// Back to Foundation's JSON objects, to send a value read from the wire again.
    var any: Any {
        switch self {
        case .missing, .null: return NSNull()
        case .bool(let v): return v
        case .integer(let v): return v
        case .number(let v): return v
        case .string(let v): return v
        case .array(let v): return v.map(\.any)
        case .object(let v): return v.mapValues(\.any)
        }
    }
    var keys: Set<String> { Set(object.keys) }
    var exists: Bool { self != .missing && self != .null }

    var kind: String {
        switch self {
        case .missing: "missing"
        case .null: "null"
        case .bool: "bool"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var description: String {
        switch self {
        case .missing: "<missing>"
        case .null: "null"
        case .bool(let v): "\(v)"
        case .integer(let v): "\(v)"
        case .number(let v): "\(v)"
        case .string(let v): "\"\(v)\""
        case .array(let v): "[" + v.map(\.description).joined(separator: ",") + "]"
        case .object(let v): "{" + v.keys.sorted().map { "\"\($0)\":\(v[$0]!)" }.joined(separator: ",") + "}"
        }
    }
}

/// Request bodies are written as plain dictionaries.
struct Body: Sendable {
    let data: Data
    init(_ object: [String: Any]) { data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }
    init(raw: String) { data = Data(raw.utf8) }
    init(array: [[String: Any]]) { data = try! JSONSerialization.data(withJSONObject: array, options: [.sortedKeys]) }
}
