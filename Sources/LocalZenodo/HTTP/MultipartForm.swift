import Foundation

/// A minimal `multipart/form-data` reader for the legacy form upload: one `file` part plus
/// plain fields (`name`).
struct MultipartForm {
    struct FilePart {
        var filename: String?
        var data: Data
    }
    var fields: [String: String] = [:]
    var file: FilePart?

    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.trimmingCharacters(in: .whitespaces)
            if pair.lowercased().hasPrefix("boundary=") {
                return String(pair.dropFirst("boundary=".count)).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    static func parse(_ body: Data, boundary: String) throws(APIError) -> MultipartForm {
        let malformed = APIError(
            status: 400, message: "The browser (or proxy) sent a request that this server could not understand.")
        let delimiter = Data("--\(boundary)".utf8)
        var form = MultipartForm()
        var cursor = body.startIndex
        guard let first = body.range(of: delimiter, in: cursor..<body.endIndex) else { throw malformed }
        cursor = first.upperBound
        while true {
            // After a delimiter: "--" ends the body, else CRLF then headers.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard body[cursor...].starts(with: Data("\r\n".utf8)) else { throw malformed }
            let headersStart = cursor + 2
            guard let headerEnd = body.range(of: Data("\r\n\r\n".utf8), in: headersStart..<body.endIndex) else {
                throw malformed
            }
            let headers = String(decoding: body[headersStart..<headerEnd.lowerBound], as: UTF8.self)
            guard let next = body.range(of: Data("\r\n".utf8) + delimiter, in: headerEnd.upperBound..<body.endIndex)
            else {
                throw malformed
            }
            let content = body[headerEnd.upperBound..<next.lowerBound]
            let disposition = headers.split(separator: "\r\n").first {
                $0.lowercased().hasPrefix("content-disposition")
            }
            let name = disposition.flatMap { parameter("name", in: String($0)) }
            let filename = disposition.flatMap { parameter("filename", in: String($0)) }
            if name == "file" {
                form.file = FilePart(filename: filename, data: Data(content))
            } else if let name {
                form.fields[name] = String(decoding: content, as: UTF8.self)
            }
            cursor = next.upperBound
        }
        return form
    }

    private static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("\(name)=") {
                return String(trimmed.dropFirst(name.count + 1)).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}

/// Werkzeug's `secure_filename`, which the form upload applies: ASCII only, path separators
/// dropped, spaces to `_`, leading dots and underscores stripped. `Données été.csv` → `Donnees_ete.csv`.
enum SecureFilename {
    static func make(_ name: String) -> String {
        let folded = name.decomposedStringWithCompatibilityMapping.unicodeScalars.filter(\.isASCII)
        var text = String(String.UnicodeScalarView(folded))
        text = text.replacingOccurrences(of: "/", with: " ").replacingOccurrences(of: "\\", with: " ")
        text = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: "_")
        text = String(text.filter { $0.isLetter || $0.isNumber || "_.-".contains($0) })
        return text.trimmingCharacters(in: CharacterSet(charactersIn: "._"))
    }
}
