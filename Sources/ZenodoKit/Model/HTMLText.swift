import Foundation

/// Zenodo's HTML descriptions as plain text: tags dropped, paragraphs and line breaks kept, entities decoded.
public enum HTMLText {
    public static func plain(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "(?i)<br\\s*/?>", with: "\n", options: .regularExpression)
        text = text.replacingOccurrences(of: "(?i)</(p|div|li|h[1-6])>", with: "\n\n", options: .regularExpression)
        text = text.replacingOccurrences(of: "(?i)<li[^>]*>", with: "• ", options: .regularExpression)
        text = text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        // A no-break space reads as a space in a terminal.
        text = HTMLEntities.decode(text).replacingOccurrences(of: "\u{A0}", with: " ")
        return text.replacingOccurrences(of: "\n{3,}", with: "\n\n", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}


extension HTMLText {
    /// Plain text typed in an editor as simple HTML: blank lines separate `<p>` paragraphs, single
    /// newlines become `<br>`, and `&`, `<`, `>` are escaped. `plain(paragraphs(x))` gives `x` back.
    public static func paragraphs(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        let blocks = escaped.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        return blocks.map { "<p>" + $0.replacingOccurrences(of: "\n", with: "<br>") + "</p>" }.joined()
    }
}
