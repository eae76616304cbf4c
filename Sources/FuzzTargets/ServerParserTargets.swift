import Foundation
import LocalZenodo

/// LocalZenodo's parsers of what a client sends: the legacy form upload's multipart body and the
/// query string (search, sort, paging), and the `Range` header.
enum ServerParserTargets {
    /// The first line is the `Content-Type`, the rest the body.
    static func multipart(_ data: Data) {
        let input = data.prefix(FuzzTarget.maxInput)
        let newline = input.firstIndex(of: 0x0A) ?? input.endIndex
        let type = String(decoding: input[..<newline], as: UTF8.self)
        let body = newline < input.endIndex ? Data(input[input.index(after: newline)...]) : Data()
        ParserEntryPoints.multipartForm(body, contentType: type)
        ParserEntryPoints.multipartForm(body, contentType: "multipart/form-data; boundary=" + type)
    }

    static func query(_ data: Data) {
        let line = text(data)
        ParserEntryPoints.query(line)
        ParserEntryPoints.range(line)
    }
}
