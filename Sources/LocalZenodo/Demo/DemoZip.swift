import FoundationEssentials

/// A real ZIP for the demo (stored members in folders), so the archive view and
/// `download --list-members` have something to look into: the interviews, by year and site, with
/// their consent forms.
enum DemoZip {
    /// The interviews: two years, three sites, a transcript each, and the consent forms.
    static func transcripts() -> [UInt8] {
        // Folders listed as entries of their own, as `zip -r` makes them.
        var members: [ZipWriter.Member] = [.init(name: "interviews/", bytes: [])]
        var rng = SeededRandom(seed: 3)
        for year in [2022, 2023] {
            members.append(.init(name: "interviews/\(year)/", bytes: []))
            for site in ["bergen", "lagos", "zurich"] {
                members.append(.init(name: "interviews/\(year)/\(site)/", bytes: []))
                for n in 1...4 {
                    var text = "Interview \(n), \(site), \(year)\n\n"
                    for line in 0..<(40 + Int(rng.next() % 80)) {
                        text +=
                            "Q\(line): How do you share data?\nA: By repository, after review (\(rng.next() % 1000)).\n"
                    }
                    members.append(
                        .init(name: "interviews/\(year)/\(site)/interview-\(n).txt", bytes: Array(text.utf8)))
                }
            }
        }
        members.append(.init(name: "consent/", bytes: []))
        members.append(
            .init(name: "consent/template.txt", bytes: Array("I agree that my interview is archived.\n".utf8)))
        members.append(
            .init(name: "README.txt", bytes: Array("Transcripts by year and site; consent forms in consent/.\n".utf8)))
        return ZipWriter.make(members, deflate: false)
    }
}
