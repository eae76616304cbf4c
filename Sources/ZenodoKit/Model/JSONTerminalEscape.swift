import EssentialsExtras
import FoundationEssentials

/// Rewrites DEL (U+007F), the UTF-8 of C1 controls (U+0080–U+009F) and bidirectional controls (U+061C, U+200E,
/// U+200F, U+202A–U+202E, U+2066–U+2069) in encoded JSON as `\uXXXX` escapes. They can only occur
/// inside strings, where the escape means the same character, so the JSON is unchanged to any
/// parser; a terminal shown it raw would otherwise act on them (a C1 CSI, an RLO).
enum JSONTerminalEscape {
    static func apply(_ data: Data) -> Data {
        // Fast path: every byte these start with is 0x7F, 0xC2, 0xD8 or 0xE2.
        guard data.contains(where: { $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }) else { return data }
        let bytes = [UInt8](data)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + 16)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x7F {
                out += escape(0x7F)
                i += 1
                continue
            }
            if b == 0xC2, i + 1 < bytes.count, (0x80...0x9F).contains(bytes[i + 1]) {
                out += escape(UInt32(bytes[i + 1]))
                i += 2
                continue
            }
            if b == 0xD8, i + 1 < bytes.count, bytes[i + 1] == 0x9C {
                out += escape(0x061C)
                i += 2
                continue
            }
            if b == 0xE2, i + 2 < bytes.count {
                let scalar =
                    (UInt32(b & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6)
                    | UInt32(bytes[i + 2] & 0x3F)
                if scalar == 0x200E || scalar == 0x200F || (0x202A...0x202E).contains(scalar)
                    || (0x2066...0x2069).contains(scalar)
                {
                    out += escape(scalar)
                    i += 3
                    continue
                }
            }
            out.append(b)
            i += 1
        }
        return Data(out)
    }

    private static func escape(_ scalar: UInt32) -> [UInt8] {
        Array(String(cFormat: "\\u%04x", scalar).utf8)
    }
}
