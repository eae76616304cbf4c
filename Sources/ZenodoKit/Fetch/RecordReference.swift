import EssentialsExtras
import FoundationEssentials

/// What `download` accepts to name a record: an id (a record's or a concept's: a concept id
/// resolves to its latest version), a Zenodo DOI (`10.5281/zenodo.N`, `10.5072/zenodo.N`, with or
/// without `doi:` or `https://doi.org/`), or a record's web or API address
/// (`https://zenodo.org/records/N`, `/record/N`, `/api/records/N`, `/uploads/N`, `/deposit/N`).
public enum RecordReference {
    public static func parse(_ text: String) throws(ZenodoError) -> Int {
        let value = text.trimming(.whitespacesAndNewlines)
        if let id = Int(value), id > 0 { return id }
        var doi = value
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"]
        where doi.lowercased().hasPrefix(prefix) {
            doi = String(doi.dropFirst(prefix.count))
        }
        if doi.hasPrefix("10.") {
            let suffix = doi.split(separator: "/", maxSplits: 1).last.map(String.init) ?? ""
            guard suffix.lowercased().hasPrefix("zenodo."), let id = Int(suffix.dropFirst("zenodo.".count)) else {
                throw ZenodoError(
                    .validation,
                    "\(text) is not a Zenodo DOI (10.5281/zenodo.N): open https://doi.org/\(doi) to find where it lives"
                )
            }
            return id
        }
        if let components = URLComponents(string: value), components.scheme != nil {
            let parts = components.path.split(separator: "/").map(String.init)
            for (index, part) in parts.enumerated()
            where ["records", "record", "uploads", "deposit", "depositions"].contains(part) {
                if parts.indices.contains(index + 1), let id = Int(parts[index + 1]) { return id }
            }
            if let doiIndex = parts.firstIndex(of: "doi"), parts.count > doiIndex + 2 {
                return try parse(parts[(doiIndex + 1)...].joined(separator: "/"))
            }
        }
        throw ZenodoError(
            .validation,
            "\(text) names no record: give an id (1234), a DOI (10.5281/zenodo.1234) or a record's address (https://zenodo.org/records/1234)"
        )
    }
}

/// A file key as a name in the destination directory: never a path (no `/`, `\0`, control
/// characters, leading dots, `.` or `..`), NFC-normalised so that two spellings of one name are one.
public enum LocalName {
    public static func forKey(_ key: String) -> String {
        var name = key.nfcNormalized
        name = String(
            name.unicodeScalars.map { $0 == "/" || $0 == "\\" ? "_" : Character($0) }.filter { character in
                !character.unicodeScalars.contains(where: LocalName.isUnsafeInName)
            })
        while name.hasPrefix(".") { name.removeFirst() }
        return shortened(name.isEmpty ? "file" : name, key: key)
    }

    /// What a local name never keeps: C0 and C1 controls, DEL, and the bidirectional controls
    /// (U+202E would show `evil\u{202E}txt.exe` as `evilexe.txt` in `ls`).
    static func isUnsafeInName(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F || value == 0x061C
    }

    /// File systems allow 255 bytes a name (not characters: 100 CJK characters are 300 bytes), and
    /// the partial copy adds 18: a longer name keeps its extension and its start, and gets `~` and
    /// eight hex digits of the whole key, so that two long keys do not meet.
    static let maxBytes = 230

    static func shortened(_ name: String, key: String) -> String {
        guard name.utf8.count > maxBytes else { return name }
        var stem = Substring(name)
        var suffix = ""
        if let dot = name.lastIndex(of: "."), name.utf8.distance(from: dot, to: name.endIndex) <= 16 {
            stem = name[..<dot]
            suffix = String(name[dot...])
        }
        var hash: UInt32 = 0x811C_9DC5  // FNV-1a
        for byte in key.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        let tag = "~" + String(cFormat: "%08x", hash)
        var kept = ""
        for character in stem {
            if kept.utf8.count + String(character).utf8.count + tag.utf8.count + suffix.utf8.count > maxBytes { break }
            kept.append(character)
        }
        return kept + tag + suffix
    }

    /// Keys that would land on one name: each group of two or more, to refuse before writing.
    public static func collisions(_ keys: [String]) -> [[String]] {
        Dictionary(grouping: keys, by: forKey).values.filter { $0.count > 1 }.map { $0.sorted() }.sorted {
            $0[0] < $1[0]
        }
    }
}
