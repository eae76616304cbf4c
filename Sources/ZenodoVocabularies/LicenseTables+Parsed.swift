/// Zenodo's licence data as published in zenodo/zenodo-rdm, parsed once: data only, no rules.
///
/// Both LocalZenodo (which imitates the server) and ZenodoKit (which predicts it before sending)
/// read these tables, and each implements Zenodo's rules on its own; a test compares the two over
/// HTTP for every id. The text comes from `scripts/generate-vocabularies.py`.
public enum LicenseTables {
    public struct Pair: Sendable, Hashable {
        public let from: String
        public let to: String
    }

    public struct Licence: Sendable, Hashable {
        public let id: String
        public let title: String
        public let url: String
        public let scheme: String
    }

    /// The legacy map in file order: several legacy ids may name one RDM id, and the order
    /// decides which one Zenodo reads back (the last).
    public static let legacyToRDM: [Pair] = rows(legacyToRDMText).map { Pair(from: $0[0], to: $0[1]) }

    /// Input aliases, applied case-insensitively before the map; targets as written in Zenodo's code.
    public static let aliases: [Pair] = rows(aliasesText).map { Pair(from: $0[0], to: $0[1]) }

    /// The RDM licence vocabulary (what `/api/vocabularies/licenses` lists), in file order.
    public static let vocabulary: [Licence] = rows(vocabularyText).map {
        Licence(id: $0[0], title: $0[1], url: $0.count > 2 ? $0[2] : "", scheme: $0.count > 3 ? $0[3] : "")
    }

    private static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
