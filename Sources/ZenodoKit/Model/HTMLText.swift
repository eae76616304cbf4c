import EssentialsExtras
import FoundationEssentials

/// Zenodo's HTML descriptions as plain text: tags dropped, paragraphs and line breaks kept, entities decoded.
public enum HTMLText {
    public static func plain(_ html: String) -> String {
        var text = html.replacingMatches(of: "(?i)<br\\s*/?>", with: "\n")
        text = text.replacingMatches(of: "(?i)</(p|div|li|h[1-6])>", with: "\n\n")
        text = text.replacingMatches(of: "(?i)<li[^>]*>", with: "• ")
        text = text.replacingMatches(of: "<[^>]*>", with: "")
        // A no-break space reads as a space in a terminal.
        text = HTMLEntities.decode(text).replacing("\u{A0}", with: " ")
        return text.replacingMatches(of: "\n{3,}", with: "\n\n")
            .trimming(.whitespacesAndNewlines)
    }
}

extension HTMLText {
    /// Plain text typed in an editor as simple HTML: blank lines separate `<p>` paragraphs, single
    /// newlines become `<br>`, and `&`, `<`, `>` are escaped. `plain(paragraphs(x))` gives `x` back.
    public static func paragraphs(_ text: String) -> String {
        let escaped = escape(text)
        let blocks = escaped.replacing("\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.trimming(.whitespacesAndNewlines) }.filter { !$0.isEmpty }
        return blocks.map { "<p>" + $0.replacing("\n", with: "<br>") + "</p>" }.joined()
    }

    /// `&`, `<` and `>` as entities, scalar by scalar: a `<` followed by a combining mark is one
    /// Character that a Character-wise replacement does not see, and the text after it up to the
    /// next `>` was then taken for a tag and lost (the `html` fuzz target found it).
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
