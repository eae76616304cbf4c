extension StringProtocol {
    /// Every match of `pattern` (ICU-style syntax, as `NSRegularExpression` took it) replaced by
    /// `replacement`, matched scalar by scalar as ICU does rather than by Swift's grapheme clusters.
    /// The patterns are the program's own constants; a malformed one is a programming error.
    public func replacingMatches(of pattern: String, with replacement: String) -> String {
        String(self).replacing(Self.compiled(pattern), with: replacement)
    }

    /// The first match of `pattern`, matched scalar by scalar.
    public func firstMatch(ofPattern pattern: String) -> Range<String.Index>? {
        String(self).firstMatch(of: Self.compiled(pattern))?.range
    }

    private static func compiled(_ pattern: String) -> Regex<AnyRegexOutput> {
        do {
            return try Regex(pattern).matchingSemantics(.unicodeScalar)
        } catch {
            preconditionFailure("bad pattern \(pattern): \(error)")
        }
    }
}
