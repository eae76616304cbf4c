import Foundation
import TerminalKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct TerminalTextTests {
    @Test func escapeSequencesAndControlsNeverSurvive() {
        #expect(TerminalText.sanitize("Title\u{1B}]52;c;ZXZpbA==\u{07}end") == "Titleend")
        #expect(TerminalText.sanitize("a\u{1B}[2Jb\u{1B}[31mred\u{1B}[0m") == "abred")
        #expect(TerminalText.sanitize("x\u{1B}]0;title\u{1B}\\y") == "xy")
        #expect(TerminalText.sanitize("c1\u{9B}31mz") == "c1z")
        #expect(TerminalText.sanitize("bell\u{07}del\u{7F}nul\u{0}") == "belldelnul")
        #expect(TerminalText.sanitize("tab\there\nline") == "tab here line")
        #expect(TerminalText.sanitize("keep\nnewline", keepNewlines: true) == "keep\nnewline")
        #expect(TerminalText.sanitize("rtl\u{202E}txt") == "rtltxt")
        #expect(TerminalText.sanitize("Müller, Ødegård, 李") == "Müller, Ødegård, 李")
        #expect(!TerminalText.sanitize("trailing\u{1B}").contains("\u{1B}"))
    }

    @Test func wideCharactersCountTwoColumns() {
        #expect(TerminalText.width("李娜") == 4)
        #expect(TerminalText.width("Ødegård") == 7)
        #expect(TerminalText.width("e\u{301}") == 1)
        #expect(TerminalText.truncate("李娜李娜", to: 5) == "李娜…")
        #expect(TerminalText.width(TerminalText.pad("李", to: 4)) == 4)
        #expect(TerminalText.pad("abcdef", to: 4) == "abc…")
    }
}

@Suite struct ProgressTextTests {
    @Test func barsAndDurations() {
        #expect(ProgressText.bar(0.5, width: 12) == "[#####-----]")
        #expect(ProgressText.bar(1.7, width: 6) == "[####]")
        #expect(ProgressText.bar(-1, width: 4) == "[--]")
        #expect(ProgressText.duration(nil) == "-")
        #expect(ProgressText.duration(12.5) == "13s")
        #expect(ProgressText.duration(187) == "3m07s")
        #expect(ProgressText.duration(7500) == "2h05m")
    }
}

/// One source of truth for width (issue 14, review): ours is the C library's `wcwidth`, which
/// ncurses advances by, for every code point it gives a width.
@Suite struct DisplayWidthTests {
    @Test func everyCodePointHasTheWidthWcwidthGives() throws {
        try #require(setlocale(LC_CTYPE, "C.UTF-8") != nil, "the C.UTF-8 locale")
        var differences: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }  // surrogates
            let theirs = Int(cWcwidth(Int32(value)))
            guard theirs >= 0 else { continue }  // not printable: the sanitiser removes those
            if TerminalText.width(of: scalar) != theirs {
                differences.append(
                    String(format: "U+%04X ours %d wcwidth %d", value, TerminalText.width(of: scalar), theirs))
            }
        }
        #expect(differences.isEmpty, "\(differences.count) differ, e.g. \(differences.prefix(5))")
    }

    @Test(arguments: [("\u{231A}", 2), ("a\u{301}", 1), ("日本", 4), ("👍", 2), ("e\u{200D}", 1), ("\u{FE0F}", 0)])
    func examples(_ text: String, _ columns: Int) {
        #expect(TerminalText.width(text) == columns)
    }
}

/// glibc's `wcwidth`, which Swift's Glibc module hides (it is behind _XOPEN_SOURCE).
@_silgen_name("wcwidth")
private func cWcwidth(_ character: Int32) -> Int32
