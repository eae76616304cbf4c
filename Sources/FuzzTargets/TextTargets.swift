import Foundation
import TerminalKit
import ZenodoKit

/// Text that reaches the screen or the server: dates, HTML descriptions, and the terminal's
/// sanitiser, width, truncation and wrapping.
enum TextTargets {
    /// Each line as a timestamp, a publication date (EDTF levels Zenodo takes) and an InvenioRDM
    /// date; a date accepted as a day must print back as itself.
    static func dates(_ data: Data) {
        for line in text(data).split(separator: "\n", omittingEmptySubsequences: false).prefix(64) {
            let s = String(line)
            if let date = ZenodoDate.parse(s) { _ = ZenodoDate.day(date) }
            if ZenodoDate.isDay(s) {
                require(
                    ZenodoDate.day(ZenodoDate.parse(s)!) == s, "\(s.debugDescription) is a day that prints otherwise")
            }
            if ZenodoDate.isPublicationDate(s) {
                require(s.unicodeScalars.allSatisfy { $0.isASCII }, "\(s.debugDescription) accepted with non-ASCII")
            }
            let metadata = DepositionMetadata(raw: [
                "publication_date": .string(s), "dates": [["start": .string(s), "end": .string(s), "type": "Created"]],
            ])
            _ = PublishChecklist.metadataItems(metadata, today: Date(timeIntervalSince1970: 1_790_000_000))
            _ = RDMChecklist.problems(metadata)
        }
    }

    /// A description as the deposition view shows it; the editor's inverse must give plain
    /// paragraphs back.
    static func html(_ data: Data) {
        let html = text(data)
        let plain = HTMLText.plain(html)
        _ = TextWrap.wrap(TerminalText.sanitize(plain, keepNewlines: true), width: 76)
        let typed = String(
            html.unicodeScalars.filter {
                $0.properties.isAlphabetic || $0 == " " || $0 == "\n" || "&<>;#".unicodeScalars.contains($0)
            }.map(Character.init))
        let normal = typed.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: " ").joined(separator: " ") }
            .joined(separator: "\n")
            .replacingOccurrences(of: "\n{3,}", with: "\n\n", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let back = HTMLText.plain(HTMLText.paragraphs(normal))
        // Compared without whitespace: a paragraph's edges are trimmed by scalars, and a space
        // carrying a combining mark is one Character to the split above. Any other scalar lost,
        // added or changed breaks the property.
        func visible(_ text: String) -> [Unicode.Scalar] { text.unicodeScalars.filter { !$0.properties.isWhitespace } }
        require(
            visible(back) == visible(normal),
            "paragraphs then plain changed \(normal.debugDescription) into \(back.debugDescription)")
    }

    /// The sanitiser leaves nothing a terminal would act on; truncation and padding keep their
    /// widths; wrapping keeps every line within the width.
    static func terminal(_ data: Data) {
        let raw = text(data)
        let width = data.first.map { Int($0 % 100) } ?? 10
        for keepNewlines in [false, true] {
            let clean = TerminalText.sanitize(raw, keepNewlines: keepNewlines)
            require(
                !clean.unicodeScalars.contains { s in
                    let v = s.value
                    return (v < 0x20 && !(keepNewlines && v == 0x0A)) || v == 0x7F || (0x80...0x9F).contains(v)
                        || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                }, "a control character survived the sanitiser in \(clean.debugDescription)")
            require(
                TerminalText.sanitize(clean, keepNewlines: keepNewlines) == clean,
                "sanitising twice changed \(clean.debugDescription)")
            let cut = TerminalText.truncate(clean, to: width)
            require(
                TerminalText.width(cut) <= max(width, 0), "truncated to \(width) but \(TerminalText.width(cut)) wide")
            let padded = TerminalText.pad(clean, to: width)
            require(
                TerminalText.width(padded) == width || TerminalText.width(cut) > width,
                "padded to \(width) but \(TerminalText.width(padded)) wide")
            if keepNewlines, width >= 2 {
                for line in TextWrap.wrap(clean, width: width) {
                    require(
                        TerminalText.width(line) <= width,
                        "a wrapped line of \(TerminalText.width(line)) columns in \(width)")
                }
            }
            var screen = ScreenBuffer(size: Size(width: max(width, 1), height: 3))
            _ = screen.write(clean, x: 0, y: 1, width: width)
        }
        keyBytes(data)
    }

    /// The raw bytes as typed: the key decoder gives the characters Swift's UTF-8 decoder gives,
    /// less the U+FFFD marks it puts for invalid bytes, and never a control other than the named keys.
    static func keyBytes(_ data: Data) {
        let bytes = Array(data)
        let keys = UTF8KeyDecoder.keys(bytes)
        let swift = String(decoding: bytes, as: UTF8.self).unicodeScalars
        let typedReplacement = bytes.indices.contains { bytes[$0...].starts(with: [0xEF, 0xBF, 0xBD]) }
        if !typedReplacement {
            let expected = swift.compactMap { $0 == "\u{FFFD}" ? nil : Key(wideCharacter: $0.value) }
            require(keys == expected, "the key decoder gave \(keys) for \(bytes), Swift's decoder \(expected)")
        }
        for case .character(let c) in keys {
            require(
                !c.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
                "a control \(c.debugDescription) was typed")
        }
    }
}

