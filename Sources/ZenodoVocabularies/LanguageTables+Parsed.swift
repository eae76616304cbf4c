/// ISO 639 language codes, parsed once: the 639-3 codes the RDM languages vocabulary holds, and
/// the 639-1 → 639-3 map Zenodo's legacy loader applies to two-letter codes (through pycountry).
public enum LanguageTables {
    /// Every ISO 639-3 code.
    public static let codes: Set<String> = Set(rows.map(\.0))
    /// ISO 639-1 (two letters) to ISO 639-3.
    public static let fromTwoLetter: [String: String] = Dictionary(
        rows.filter { !$0.1.isEmpty }.map { ($0.1, $0.0) }, uniquingKeysWith: { first, _ in first })

    private static let rows: [(String, String)] = text.split(separator: "\n").map { line in
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }
}
