import Testing
import ZenodoKit

/// Descriptions as text: every character reference decoded once (issue 14, review).
@Suite struct HTMLTextTests {
    /// Found by the `html` fuzz target: a `<` carrying a combining mark (one Character) was not
    /// escaped, and the text up to the next `>` was taken for a tag and lost; an entity whose `;`
    /// carries one was left raw.
    @Test func markupCharactersCarryingCombiningMarksSurviveTheEditor() {
        let typed = "nFUI<\u{0611}I<\u{0611}\n\nA"
        #expect(HTMLText.paragraphs(typed) == "<p>nFUI&lt;\u{0611}I&lt;\u{0611}</p><p>A</p>")
        #expect(HTMLText.plain(HTMLText.paragraphs(typed)) == typed)
        #expect(HTMLText.plain("a&lt;\u{0610}b &amp;\u{0301}") == "a<\u{0610}b &\u{0301}")
    }

    @Test(arguments: [
        ("caf&#233; &#x2014; &#X2014;", "café — —"),
        ("&eacute;t&eacute; &Ouml;l &szlig; &mdash; &hellip; &ndash;", "été Öl ß — … –"),
        ("&amp;lt;p&amp;gt; is a tag", "&lt;p&gt; is a tag"),
        ("&lt;b&gt; &quot;q&quot; &apos;a&apos; &#39;b&#39;", "<b> \"q\" 'a' 'b'"),
        ("&bogus; & &; &#; &#xZZ;", "&bogus; & &; &#; &#xZZ;"),
        ("&#0;&#xD800;&#x110000;", "\u{FFFD}\u{FFFD}\u{FFFD}"),
        ("a&nbsp;b", "a b"),
        ("&alpha;&beta; &le; &infin;", "αβ ≤ ∞"),
        ("<p>one</p><p>two &amp; three</p>", "one\n\ntwo & three"),
    ])
    func entities(_ html: String, _ text: String) {
        #expect(HTMLText.plain(html) == text)
    }

    @Test func plainGivesBackWhatParagraphsWrote() {
        let typed = "Fish & chips < 5 €\n\nA second &amp; paragraph"
        #expect(HTMLText.plain(HTMLText.paragraphs(typed)) == typed)
    }
}
