import EssentialsExtras
import ZenodoVocabularies

/// What Zenodo's legacy API does with a `license` value, predicted before anything is sent
/// (`legacy/zenodo_legacy/licenses.py` in zenodo/zenodo-rdm at 6386403):
/// lower-cased and trimmed, through `LEGACY_ALIASES`, then `LEGACY_TO_RDM_MAP`; read back through
/// the inverted map, where the last legacy id of an RDM id wins (`mit` comes back as `mit-license`).
/// The data is Zenodo's own (`ZenodoVocabularies`); the rules are written here independently of
/// LocalZenodo's, and a test holds the two to the same answer for every id.
public enum LegacyLicences {
    public enum Verdict: Sendable, Equatable {
        /// Zenodo takes it as the RDM licence `rdm` and shows it afterwards as `readsBackAs`.
        case accepted(rdm: String, readsBackAs: String)
        /// Zenodo takes it as a free-text licence (`title`) that the legacy API never shows again.
        case titleOnly(title: String)
        /// Zenodo answers 400 "Invalid license provided"; `suggestions` are the nearest ids it takes.
        case refused(suggestions: [String])
    }

    private static let map: [String: String] = Dictionary(
        LicenseTables.legacyToRDM.map { ($0.from, $0.to) }, uniquingKeysWith: { _, last in last })
    private static let readBack: [String: String] = Dictionary(
        LicenseTables.legacyToRDM.map { ($0.to, $0.from) }, uniquingKeysWith: { _, last in last })
    private static let aliases: [String: String] = Dictionary(
        LicenseTables.aliases.map { ($0.from, $0.to.lowercased()) }, uniquingKeysWith: { _, last in last })
    /// `LEGACY_LICENSES` entries reached only by the exact id (their aliases point at ids the map lacks).
    private static let titleOnlyIDs = ["fal": "Free Art License", "gfdl": "GNU Free Documentation License"]

    /// Every licence of Zenodo's vocabulary (`/api/vocabularies/licenses`), for a picker.
    public static let vocabulary: [License] = LicenseTables.vocabulary.map { License(id: $0.id, title: $0.title) }

    public static func verdict(_ input: String) -> Verdict {
        if let rdm = rdmID(input) { return .accepted(rdm: rdm, readsBackAs: readBack[rdm] ?? rdm) }
        if let title = titleOnlyIDs[input] { return .titleOnly(title: title) }
        return .refused(suggestions: suggestions(for: input))
    }

    /// The RDM id Zenodo stores for `input`, or `nil` if the map does not take it.
    public static func rdmID(_ input: String) -> String? {
        let normalized = input.trimming(.whitespacesAndNewlines).lowercased()
        return map[aliases[normalized] ?? normalized]
    }

    /// Whether two ids name the same licence for Zenodo (`mit` and `mit-license`).
    public static func same(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == b }
        if a.lowercased() == b.lowercased() { return true }
        guard let ra = rdmID(a) else { return false }
        return ra == rdmID(b)
    }

    /// The vocabulary ids nearest to `input`: ids it begins (`cc-by-nc` → `cc-by-nc-4.0`), then by
    /// edit distance; newest versions first among equals.
    public static func suggestions(for input: String, limit: Int = 3) -> [String] {
        let wanted = input.trimming(.whitespacesAndNewlines).lowercased()
        guard !wanted.isEmpty else { return [] }
        let ids = LicenseTables.vocabulary.map(\.id)
        let prefixed = ids.filter { $0.hasPrefix(wanted) }.sorted { ($0.count, $1) < ($1.count, $0) }
        let rest = ids.filter { !$0.hasPrefix(wanted) }
            .map { ($0, EditDistance.between(wanted, $0)) }
            .sorted { ($0.1, $1.0) < ($1.1, $0.0) }
            .map(\.0)
        return Array((prefixed + rest).prefix(limit))
    }

    /// A sentence for a refused or title-only licence, `nil` when Zenodo takes it as it is.
    public static func problem(_ input: String) -> String? {
        switch verdict(input) {
        case .accepted: return nil
        case .titleOnly(let title):
            return "Zenodo keeps \"\(input)\" only as the text \"\(title)\", which its deposit API never shows again "
                + "(a later save would replace it with the default licence): choose an id from the licence list"
        case .refused(let suggestions):
            let hint = suggestions.isEmpty ? "" : "; nearest: " + suggestions.joined(separator: ", ")
            return "Zenodo does not accept the licence \"\(input)\"\(hint)"
        }
    }
}

/// Levenshtein distance over characters, two rows of memory.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
