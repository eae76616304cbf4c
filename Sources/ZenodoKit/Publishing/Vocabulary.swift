import EssentialsExtras

/// The legacy API's fixed vocabularies a metadata form offers as choices. Licenses differ per
/// instance and are fetched with `ZenodoClient.licenses()`; `commonLicenses` is the fallback.
///
/// LocalZenodo keeps its own copy on purpose (it must not import ZenodoKit): a client and a
/// server that disagree should be caught by tests, not hidden by sharing one list.
public enum Vocabulary {
    /// `upload_type` values in the order a form lists them, with their subtypes (`publication_type`,
    /// `image_type`, `software_type`); publication and image need one.
    public static let uploadTypes: [(type: String, subtypes: [String])] = [
        ("dataset", []), ("software", ["computationalnotebook"]),
        (
            "publication",
            [
                "article", "preprint", "report", "book", "section", "conferencepaper", "conferenceproceeding",
                "datamanagementplan", "datapaper", "deliverable", "dissertation", "journal", "milestone", "patent",
                "peerreview", "proposal", "softwaredocumentation", "standard", "studyregistration",
                "taxonomictreatment",
                "technicalnote", "workingpaper", "annotationcollection", "other",
            ]
        ),
        ("image", ["figure", "plot", "drawing", "diagram", "photo", "other"]),
        ("poster", []), ("presentation", []), ("video", []), ("audio", []), ("lesson", []), ("model", []),
        ("workflow", []), ("event", []), ("physicalobject", []), ("project", []), ("instrument", []), ("other", []),
    ]

    public static func subtypes(of type: String?) -> [String] {
        uploadTypes.first { $0.type == type }?.subtypes ?? []
    }

    public static let subtypeRequired: Set<String> = ["publication", "image"]

    /// `open`, `embargoed` (needs `embargo_date`), `restricted` (needs `access_conditions`), `closed`.
    public static let accessRights = ["open", "embargoed", "restricted", "closed"]

    public static let contributorTypes = [
        "ContactPerson", "DataCollector", "DataCurator", "DataManager", "Distributor", "Editor", "HostingInstitution",
        "Producer", "ProjectLeader", "ProjectManager", "ProjectMember", "RegistrationAgency", "RegistrationAuthority",
        "RelatedPerson", "Researcher", "ResearchGroup", "RightsHolder", "Sponsor", "Supervisor", "WorkPackageLeader",
        "Other",
    ]

    public static let relations = [
        "isSupplementTo", "isSupplementedBy", "references", "isReferencedBy", "cites", "isCitedBy", "isDerivedFrom",
        "isSourceOf", "isPartOf", "hasPart", "isDocumentedBy", "documents", "isDescribedBy", "describes",
        "isNewVersionOf", "isPreviousVersionOf", "isVersionOf", "hasVersion", "isContinuedBy", "continues",
        "hasMetadata", "isMetadataFor", "isPublishedIn", "isCompiledBy", "compiles", "isVariantFormOf",
        "isOriginalFormOf", "isIdenticalTo", "isReviewedBy", "reviews", "isRequiredBy", "requires", "isObsoletedBy",
        "obsoletes", "isAlternateIdentifier",
    ]

    /// Whether `license` names one of `licenses` (the server's vocabulary, RDM ids) as Zenodo
    /// resolves it: case-insensitive, through its aliases and legacy ids (`mit-license` is `mit`).
    public static func isKnown(license: String, in licenses: [License]) -> Bool {
        let ids = Set(licenses.map { $0.id.lowercased() })
        if ids.contains(license.lowercased()) { return true }
        guard let rdm = LegacyLicences.rdmID(license) else { return false }
        return ids.contains(rdm) || licenses.contains { LegacyLicences.rdmID($0.id) == rdm }
    }

    public static let commonLicenses: [License] = [
        License(id: "cc-by-4.0", title: "Creative Commons Attribution 4.0 International"),
        License(id: "cc-zero", title: "Creative Commons Zero v1.0 Universal"),
        License(id: "cc-by-sa-4.0", title: "Creative Commons Attribution Share Alike 4.0 International"),
        License(id: "cc-by-nc-4.0", title: "Creative Commons Attribution Non Commercial 4.0 International"),
        License(id: "cc-by-nd-4.0", title: "Creative Commons Attribution No Derivatives 4.0 International"),
        License(id: "mit", title: "MIT License"),
        License(id: "apache-2.0", title: "Apache License 2.0"),
        License(id: "bsd-3-clause", title: "BSD 3-Clause \"New\" or \"Revised\" License"),
        License(id: "gpl-3.0-only", title: "GNU General Public License v3.0 only"),
        License(id: "odbl-1.0", title: "Open Data Commons Open Database License v1.0"),
    ]
}

/// A license id as the legacy API takes it, with its title for a picker.
public struct License: Sendable, Hashable {
    public var id: String
    public var title: String
    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}

/// The version string a new version probably wants: the last number in the old one, plus one
/// (`1.0` → `1.1`, `v2` → `v3`, `2024-01` → `2024-02`); empty when there is no number to count.
public enum VersionSuggestion {
    public static func next(after version: String?) -> String {
        guard let version, let range = version.firstMatch(ofPattern: "[0-9]+(?=[^0-9]*$)"),
            let number = Int(version[range])
        else { return "" }
        let digits = version[range].count
        var next = String(number + 1)
        if next.count < digits { next = String(repeating: "0", count: digits - next.count) + next }
        var suggested = version
        suggested.replaceSubrange(range, with: next)
        return suggested
    }
}
