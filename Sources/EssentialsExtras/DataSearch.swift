import FoundationEssentials
import Glibc

extension Data {
    /// Where `needle` first occurs within `range` (`Data.range(of:in:)` of full Foundation): a
    /// `memchr` for its first byte, then a `memcmp`, so a multipart body of many megabytes is
    /// searched at memory speed.
    public func firstRange(ofBytes needle: Data, in range: Range<Index>) -> Range<Index>? {
        guard !needle.isEmpty, range.count >= needle.count else { return nil }
        return withUnsafeBytes { (haystack: UnsafeRawBufferPointer) -> Range<Index>? in
            needle.withUnsafeBytes { (pattern: UnsafeRawBufferPointer) -> Range<Index>? in
                let base = haystack.baseAddress!
                let first = Int32(pattern[0])
                var offset = range.lowerBound - startIndex
                let last = range.upperBound - startIndex - pattern.count
                while offset <= last {
                    guard let hit = memchr(base + offset, first, last - offset + 1) else { return nil }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, pattern.baseAddress!, pattern.count) == 0 {
                        return (startIndex + at)..<(startIndex + at + pattern.count)
                    }
                    offset = at + 1
                }
                return nil
            }
        }
    }
}
