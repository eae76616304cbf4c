import Testing
import ZenodoKit

/// Descriptions as text: every character reference decoded once (issue 14, review).
@Suite struct HTMLTextTests {
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
