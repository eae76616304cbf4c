import EssentialsExtras
import Foundation
import Testing

/// What EssentialsExtras does in place of full Foundation, checked against full Foundation itself
/// (which the tests may link: only the shipped binary must not).
@Suite struct FoundationParityTests {
    static let paths = [
        "", "/", "/tmp", "/tmp/", "/tmp/a.txt", "/a/b/c.tar.gz", "a/b", "/a//b///c/", "/a/.bashrc", "/a/b.",
        "rel/x.y/z",
        "//double", "/a/./b/../c",
    ]

    @Test(arguments: paths)
    func pathsAsNSStringTreatsThem(_ path: String) {
        let ns = path as NSString
        #expect(PathText.lastComponent(path) == ns.lastPathComponent, "last of \(path)")
        #expect(PathText.deletingLastComponent(path) == ns.deletingLastPathComponent, "above \(path)")
        #expect(PathText.extensionOf(path) == ns.pathExtension, "extension of \(path)")
        #expect(PathText.appending(path, "n.txt") == ns.appendingPathComponent("n.txt"), "\(path) + n.txt")
        #expect(PathText.isAbsolute(path) == ns.isAbsolutePath)
        if path.hasPrefix("/") { #expect(PathText.standardizing(path) == ns.standardizingPath, "standard \(path)") }
    }

    @Test func theTildeIsTheHomeDirectory() {
        for path in ["~", "~/data", "~/data/x.csv", "/not/~", "~root/x"] {
            #expect(PathText.expandingTilde(path) == (path as NSString).expandingTildeInPath, "\(path)")
        }
    }

    @Test func scalarClassesAreCharacterSetsOwn() {
        let pairs: [(ScalarSet, CharacterSet, String)] = [
            (.whitespaces, .whitespaces, "whitespaces"), (.newlines, .newlines, "newlines"),
            (.whitespacesAndNewlines, .whitespacesAndNewlines, "both"),
            (.controlCharacters, .controlCharacters, "control"), (.decimalDigits, .decimalDigits, "digits"),
            (.alphanumerics, .alphanumerics, "alphanumerics"), (.urlPathAllowed, .urlPathAllowed, "url path"),
        ]
        for (ours, theirs, name) in pairs {
            var differ: [String] = []
            for value in UInt32(0)...0x10FFFF {
                // Foundation's tables are older Unicode than the standard library's: compared
                // on what Unicode 8 already had. Two known differences: Foundation still counts
                // U+200B (a space separator until Unicode 4) as whitespace, and does not count
                // plane 14's tags and variation selectors (E0000-E01EF) as control characters.
                guard let scalar = Unicode.Scalar(value), let age = scalar.properties.age, age.major <= 8,
                    value != 0x200B, !(0xE0000...0xE01EF).contains(value)
                else { continue }
                if ours.contains(scalar) != theirs.contains(scalar) { differ.append(String(value, radix: 16)) }
            }
            #expect(differ.isEmpty, "\(name): \(differ.count) differ, first \(differ.prefix(8))")
        }
    }

    @Test func trimmingAndPercentEncodingAreFoundations() {
        let texts = ["  a b  ", "\t\nx\r\n", "", "   ", "é ", "\u{2028}y\u{85}", "a/b c?d#e%f", "日本/語 ü", "~!*'()"]
        let allowed = ScalarSet.asciiAlphanumerics.union(ScalarSet(charactersIn: "-._~"))
        var theirs = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        theirs.insert(charactersIn: "-._~")
        for text in texts {
            #expect(text.trimming(.whitespacesAndNewlines) == text.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(text.trimming(.whitespaces) == text.trimmingCharacters(in: .whitespaces))
            #expect(text.percentEncoded(allowing: allowed) == text.addingPercentEncoding(withAllowedCharacters: theirs))
            #expect(
                text.percentEncoded(allowing: .urlPathAllowed)
                    == text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed))
            let encoded = text.percentEncoded(allowing: allowed)
            #expect(encoded.percentDecoded == encoded.removingPercentEncoding)
        }
        for broken in ["%", "%4", "%zz", "%C3", "a%20b", "%E6%97%A5"] {
            #expect(broken.percentDecoded == broken.removingPercentEncoding, "\(broken)")
        }
    }

    @Test func numbersAreFormattedAsStringFormatDid() {
        #expect(String(cFormat: "%02x", UInt8(7)) == String(format: "%02x", UInt8(7)))
        #expect(String(cFormat: "%.3f", -1.23456) == String(format: "%.3f", -1.23456))
        #expect(String(cFormat: "%6d ms", 42) == String(format: "%6d ms", 42))
        #expect(String(cFormat: "%04o", 0o644) == String(format: "%04o", 0o644))
        #expect(String(cFormat: "%08x", UInt32(0xDEAD_BEEF)) == String(format: "%08x", UInt32(0xDEAD_BEEF)))
        #expect(String(cFormat: "%04d-%02d-%02d", 2026, 12, 6) == "2026-12-06")
        let long = String(cFormat: "%0300d", 1)
        #expect(long.count == 300 && long.hasSuffix("01"), "longer than the first buffer")
        #expect(String.hex([0x00, 0xAB, 0xFF]) == "00abff")
    }

    @Test func normalisationAndFoldingAreFoundations() {
        for text in ["Café", "Cafe\u{301}", "Ångström", "ﬁle", "日本語", "ÅΩ", "plain"] {
            #expect(
                text.nfcNormalized.unicodeScalars.elementsEqual(
                    text.precomposedStringWithCanonicalMapping.unicodeScalars))
            #expect(
                text.nfdNormalized.unicodeScalars.elementsEqual(
                    text.decomposedStringWithCanonicalMapping.unicodeScalars))
        }
        for text in ["Café", "ÉCOLE", "Zürich", "naïve", "Ørsted"] {
            let theirs = text.folding(
                options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en"))
            #expect(text.foldedForSearch == theirs, "\(text)")
        }
    }

    @Test func patternsMatchAsNSRegularExpressionDid() {
        let html = "<P>One</p><br/>Two<BR >\n\n\n\nThree"
        #expect(
            html.replacingMatches(of: "(?i)<br\\s*/?>", with: "\n")
                == html.replacingOccurrences(of: "(?i)<br\\s*/?>", with: "\n", options: .regularExpression))
        #expect(
            html.replacingMatches(of: "\n{3,}", with: "\n\n")
                == html.replacingOccurrences(of: "\n{3,}", with: "\n\n", options: .regularExpression))
        let version = "v2.9-rc1"
        #expect(version.firstMatch(ofPattern: "[0-9]+(?=[^0-9]*$)").map { String(version[$0]) } == "1")
    }

    @Test func byteSearchFindsWhatDataRangeFinds() {
        let body = Data("--b\r\nheaders\r\n\r\ncontent\r\n--b--".utf8)
        for needle in ["--b", "\r\n\r\n", "\r\n--b", "--b--", "absent", "t"] {
            let pattern = Data(needle.utf8)
            for start in [0, 1, 5, body.count - 3] {
                let range = start..<body.count
                #expect(
                    body.firstRange(ofBytes: pattern, in: range) == body.range(of: pattern, in: range),
                    "\(needle) from \(start)")
            }
        }
        let slice = body.dropFirst(4)
        #expect(
            slice.firstRange(ofBytes: Data("--b".utf8), in: slice.startIndex..<slice.endIndex)
                == slice.range(of: Data("--b".utf8)))
    }
}
