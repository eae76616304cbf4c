import EssentialsExtras
import FoundationEssentials

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
            let pair = parameter.trimming(.whitespaces)
            if pair.lowercased().hasPrefix("boundary=") {
                return String(pair.dropFirst("boundary=".count)).trimming(ScalarSet(charactersIn: "\""))
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
        guard let first = body.firstRange(ofBytes: delimiter, in: cursor..<body.endIndex) else { throw malformed }
        cursor = first.upperBound
        while true {
            // After a delimiter: "--" ends the body, else CRLF then headers.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard body[cursor...].starts(with: Data("\r\n".utf8)) else { throw malformed }
            let headersStart = cursor + 2
            guard let headerEnd = body.firstRange(ofBytes: Data("\r\n\r\n".utf8), in: headersStart..<body.endIndex)
            else {
                throw malformed
            }
            let headers = String(decoding: body[headersStart..<headerEnd.lowerBound], as: UTF8.self)
            guard
                let next = body.firstRange(
                    ofBytes: Data("\r\n".utf8) + delimiter, in: headerEnd.upperBound..<body.endIndex)
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
            let trimmed = piece.trimming(.whitespaces)
            if trimmed.hasPrefix("\(name)=") {
                return String(trimmed.dropFirst(name.count + 1)).trimming(ScalarSet(charactersIn: "\""))
            }
        }
        return nil
    }
}

/// Werkzeug's `secure_filename`, which the form upload applies: ASCII only, path separators
/// dropped, spaces to `_`, leading dots and underscores stripped. `Données été.csv` → `Donnees_ete.csv`.
enum SecureFilename {
    static func make(_ name: String) -> String {
        let folded = compatible(name).nfdNormalized.unicodeScalars.filter(\.isASCII)
        var text = String(String.UnicodeScalarView(folded))
        text = text.replacing("/", with: " ").replacing("\\", with: " ")
        text = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: "_")
        text = String(text.filter { $0.isLetter || $0.isNumber || "_.-".contains($0) })
        return text.trimming(ScalarSet(charactersIn: "._"))
    }

    /// The part of Unicode's compatibility decomposition (`unicodedata.normalize("NFKD", …)`, which
    /// Werkzeug applies first) that reaches ASCII in file names: the no-break and other fixed-width
    /// spaces, full-width ASCII, the Latin ligatures, super- and subscript digits. The standard
    /// library has only the canonical forms (NFD, NFC); the rest of NFKD is not reproduced.
    static func compatible(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: out.append(" ")
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(value - 0xFEE0)!)
            case 0x2070, 0x2080: out.append("0")
            case 0x00B9, 0x2081: out.append("1")
            case 0x00B2, 0x2082: out.append("2")
            case 0x00B3, 0x2083: out.append("3")
            case 0x2074...0x2079: out.append(Unicode.Scalar(value - 0x2074 + 0x34)!)
            case 0x2084...0x2089: out.append(Unicode.Scalar(value - 0x2084 + 0x34)!)
            default:
                if let ligature = Self.ligatures[value] {
                    out.append(contentsOf: ligature.unicodeScalars)
                } else {
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }

    private static let ligatures: [UInt32: String] = [
        0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st",
        0x0132: "IJ", 0x0133: "ij", 0x01C4: "DZ", 0x01C5: "Dz", 0x01C6: "dz", 0x01C7: "LJ", 0x01C8: "Lj",
        0x01C9: "lj", 0x01CA: "NJ", 0x01CB: "Nj", 0x01CC: "nj",
    ]
}
