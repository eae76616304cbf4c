import CZlib
import Foundation

/// A real ZIP for the demo (stored members in folders), so the archive view and
/// `download --list-members` have something to look into: the interviews, by year and site, with
/// their consent forms.
enum DemoZip {
    /// `members` as a stored ZIP (no compression), dated 2024-03-01 12:00.
    static func stored(_ members: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func le16(_ v: Int, into b: inout [UInt8]) { b += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: UInt32, into b: inout [UInt8]) {
            for s in [0, 8, 16, 24] { b.append(UInt8((v >> UInt32(s)) & 0xFF)) }
        }
        let time = (12 << 11)
        let date = ((2024 - 1980) << 9) | (3 << 5) | 1
        for member in members {
            let name = Array(member.name.utf8)
            let crc = member.bytes.withUnsafeBufferPointer {
                UInt32(truncatingIfNeeded: CZlib.crc32(0, $0.baseAddress, UInt32($0.count)))
            }
            let offset = UInt32(out.count)
            var common: [UInt8] = []
            le16(20, into: &common)
            le16(0x0800, into: &common)  // UTF-8 names
            le16(0, into: &common)  // stored
            le16(time, into: &common)
            le16(date, into: &common)
            le32(crc, into: &common)
            le32(UInt32(member.bytes.count), into: &common)
            le32(UInt32(member.bytes.count), into: &common)
            le16(name.count, into: &common)
            le16(0, into: &common)
            le32(0x0403_4B50, into: &out)
            out += common + name + member.bytes
            le32(0x0201_4B50, into: &directory)
            le16(0x031E, into: &directory)  // made by Unix, 3.0
            directory += common
            le16(0, into: &directory)  // comment
            le16(0, into: &directory)  // disk
            le16(0, into: &directory)  // internal attributes
            le32(0o100644 << 16, into: &directory)
            le32(offset, into: &directory)
            directory += name
        }
        let start = UInt32(out.count)
        out += directory
        le32(0x0605_4B50, into: &out)
        le16(0, into: &out)
        le16(0, into: &out)
        le16(members.count, into: &out)
        le16(members.count, into: &out)
        le32(UInt32(directory.count), into: &out)
        le32(start, into: &out)
        le16(0, into: &out)
        return out
    }

    /// The interviews: two years, three sites, a transcript each, and the consent forms.
    static func transcripts() -> [UInt8] {
        var members: [(String, [UInt8])] = []
        var rng = SeededRandom(seed: 3)
        for year in [2022, 2023] {
            for site in ["bergen", "lagos", "zurich"] {
                for n in 1...4 {
                    var text = "Interview \(n), \(site), \(year)\n\n"
                    for line in 0..<(40 + Int(rng.next() % 80)) {
                        text +=
                            "Q\(line): How do you share data?\nA: By repository, after review (\(rng.next() % 1000)).\n"
                    }
                    members.append(("interviews/\(year)/\(site)/interview-\(n).txt", Array(text.utf8)))
                }
            }
        }
        members.append(("consent/template.txt", Array("I agree that my interview is archived.\n".utf8)))
        members.append(("README.txt", Array("Transcripts by year and site; consent forms in consent/.\n".utf8)))
        return stored(members)
    }
}
