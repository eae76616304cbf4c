import ZenodoVocabularies

/// How Zenodo's legacy API takes and gives back a licence (`legacy/zenodo_legacy/licenses.py`,
/// `deserializers/metadata.py` `load_rights`, `serializers/schemas/common.py` `resolve_license`,
/// zenodo/zenodo-rdm at 6386403):
/// - input is lower-cased and trimmed, passed through `LEGACY_ALIASES`, lower-cased again and looked
///   up in `LEGACY_TO_RDM_MAP`; the record stores the RDM id;
/// - otherwise the raw input, as typed, is looked up in `LEGACY_LICENSES` and stored as a licence
///   with a title and no id (which the legacy view then does not show);
/// - otherwise 400 "Invalid license provided: …";
/// - output goes through the inverted map, so where several legacy ids share an RDM id the last one
///   in the file is what a GET shows (`mit` reads back as `mit-license`).
enum Licenses {
    /// What a `license` input becomes in the record.
    enum Stored: Equatable {
        case rdm(String)
        case titleOnly(String)
    }

    static let legacyToRDM: [String: String] = Dictionary(
        LicenseTables.legacyToRDM.map { ($0.from, $0.to) }, uniquingKeysWith: { _, last in last })
    /// `{v: k for k, v in LEGACY_TO_RDM_MAP.items()}`: later legacy ids overwrite earlier ones.
    static let rdmToLegacy: [String: String] = Dictionary(
        LicenseTables.legacyToRDM.map { ($0.to, $0.from) }, uniquingKeysWith: { _, last in last })
    static let aliases: [String: String] = Dictionary(
        LicenseTables.aliases.map { ($0.from, $0.to) }, uniquingKeysWith: { _, last in last })

    /// The two `LEGACY_LICENSES` entries reachable only through the fallback (their aliases point
    /// at ids the map lacks): `legacy/zenodo_legacy/data/legacy_licenses.json`.
    static let titleOnly: [String: String] = ["fal": "Free Art License", "gfdl": "GNU Free Documentation License"]

    /// Python's `str.strip()`: whitespace at both ends.
    private static func strip(_ s: String) -> String {
        String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// The record's licence for an input id, or `nil` when Zenodo answers "Invalid license provided".
    static func load(_ input: String) -> Stored? {
        let normalized = strip(input).lowercased()
        let key = (aliases[normalized] ?? normalized).lowercased()
        if let rdm = legacyToRDM[key] { return .rdm(rdm) }
        if let title = titleOnly[input] { return .titleOnly(title) }
        return nil
    }

    /// The id a legacy GET shows for a stored RDM id (`nil`: Zenodo shows no `license`).
    static func legacyID(rdm: String) -> String? { rdmToLegacy[rdm] }

    /// The legacy default when `license` is missing and access is open or embargoed
    /// (`LegacySchema.load_default_license`): `CC0-1.0` for datasets, else `CC-BY-4.0`.
    static func defaultInput(uploadType: String?) -> String {
        uploadType == "dataset" ? "CC0-1.0" : "CC-BY-4.0"
    }
}
