/// The metadata of the demo depositions, in the legacy form a user would send.
enum DemoRecords {
    static let muller: JSONValue = [
        "name": "Müller, Anna", "affiliation": "ETH Zürich", "orcid": "0000-0002-1825-0097",
    ]
    static let odegard: JSONValue = ["name": "Ødegård, Sigrid", "affiliation": "Universitetet i Bergen"]
    static let li: JSONValue = ["name": "李, 娜", "affiliation": "Wuhan University", "orcid": "0000-0001-5109-3700"]
    static let okafor: JSONValue = ["name": "Okafor, Chidi", "affiliation": "University of Lagos"]
    static let garcia: JSONValue = ["name": "García-López, Javier", "affiliation": "CSIC"]

    static func glacier(version: String) -> JSONValue {
        [
            "title": "Alpine glacier mass balance, 2000–2024",
            "upload_type": "dataset",
            "description":
                "<p>Annual <strong>surface mass balance</strong> of 42 Alpine glaciers, from stake and pit measurements.</p><p>One CSV per year; see README.txt for columns and units.</p>",
            "creators": [muller, odegard],
            "keywords": ["glaciology", "mass balance", "Alps", "climate"],
            "license": "cc-by-4.0",
            "access_right": "open",
            "version": .string(version),
            "language": "en",
            "related_identifiers": [["identifier": "10.5194/tc-17-1-2023", "relation": "isSupplementTo"]],
            "communities": [["identifier": "glaciology"]],
        ]
    }

    static func river(version: String?) -> JSONValue {
        var metadata: JSONValue = [
            "title": "Yangtze river suspended sediment, daily series",
            "upload_type": "dataset",
            "description":
                "<p>Daily suspended sediment concentration at three gauging stations (Yichang, Hankou, Datong).</p>",
            "creators": [li, garcia],
            "keywords": ["hydrology", "sediment", "Yangtze"],
            "license": "cc-zero",
            "contributors": [["name": "Okafor, Chidi", "type": "DataCurator", "affiliation": "University of Lagos"]],
        ]
        if let version { metadata["version"] = .string(version) }
        return metadata
    }

    static let urbanHeat: JSONValue = [
        "title": "Urban heat island sensor network, Bergen 2023",
        "upload_type": "dataset",
        "description": "<p>Air temperature from 24 low-cost sensors across Bergen at 10-minute resolution.</p>",
        "creators": [odegard, okafor],
        "keywords": ["urban climate", "sensors"],
        "license": "cc-by-4.0",
        "version": "1.1",
    ]

    static func cohort(embargo: String) -> JSONValue {
        [
            "title": "Cohort summary statistics (embargoed until the paper appears)",
            "upload_type": "dataset",
            "description": "<p>Aggregated, de-identified summary statistics of a 4,000-person cohort.</p>",
            "creators": [garcia],
            "access_right": "embargoed",
            "embargo_date": .string(embargo),
            "license": "cc-by-4.0",
        ]
    }

    static let interviews: JSONValue = [
        "title": "Interview transcripts on data sharing practices",
        "upload_type": "dataset",
        "description": "<p>Anonymised transcripts; access on request for research use.</p>",
        "creators": [okafor, muller],
        "access_right": "restricted",
    ]

    static let scripts: JSONValue = [
        "title": "Analysis scripts for the glacier mass balance paper",
        "upload_type": "software",
        "description": "<p>Python scripts that reproduce every figure.</p>",
        "creators": [muller],
        "license": "mit",
        "version": "1.0.2",
        "keywords": ["python", "reproducibility"],
    ]

    static let poster: JSONValue = [
        "title": "Poster: measuring glaciers with drones",
        "upload_type": "poster",
        "description": "<p>EGU General Assembly poster.</p>",
        "creators": [odegard],
        "license": "cc-by-4.0",
    ]

    static let sediment: JSONValue = [
        "title": "Deep-sea sediment cores, North Atlantic (draft)",
        "upload_type": "dataset",
        "description": "<p>Grain size and carbonate content of 12 gravity cores.</p>",
        "creators": [garcia, li],
        "keywords": ["marine geology"],
    ]

    static let barePlankton: JSONValue = [
        "title": "Plankton",
        "upload_type": "dataset",
    ]
}
