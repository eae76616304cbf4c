import FoundationEssentials

/// LocalZenodo's parsers of untrusted request text, reachable from outside the module so that the
/// fuzz targets (`Sources/FuzzTargets`) can drive them with arbitrary bytes. Each parses and
/// throws its result away: what matters is that no input crashes, hangs or leaks.
public enum ParserEntryPoints {
    /// A `multipart/form-data` body under the boundary of `contentType`; true when it parsed.
    @discardableResult
    public static func multipartForm(_ body: Data, contentType: String) -> Bool {
        guard let boundary = MultipartForm.boundary(contentType), !boundary.isEmpty else { return false }
        return (try? MultipartForm.parse(body, boundary: boundary)) != nil
    }

    /// A request's query string as the routes read it: the pairs, the search query (matched against
    /// no deposition), the sort and the paging, for a guest and for an authenticated caller.
    public static func query(_ query: String) {
        let pairs = QueryString.pairs(query)
        _ = QueryString.redacted(query)
        let q = QueryString.value(of: "q", in: query)
        _ = SearchQuery(q).terms.count
        _ = try? SortOption.parse(QueryString.value(of: "sort", in: query), hasQuery: !(q ?? "").isEmpty)
        let page = pairs.first { $0.0 == "page" }.map { Substring($0.1) }
        let size = pairs.first { $0.0 == "size" }.map { Substring($0.1) }
        for authenticated in [false, true] {
            if let paging = try? Paging.parse(page: page, size: size, maxSize: 100, authenticated: authenticated) {
                _ = paging.slice(Array(0..<250))
            }
        }
    }

    /// A `Range` header against files of a few sizes; the range found must lie inside the file.
    public static func range(_ header: String) {
        for size: Int64 in [0, 1, 100, 1 << 40] {
            if case .satisfiable(let range) = ByteRange.parse(header, size: size) {
                precondition(
                    range.lowerBound >= 0 && range.upperBound <= size && !range.isEmpty,
                    "range \(range) outside a file of \(size) bytes")
            }
        }
    }
}