extension TextTargets {
    /// A `.zenodoignore`: any text parses (no crash, no hang on `**` runs), and a plain name without
    /// wildcards or slashes matches itself at the root and in a subdirectory; its negation takes
    /// it back.
    static func ignore(_ data: Data) {
        let lines = text(data).split(separator: "\n", omittingEmptySubsequences: false).prefix(256).map(String.init)
        let selection = FileSelection(includeJunk: true, ignoreFile: lines.joined(separator: "\n"))
        let paths = ["a", "a/b", "a/b/c.txt", ".hidden", "x/**/y", "deep/" + String(repeating: "d/", count: 40) + "f"]
        for path in paths + lines.prefix(16).map({ $0.trimmingCharacters(in: .whitespaces) }).filter({ !$0.isEmpty }) {
            _ = selection.reasonLeftOut(path, isDirectory: false)
            _ = selection.reasonLeftOut(path, isDirectory: true)
        }
        for line in lines.prefix(16) {
            let name = line.trimmingCharacters(in: .whitespaces)
            // A trailing CR is a line ending (a .zenodoignore written on Windows): such a name
            // cannot be written in one.
            guard !name.isEmpty, !name.unicodeScalars.contains(where: { "*?[]\\/!#\r".unicodeScalars.contains($0) }),
                name.count < 200
            else { continue }
            let plain = FileSelection(includeJunk: true, ignoreFile: name)
            require(
                plain.reasonLeftOut(name, isDirectory: false) != nil, "\(name.debugDescription) does not match itself")
            require(
                plain.reasonLeftOut("sub/" + name, isDirectory: false) != nil, "\(name.debugDescription) not at depth")
            let back = FileSelection(includeJunk: true, ignoreFile: name + "\n!" + name)
            require(
                back.reasonLeftOut(name, isDirectory: false) == nil, "!\(name.debugDescription) does not take it back")
        }
    }

    /// A checksum manifest (`verify` reads the record's own): any text parses or is refused, and
    /// what parses writes back to text that parses to the same entries.
    static func manifest(_ data: Data) {
        let text = String(decoding: data.prefix(FuzzTarget.maxInput), as: UTF8.self)
        guard let manifest = try? ChecksumManifest.parse(text) else { return }
        guard let again = try? ChecksumManifest.parse(manifest.text) else {
            fatalError("a manifest written from a parsed one does not parse")
        }
        precondition(again.entries == manifest.entries, "the manifest's entries change on a round trip")
    }
}
