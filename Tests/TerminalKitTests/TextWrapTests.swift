import TerminalKit
import Testing

/// Found by the `terminal` fuzz target: a word wider than the line (a 300-character run in a
/// description) was kept whole, so the line was 300 columns in a 12-column box.
@Suite struct TextWrapTests {
    @Test func wordsWiderThanTheLineAreCut() {
        let lines = TextWrap.wrap("see " + String(repeating: "w", count: 30) + " end", width: 12)
        #expect(lines == ["see", "wwwwwwwwwwww", "wwwwwwwwwwww", "wwwwww end"])
        #expect(lines.allSatisfy { TerminalText.width($0) <= 12 })
    }

    @Test func wideCharactersAreNotSplitAcrossTheEdge() {
        let lines = TextWrap.wrap(String(repeating: "李", count: 7), width: 5)
        #expect(lines == ["李李", "李李", "李李", "李"])
    }

    @Test func aTenThousandCharacterWordWrapsQuicklyWithinTheWidth() {
        let word = String(repeating: "x", count: 10_000)
        let lines = TextWrap.wrap(word + " " + word, width: 76)
        #expect(lines.count == 2 * 132)
        #expect(lines.allSatisfy { TerminalText.width($0) <= 76 })
    }

    @Test func ordinaryTextWrapsAtSpacesAndKeepsParagraphs() {
        #expect(TextWrap.wrap("one two three\n\nfour", width: 8) == ["one two", "three", "", "four"])
    }
}
