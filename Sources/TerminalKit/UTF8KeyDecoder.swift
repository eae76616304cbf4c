/// Turns the bytes a terminal sends (ncurses' `wgetch`, one byte at a time) into keys, decoding
/// UTF-8 itself.
///
/// ncurses' own `get_wch` gathers bytes until they form a character; bytes that never can (`ff`,
/// `c3 28`) keep it reading up to 16 bytes, and when input runs out first it returns an error and
/// drops everything gathered, so text typed or pasted right after an invalid byte was lost, or not,
/// depending on how the bytes were split between reads. Here an invalid byte is dropped alone
/// (the longest prefix that could have begun a character, as Unicode's "maximal subpart" rule
/// says) and the next byte starts afresh; a character split between reads is completed by the
/// next read. The keys do not depend on how the input was split.
public struct UTF8KeyDecoder: Sendable {
    private var scalar: UInt32 = 0
    private var needed = 0
    /// The range the next continuation byte must fall in (narrower after E0, ED, F0, F4).
    private var next: ClosedRange<UInt8> = 0x80...0xBF

    public init() {}

    /// True while a character's first bytes wait for the rest.
    public var isInsideCharacter: Bool { needed > 0 }

    /// The key one byte completes, if any (control bytes other than the named keys give none).
    public mutating func feed(_ byte: UInt8) -> Key? {
        if needed > 0 {
            if next.contains(byte) {
                scalar = scalar << 6 | UInt32(byte & 0x3F)
                needed -= 1
                next = 0x80...0xBF
                return needed == 0 ? Key(wideCharacter: scalar) : nil
            }
            needed = 0  // the character was cut short: drop what began it and read this byte afresh
        }
        switch byte {
        case 0x00...0x7F: return Key(wideCharacter: UInt32(byte))
        case 0xC2...0xDF: begin(UInt32(byte & 0x1F), needed: 1, next: 0x80...0xBF)
        case 0xE0: begin(0, needed: 2, next: 0xA0...0xBF)
        case 0xED: begin(0x0D, needed: 2, next: 0x80...0x9F)
        case 0xE1...0xEF: begin(UInt32(byte & 0x0F), needed: 2, next: 0x80...0xBF)
        case 0xF0: begin(0, needed: 3, next: 0x90...0xBF)
        case 0xF4: begin(4, needed: 3, next: 0x80...0x8F)
        case 0xF1...0xF3: begin(UInt32(byte & 0x07), needed: 3, next: 0x80...0xBF)
        default: break  // 80–C1, F5–FF never begin a character
        }
        return nil
    }

    /// Forgets a character begun and not finished (a function key arrived in its middle).
    public mutating func interrupt() { needed = 0 }

    /// The keys a run of bytes gives, from a fresh decoder.
    public static func keys<S: Sequence>(_ bytes: S) -> [Key] where S.Element == UInt8 {
        var decoder = UTF8KeyDecoder()
        return bytes.compactMap { decoder.feed($0) }
    }

    private mutating func begin(_ bits: UInt32, needed: Int, next: ClosedRange<UInt8>) {
        scalar = bits
        self.needed = needed
        self.next = next
    }
}
