/// Zenodo's legacy license ids with the RDM ids and aliases the legacy loader accepts
/// (`legacy/zenodo_legacy/licenses.py`): input is case-insensitive; output is the legacy id,
/// so `CC0-1.0` comes back as `cc-zero`.
enum Licenses {
    struct Entry: Sendable {
        let legacyID: String
        let title: String
        let aliases: [String]
    }

    static let all: [Entry] = [
        Entry(legacyID: "cc-zero", title: "Creative Commons Zero v1.0 Universal", aliases: ["cc0-1.0", "cc0", "cc-0"]),
        Entry(legacyID: "cc-by-4.0", title: "Creative Commons Attribution 4.0 International", aliases: ["cc-by"]),
        Entry(legacyID: "cc-by-sa-4.0", title: "Creative Commons Attribution Share Alike 4.0 International", aliases: ["cc-by-sa"]),
        Entry(legacyID: "cc-by-nc-4.0", title: "Creative Commons Attribution Non Commercial 4.0 International", aliases: ["cc-by-nc"]),
        Entry(legacyID: "cc-by-nd-4.0", title: "Creative Commons Attribution No Derivatives 4.0 International", aliases: ["cc-by-nd"]),
        Entry(
            legacyID: "cc-by-nc-sa-4.0", title: "Creative Commons Attribution Non Commercial Share Alike 4.0 International",
            aliases: ["cc-by-nc-sa"]),
        Entry(
            legacyID: "cc-by-nc-nd-4.0", title: "Creative Commons Attribution Non Commercial No Derivatives 4.0 International",
            aliases: ["cc-by-nc-nd"]),
        Entry(legacyID: "cc-by-3.0", title: "Creative Commons Attribution 3.0 Unported", aliases: []),
        Entry(legacyID: "cc-by-sa-3.0", title: "Creative Commons Attribution Share Alike 3.0 Unported", aliases: []),
        Entry(legacyID: "mit", title: "MIT License", aliases: ["mit-license"]),
        Entry(legacyID: "apache-2.0", title: "Apache License 2.0", aliases: ["apache2.0", "apache-license-2.0"]),
        Entry(legacyID: "bsd-3-clause", title: "BSD 3-Clause \"New\" or \"Revised\" License", aliases: ["bsd-license", "bsd"]),
        Entry(legacyID: "bsd-2-clause", title: "BSD 2-Clause \"Simplified\" License", aliases: []),
        Entry(legacyID: "gpl-3.0-only", title: "GNU General Public License v3.0 only", aliases: ["gpl-3.0", "gpl-3.0-license"]),
        Entry(legacyID: "gpl-2.0-only", title: "GNU General Public License v2.0 only", aliases: ["gpl-2.0", "gpl-license"]),
        Entry(legacyID: "lgpl-3.0-only", title: "GNU Lesser General Public License v3.0 only", aliases: ["lgpl-3.0"]),
        Entry(legacyID: "agpl-3.0-only", title: "GNU Affero General Public License v3.0", aliases: ["agpl-3.0"]),
        Entry(legacyID: "mpl-2.0", title: "Mozilla Public License 2.0", aliases: []),
        Entry(legacyID: "odc-by-1.0", title: "Open Data Commons Attribution License v1.0", aliases: ["odc-by"]),
        Entry(legacyID: "odbl-1.0", title: "Open Data Commons Open Database License v1.0", aliases: ["odc-odbl", "odbl"]),
        Entry(legacyID: "pddl-1.0", title: "Open Data Commons Public Domain Dedication and License", aliases: ["odc-pddl", "pddl"]),
        Entry(legacyID: "unlicense", title: "The Unlicense", aliases: []),
        Entry(legacyID: "other-open", title: "Other (Open)", aliases: []),
        Entry(legacyID: "other-at", title: "Other (Attribution)", aliases: []),
        Entry(legacyID: "other-nc", title: "Other (Non-Commercial)", aliases: []),
        Entry(legacyID: "other-closed", title: "Other (Not Open)", aliases: []),
        Entry(legacyID: "other-pd", title: "Other (Public Domain)", aliases: []),
    ]

    /// The legacy id for an input id, or `nil` when Zenodo would answer "Invalid license provided".
    static func resolve(_ input: String) -> String? {
        let key = input.lowercased()
        return all.first { $0.legacyID == key || $0.aliases.contains(key) }?.legacyID
    }

    /// The default Zenodo applies when `license` is missing and access is open or embargoed.
    static func defaultID(uploadType: String?) -> String {
        uploadType == "dataset" ? "cc-zero" : "cc-by-4.0"
    }
}
