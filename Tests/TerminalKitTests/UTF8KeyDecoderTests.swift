import TerminalKit
import Testing

/// Found by CI under load: with ncurses' `get_wch`, text typed right after a byte that is not
/// UTF-8 was lost when both arrived in one read (`ff c3 28 00 fe` then `alp` left the filter
/// empty); when they arrived apart it was kept. The keys must not depend on the split.
@Suite struct UTF8KeyDecoderTests {
    static func text(_ keys: [Key]) -> String {
        String(keys.compactMap { if case .character(let c) = $0 { return c } else { return nil } })
    }

    @Test func invalidBytesAreDroppedAloneAndWhatFollowsIsKept() {
        #expect(Self.text(UTF8KeyDecoder.keys([0xFF, 0xC3, 0x28, 0x00, 0xFE] + Array("alp".utf8))) == "(alp")
        #expect(Self.text(UTF8KeyDecoder.keys([0xE2, 0x82, 0x61])) == "a", "a truncated three-byte character")
        #expect(Self.text(UTF8KeyDecoder.keys([0xF0, 0x9F, 0x98, 0x80, 0x80, 0x62])) == "😀b", "a stray continuation")
    }

    @Test func overlongsSurrogatesAndBeyondUnicodeAreRefused() {
        #expect(
            UTF8KeyDecoder.keys([0xC0, 0xAF, 0xE0, 0x80, 0xAF, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80, 0xF5]).isEmpty)
        #expect(Self.text(UTF8KeyDecoder.keys(Array("é李😀\u{10FFFF}".utf8))) == "é李😀\u{10FFFF}")
    }

    @Test func aCharacterSplitBetweenReadsIsCompleted() {
        var decoder = UTF8KeyDecoder()
        #expect(decoder.feed(0xE6) == nil && decoder.feed(0x9D) == nil && decoder.isInsideCharacter)
        #expect(decoder.feed(0x8E) == .character("李") && !decoder.isInsideCharacter)
        _ = decoder.feed(0xC3)
        decoder.interrupt()
        #expect(decoder.feed(0xA9) == nil, "a continuation after a function key begins nothing")
    }

    @Test func controlBytesAreTheNamedKeysOrNothing() {
        #expect(
            UTF8KeyDecoder.keys([0x1B, 0x09, 0x0D, 0x7F, 0x01, 0x00, 0x1C, 0xC2, 0x85, 0xC2, 0x9B])
                == [.escape, .tab, .enter, .backspace, .control("a")], "NUL, FS and C1 controls (NEL, CSI) give no key")
    }

    /// Swift's decoder replaces each maximal invalid subpart with U+FFFD; ours drops it. Over random
    /// bytes (a fixed seed), ours must give exactly the characters Swift's gives, less those marks.
    @Test func agreesWithSwiftsDecoderOnRandomBytes() {
        var generator = SplitMix(seed: 0x5EED)
        for _ in 0..<2000 {
            let bytes = (0..<Int(generator.next() % 24)).map { _ in Self.byte(&generator) }
            let swift = String(decoding: bytes, as: UTF8.self).unicodeScalars
            guard !bytes.indices.contains(where: { bytes[$0...].starts(with: [0xEF, 0xBF, 0xBD]) }) else { continue }
            let expected = swift.compactMap { $0 == "\u{FFFD}" ? nil : Key(wideCharacter: $0.value) }
            #expect(UTF8KeyDecoder.keys(bytes) == expected, "\(bytes.map { String($0, radix: 16) })")
        }
    }

    /// Bytes that exercise the edges: ASCII, every lead class, continuations at their bounds.
    static func byte(_ g: inout SplitMix) -> UInt8 {
        let edges: [UInt8] = [
            0x00, 0x1B, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0,
            0xF4, 0xF5, 0xFF,
        ]
        let r = g.next()
        return r % 3 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : edges[Int(r >> 8) % edges.count]
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
