/// Greedy word wrap by display width. A word wider than the line (a URL, a checksum, a
/// 10,000-character "word" from a server) is cut at the width, so no line is wider than `width`
/// (unless `width` is 1 and a character is wide). Linear in the text's length.
public enum TextWrap {
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(width, 1)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var used = 0
            for word in paragraph.split(separator: " ") {
                let wordWidth = TerminalText.width(String(word))
                if !line.isEmpty, used + 1 + wordWidth <= width {
                    line += " " + word
                    used += 1 + wordWidth
                    continue
                }
                if !line.isEmpty {
                    lines.append(line)
                    line = ""
                    used = 0
                }
                if wordWidth <= width {
                    line = String(word)
                    used = wordWidth
                    continue
                }
                // Wider than a line: cut it, character by character.
                for character in word {
                    let w = TerminalText.width(String(character))
                    if used + w > width, !line.isEmpty {
                        lines.append(line)
                        line = ""
                        used = 0
                    }
                    line.append(character)
                    used += w
                }
            }
            lines.append(line)
        }
        return lines
    }
}
