@_spi(_Unicode) import Swift

extension StringProtocol {
    /// Unicode NFC, by the standard library's own tables (`precomposedStringWithCanonicalMapping`).
    public var nfcNormalized: String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: String(self)._nfc)
        return String(out)
    }

    /// Unicode NFD (`decomposedStringWithCanonicalMapping`). Where Foundation's compatibility
    /// mapping (NFKD) was used to fold to ASCII, this one keeps ligatures and full-width forms
    /// whole, so they are dropped with the rest of what is not ASCII instead of spelled out.
    public var nfdNormalized: String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: String(self)._nfd)
        return String(out)
    }

    /// Case and diacritics folded away, for matching what a person typed (`folding(options:
    /// [.caseInsensitive, .diacriticInsensitive])`): NFD without its combining marks, lower-cased.
    public var foldedForSearch: String {
        var out = String.UnicodeScalarView()
        for scalar in String(self)._nfd where scalar.properties.generalCategory != .nonspacingMark {
            out.append(scalar)
        }
        return String(out).lowercased()
    }
}
