/// A response body that is JSON but not the shape Zenodo documents.
public struct DecodingFailure: Error, Sendable, CustomStringConvertible {
    public var what: String
    public var description: String { "unexpected response from the server: \(what)" }
}

extension JSONValue {
    /// The value at `key` as an integer, accepting numbers and numeric strings (ids vary in type).
    func requireInt(_ key: String, in type: String) throws(DecodingFailure) -> Int {
        guard let value = self[key]?.int else { throw DecodingFailure(what: "\(type) without a numeric \"\(key)\"") }
        return value
    }

    /// A string, or a number written as a string (Zenodo types `conceptrecid` as a string, `id` as a number).
    func lenientString(_ key: String) -> String? {
        switch self[key] {
        case .string(let value)?: return value
        case .int(let value)?: return String(value)
        default: return nil
        }
    }
}

/// MD5 checksums appear bare (deposition files) or `md5:`-prefixed (bucket, records).
public enum MD5Checksum {
    /// Lower-case hex without a prefix.
    public static func bare(_ checksum: String?) -> String? {
        guard var value = checksum?.lowercased() else { return nil }
        if value.hasPrefix("md5:") { value.removeFirst(4) }
        return value.count == 32 && value.allSatisfy(\.isHexDigit) ? value : nil
    }
}
