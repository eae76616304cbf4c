import FoundationEssentials
import YAMLText

/// Where each field of a metadata file sits (1-based lines), so a problem with `creators[1].orcid`
/// is reported at its line: a small scan of the JSON text (keys and array positions), or libyaml's
/// marks for a CFF file (whose `authors`, `abstract`, `date-released` carry the legacy fields).
public enum FieldLines {
    /// Path (`creators[1].orcid`) → line, for JSON text.
    public static func json(_ text: String) -> [String: Int] {
        var lines: [String: Int] = [:]
        enum Frame {
            case object(key: String?)
            case array(index: Int)
        }
        var stack: [Frame] = []
        var line = 1
        var inString = false
        var escaped = false
        var token = ""
        var tokenLine = 1
        var lastString: (String, Int)?
        func path() -> String {
            var out = ""
            for frame in stack {
                switch frame {
                case .object(let key?): out += out.isEmpty ? key : ".\(key)"
                case .array(let index): out += "[\(index)]"
                case .object(nil): break
                }
            }
            return out
        }
        for char in text {
            if char == "\n" { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                    token.append(char)
                } else if char == "\\" {
                    escaped = true
                } else if char == "\"" {
                    inString = false
                    lastString = (token, tokenLine)
                } else {
                    token.append(char)
                }
                continue
            }
            switch char {
            case "\"":
                inString = true
                token = ""
                tokenLine = line
                if case .array = stack.last, lines[path()] == nil { lines[path()] = line }
            case ":":
                if let (key, keyLine) = lastString, case .object = stack.last {
                    stack[stack.count - 1] = .object(key: key)
                    let here = path()
                    if lines[here] == nil { lines[here] = keyLine }
                }
                lastString = nil
            case "{":
                if case .array = stack.last, lines[path()] == nil { lines[path()] = line }
                stack.append(.object(key: nil))
            case "[":
                stack.append(.array(index: 0))
            case "}", "]":
                if !stack.isEmpty { stack.removeLast() }
            case ",":
                lastString = nil
                if case .array(let index) = stack.last {
                    stack[stack.count - 1] = .array(index: index + 1)
                } else if case .object = stack.last {
                    stack[stack.count - 1] = .object(key: nil)
                }
            default:
                break
            }
        }
        return lines
    }

    /// Path → line for a CFF file, in legacy field names (`creators[0].orcid` is `authors[0].orcid`).
    public static func cff(_ text: String) -> [String: Int] {
        guard case .mapping(let mapping, _)? = try? YAMLParser.compose(text) else { return [:] }
        let names = [
            "title": "title", "authors": "creators", "abstract": "description", "keywords": "keywords",
            "version": "version", "date-released": "publication_date", "license": "license", "doi": "doi",
            "type": "upload_type",
        ]
        var lines: [String: Int] = [:]
        for (key, value) in mapping.map({ ($0.key, $0.value) }) {
            guard let name = key.string, let field = names[name] else { continue }
            let mark = key.mark
            lines[field] = mark.line
            if field == "creators", case .sequence(let authors, _) = value {
                for (i, author) in authors.enumerated() {
                    lines["creators[\(i)]"] = author.mark.line
                    if case .mapping(let person, _) = author {
                        for k in person.map(\.key) {
                            guard let name = k.string else { continue }
                            let mark = k.mark
                            let legacy =
                                ["family-names": "name", "given-names": "name", "name": "name", "orcid": "orcid"][name]
                                ?? name
                            if lines["creators[\(i)].\(legacy)"] == nil {
                                lines["creators[\(i)].\(legacy)"] = mark.line
                            }
                        }
                    }
                }
            }
        }
        return lines
    }

    /// The line of `field`, or of the nearest enclosing field that has one (`creators[1].orcid`,
    /// then `creators[1]`, then `creators`).
    public static func line(of field: String, in lines: [String: Int]) -> Int? {
        // A missing subtype (`publication_type`) belongs at the type it is missing from.
        if lines[field] == nil, field.hasSuffix("_type"), let type = lines["upload_type"] { return type }
        var path = field
        while !path.isEmpty {
            if let line = lines[path] { return line }
            if let dot = path.lastIndex(where: { $0 == "." || $0 == "[" }) {
                path = String(path[..<dot])
            } else {
                break
            }
        }
        return nil
    }
}
