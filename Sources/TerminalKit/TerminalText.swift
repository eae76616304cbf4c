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
            if let p = pending {
                pending = nil
                return p
            }
            return scalars.next()
        }
        while let scalar = next() {
            let value = scalar.value
            if value == 0x1B || value == 0x9B || value == 0x9D || value == 0x90 {
                skipEscape(introducer: value, next: next, pushBack: { pending = $0 })
                continue
            }
            if value == 0x0A, keepNewlines {
                out.append(scalar)
                continue
            }
            if value == 0x09 || value == 0x0A || value == 0x0D {
                out.append(" ")
                continue
            }
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
                if s.value < 0x20 || s.value > 0x7E {
                    pushBack(s)
                    return
                }
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

    /// Columns a string takes, as ncurses advances: the sum of each scalar's width.
    public static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// The C library's `wcwidth` (C.UTF-8), which ncurses uses to advance the cursor: 0 for
    /// combining marks and format characters, 2 for wide ones (CJK, emoji presentation), 1 for the
    /// rest. One source of truth, generated into `DisplayWidthTable` by scripts/generate-widths.py
    /// and checked against `wcwidth` for every code point by the tests.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return v == 0 ? 0 : 1 }  // nothing below U+0300 is zero or wide, but NUL
        if contains(DisplayWidthTable.zero, v) { return 0 }
        return contains(DisplayWidthTable.double, v) ? 2 : 1
    }

    /// Binary search in sorted, disjoint ranges.
    private static func contains(_ ranges: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if value < ranges[middle].lowerBound {
                high = middle - 1
            } else if value > ranges[middle].upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
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
