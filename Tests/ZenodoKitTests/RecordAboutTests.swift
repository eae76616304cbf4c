import Foundation
import Testing
import ZenodoKit

/// What a reader sees of a public record before fetching (issue 33): read from Zenodo JSON, the
/// description as text, versions labelled without doubling a `v`.
@Suite struct RecordAboutTests {
    static let record: JSONValue = [
        "id": 42, "title": "Ice",
        "metadata": [
            "title": "Ice", "keywords": ["glacier", "mass balance"], "license": ["id": "cc-by-4.0"],
            "description": "<p>Annual <b>mass balance</b> of 12 glaciers.</p><p>Second paragraph.</p>",
            "grants": [
                [
                    "code": "101004215", "acronym": "FAIR-IMPACT", "title": "Expanding FAIR solutions",
                    "funder": ["name": "European Commission"],
                ]
            ],
            "related_identifiers": [["identifier": "10.1234/paper", "relation": "isSupplementTo", "scheme": "doi"]],
        ],
        "stats": [
            "views": 1200, "downloads": 56, "unique_views": 900, "unique_downloads": 40, "version_views": 12,
            "version_downloads": 3,
        ],
    ]

    @Test func theAboutReadsEveryPartAndTheDescriptionAsText() throws {
        let about = RecordAbout(try Record(json: Self.record))
        #expect(about.keywords == ["glacier", "mass balance"])
        #expect(about.license == "cc-by-4.0")
        #expect(about.grants.first?.words == "European Commission: 101004215 (FAIR-IMPACT): Expanding FAIR solutions")
        #expect(about.related.first?.relation == "isSupplementTo")
        #expect(about.description.contains("Annual mass balance of 12 glaciers.") && !about.description.contains("<"))
        #expect(about.statsWords == "1200 views, 56 downloads (this version: 12 and 3)")
    }

    @Test func aRecordWithoutStatsSaysNothingOfUse() throws {
        #expect(RecordAbout(try Record(json: ["id": 1, "metadata": ["title": "x"]])).statsWords == nil)
    }

    @Test func versionLabelsNeverDoubleTheirV() {
        #expect(VersionLabel.shown("1.0") == "v1.0")
        #expect(VersionLabel.shown("v2") == "v2")
        #expect(VersionLabel.shown("V3.1") == "V3.1")
        #expect(VersionLabel.shown("2024 release") == "2024 release")
        #expect(VersionLabel.shown("2.1-rc1") == "v2.1-rc1")
        #expect(VersionLabel.shown("beta") == "beta")
        #expect(VersionLabel.shown("  ") == nil)
    }
}
