/// The controlled vocabularies the legacy loader and publish validation check against.
enum ServerVocabulary {
    /// Upload types and, where the RDM vocabulary needs one, their subtypes.
    static let uploadTypes: [String: [String]] = [
        "publication": [
            "annotationcollection", "book", "section", "conferencepaper", "conferenceproceeding", "datamanagementplan",
            "journal", "article", "patent", "peerreview", "preprint", "deliverable", "milestone", "proposal", "report",
            "softwaredocumentation", "taxonomictreatment", "technicalnote", "workingpaper", "datapaper", "dissertation",
            "standard", "studyregistration", "other",
        ],
        "image": ["figure", "plot", "drawing", "diagram", "photo", "other"],
        "software": ["computationalnotebook"],
        "poster": [], "presentation": [], "event": [], "dataset": [], "model": [], "video": [], "audio": [],
        "lesson": [], "other": [], "physicalobject": [], "workflow": [], "project": [], "instrument": [],
    ]

    /// Upload types whose subtype is required to form a valid resource type.
    static let subtypeRequired: Set<String> = ["publication", "image"]

    static let contributorTypes = [
        "ContactPerson", "DataCollector", "DataCurator", "DataManager", "Distributor", "Editor", "HostingInstitution",
        "Producer", "ProjectLeader", "ProjectManager", "ProjectMember", "RegistrationAgency", "RegistrationAuthority",
        "RelatedPerson", "Researcher", "ResearchGroup", "RightsHolder", "Sponsor", "Supervisor", "WorkPackageLeader",
        "Other",
    ]

    static let relations = [
        "isCitedBy", "cites", "isSupplementTo", "isSupplementedBy", "isContinuedBy", "continues", "isDescribedBy",
        "describes", "hasMetadata", "isMetadataFor", "hasVersion", "isVersionOf", "isNewVersionOf",
        "isPreviousVersionOf",
        "isPartOf", "hasPart", "isPublishedIn", "isReferencedBy", "references", "isDocumentedBy", "documents",
        "isCompiledBy", "compiles", "isVariantFormOf", "isOriginalFormOf", "isIdenticalTo", "isReviewedBy", "reviews",
        "isDerivedFrom", "isSourceOf", "isRequiredBy", "requires", "isObsoletedBy", "obsoletes",
        "isAlternateIdentifier",
    ]

    /// The resource type's display title, as Zenodo JSON shows it.
    static func title(type: String, subtype: String?) -> String {
        let names: [String: String] = [
            "dataset": "Dataset", "software": "Software", "publication": "Publication", "image": "Image",
            "poster": "Poster", "presentation": "Presentation", "video": "Video/Audio", "audio": "Audio",
            "lesson": "Lesson", "model": "Model", "workflow": "Workflow", "other": "Other", "event": "Event",
            "physicalobject": "Physical object", "project": "Project", "instrument": "Instrument",
        ]
        if let subtype { return subtype.prefix(1).uppercased() + subtype.dropFirst() }
        return names[type] ?? type
    }
}
