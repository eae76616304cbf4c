import EssentialsExtras
import ZenodoKit

/// Dates as the form edits them, one per line: `2020-01-01/2020-06-30 Collected: field season`.
/// A single day is written once; an open end is `..` (`2020-01-01/..`). Pure.
enum DateLines {
    static func text(_ dates: JSONValue?) -> String {
        (dates?.array ?? []).map { entry in
            let start = entry["start"]?.string ?? ""
            let end = entry["end"]?.string ?? ""
            let when = start == end ? start : "\(start.isEmpty ? ".." : start)/\(end.isEmpty ? ".." : end)"
            var line = "\(when) \(entry["type"]?.string ?? "")"
            if let description = entry["description"]?.string, !description.isEmpty { line += ": \(description)" }
            return line
        }.joined(separator: "\n")
    }

    /// The legacy `dates` list for the text; nil when there is none. A line the form cannot read
    /// keeps its words as the date, for the checklist to point at.
    static func parse(_ text: String) -> JSONValue? {
        let entries: [JSONValue] = text.split(separator: "\n").compactMap { raw in
            var line = raw.trimming(.whitespaces)
            guard !line.isEmpty else { return nil }
            var description: String?
            if let colon = line.firstIndex(of: ":") {
                description = line[line.index(after: colon)...].trimming(.whitespaces)
                line = line[..<colon].trimming(.whitespaces)
            }
            let words = line.split(separator: " ", maxSplits: 1).map(String.init)
            let when = words.first ?? ""
            let parts = when.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let start = parts[0] == ".." ? "" : parts[0]
            let end = parts.count > 1 ? (parts[1] == ".." ? "" : parts[1]) : start
            var entry: [String: JSONValue] = [
                "start": .string(start), "end": .string(end),
                "type": .string(words.count > 1 ? words[1].trimming(.whitespaces) : ""),
            ]
            if let description, !description.isEmpty { entry["description"] = .string(description) }
            return .object(entry)
        }
        return entries.isEmpty ? nil : .array(entries)
    }
}
