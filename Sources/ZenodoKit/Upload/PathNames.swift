/// Paths split at their `/` bytes, never at characters: a combining mark after a slash makes one
/// character with it (`"a/\u{301}b".contains("/")` is false), which must not hide a folder from a
/// filter, or a `..` from a name's safety check (found by the fuzzer).
extension String {
    /// Whether the path has a `/` byte.
    var hasSlash: Bool { utf8.contains(UInt8(ascii: "/")) }

    /// Its names between `/` bytes (empty ones kept when `keepingEmpty`).
    func pathNames(keepingEmpty: Bool = false) -> [Substring] {
        utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: !keepingEmpty).map { Substring($0) }
    }

    /// The part before the last `/` byte, or nil.
    var parentPath: Substring? { utf8.lastIndex(of: UInt8(ascii: "/")).map { self[..<$0] } }
}
