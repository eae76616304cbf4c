/// Text made safe and measured for a terminal.
public enum TerminalText {
    /// Removes everything that could act on a terminal instead of being shown: escape sequences
    /// (CSI, OSC such as `ESC ] 52` clipboard writes, DCS, …), C0 and C1 controls, DEL, and bidi
    /// overrides. Tabs and newlines become spaces unless `keepNewlines`.
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        while let scalar = next() {
            let value = scalar.value
            if value == 0x1B || value == 0x9B || value == 0x9D || value == 0x90 {
                skipEscape(introducer: value, next: next, pushBack: { pending = $0 })
                continue
            }
            if value == 0x0A, keepNewlines { out.append(scalar); continue }
            if value == 0x09 || value == 0x0A || value == 0x0D { out.append(" "); continue }
            if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) { continue }
            if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) { continue }
            out.append(scalar)
        }
        return String(out)
    }

    /// Consumes one escape sequence after its introducer.
    private static func skipEscape(
        introducer: UInt32, next: () -> Unicode.Scalar?, pushBack: (Unicode.Scalar) -> Void
    ) {
        var kind = introducer
        if introducer == 0x1B {
            guard let second = next() else { return }
            switch second.value {
            case 0x5B: kind = 0x9B  // CSI
            case 0x5D: kind = 0x9D  // OSC
            case 0x50, 0x58, 0x5E, 0x5F: kind = 0x90  // DCS, SOS, PM, APC: string until ST
            case 0x20...0x2F:
                // ESC with intermediates: skip to the final byte.
                while let s = next(), (0x20...0x2F).contains(s.value) {}
                return
            default:
                return  // a two-character sequence: both dropped
            }
        }
        if kind == 0x9B {
            while let s = next() {
                if (0x40...0x7E).contains(s.value) { return }
                if s.value < 0x20 || s.value > 0x7E { pushBack(s); return }
            }
            return
        }
        // OSC and string sequences end at BEL or ST (ESC \ or 0x9C).
        while let s = next() {
            if s.value == 0x07 || s.value == 0x9C { return }
            if s.value == 0x1B {
                if let t = next(), t.value != 0x5C { pushBack(t) }
                return
            }
        }
    }

    /// Columns a string takes: wide (CJK, emoji presentation) characters count 2, combining marks 0.
    public static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 || v == 0x200B || v == 0x200C || v == 0x200D || v == 0xFE0F || v == 0xFE0E { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        {
            return 2
        }
        if v >= 0x1F000, scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Cuts `text` to at most `columns`, ending with `…` when cut; never splits a wide character.
    public static func truncate(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        if width(text) <= columns { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = width(String(character))
            if used + w > columns - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// `text` truncated or padded with spaces to exactly `columns`.
    public static func pad(_ text: String, to columns: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: columns)
        let fill = String(repeating: " ", count: max(0, columns - width(cut)))
        return alignRight ? fill + cut : cut + fill
    }
}

/// Sizes for people: `0 B`, `12.3 KiB`, `4.0 GiB`.
public enum ByteFormat {
    public static func string(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes) / 1024
        var index = 0
        while value >= 1024, index < units.count - 1 {
            value /= 1024
            index += 1
        }
        if value >= 100 { return "\(Int(value.rounded())) \(units[index])" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[index])"
    }
}
