/// A set of Unicode scalars by rule, for what Foundation's `CharacterSet` did here: trimming,
/// filtering and percent-encoding. The classes follow `CharacterSet`'s documentation (general
/// categories from the standard library's own Unicode tables, no ICU).
public struct ScalarSet: Sendable {
    private let rule: @Sendable (Unicode.Scalar) -> Bool

    public init(_ rule: @escaping @Sendable (Unicode.Scalar) -> Bool) { self.rule = rule }

    public init(charactersIn text: String) {
        let scalars = Set(text.unicodeScalars)
        rule = { scalars.contains($0) }
    }

    public func contains(_ scalar: Unicode.Scalar) -> Bool { rule(scalar) }

    public func union(_ other: ScalarSet) -> ScalarSet { ScalarSet { rule($0) || other.rule($0) } }
    public func subtracting(_ other: ScalarSet) -> ScalarSet { ScalarSet { rule($0) && !other.rule($0) } }
    public var inverted: ScalarSet { ScalarSet { !rule($0) } }

    /// Zs and tab.
    public static let whitespaces = ScalarSet { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    /// U+000A–U+000D, U+0085, U+2028, U+2029.
    public static let newlines = ScalarSet {
        (0x0A...0x0D).contains($0.value) || $0.value == 0x85 || $0.value == 0x2028 || $0.value == 0x2029
    }
    public static let whitespacesAndNewlines = whitespaces.union(newlines)
    /// Cc and Cf.
    public static let controlCharacters = ScalarSet {
        let category = $0.properties.generalCategory
        return category == .control || category == .format
    }
    /// L*, M* and N*.
    public static let alphanumerics = ScalarSet {
        switch $0.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default: return false
        }
    }
    /// Nd.
    public static let decimalDigits = ScalarSet { $0.properties.generalCategory == .decimalNumber }
    /// ASCII letters and digits: what URLs leave unencoded before their own punctuation.
    public static let asciiAlphanumerics = ScalarSet {
        $0.isASCII && (("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0))
    }
    /// What a URL path keeps: RFC 3986's unreserved, sub-delims but `;`, `:`, `@` and `/`, as
    /// Foundation's `CharacterSet.urlPathAllowed` (checked in EssentialsExtrasTests).
    public static let urlPathAllowed = asciiAlphanumerics.union(ScalarSet(charactersIn: "-._~!$&'()*+,=:@/"))
}

extension StringProtocol {
    /// The text without the scalars of `set` at either end.
    public func trimming(_ set: ScalarSet) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !set.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !set.contains($0) })!
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: scalars[first...last])
        return String(kept)
    }

    /// UTF-8 percent-encoding of every scalar outside `allowed`, in upper-case hex.
    public func percentEncoded(allowing allowed: ScalarSet) -> String {
        var out = ""
        for scalar in unicodeScalars {
            if allowed.contains(scalar) {
                out.unicodeScalars.append(scalar)
                continue
            }
            for byte in String(scalar).utf8 {
                out +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// `%XX` sequences decoded; `nil` when one is malformed or the bytes are not UTF-8, as
    /// `removingPercentEncoding`.
    public var percentDecoded: String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue)
            else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The text padded with spaces (or cut) to `length` characters, as
    /// `padding(toLength:withPad:" ",startingAt:0)`.
    public func padded(to length: Int) -> String {
        count >= length ? String(prefix(length)) : String(self) + String(repeating: " ", count: length - count)
    }
}
