import Foundation
import LocalZenodo
import TestSupport
import Testing

@testable import ZenodoKit

/// What only the native API carries, edited through the front ends' metadata (issue 12): subjects
/// from vocabularies, several licences, funding with award details, additional titles, several
/// affiliations with ids, identifiers other than ORCID, single dates.
@Suite struct RDMNativeFieldsTests {
    static let record: JSONValue = [
        "metadata": [
            "resource_type": ["id": "dataset"], "title": "Web record", "publication_date": "2026-01-01",
            "creators": [
                [
                    "person_or_org": [
                        "type": "personal", "family_name": "Doe", "given_name": "Jane",
                        "identifiers": [
                            ["scheme": "orcid", "identifier": "0000-0002-1825-0097"],
                            ["scheme": "isni", "identifier": "0000000121032683"],
                        ],
                    ],
                    "affiliations": [["id": "01ggx4157", "name": "CERN"], ["name": "Second"]],
                ],
                [
                    "person_or_org": ["type": "organizational", "name": "The Consortium"]
                ],
            ],
            "dates": [["date": "2021-03-04", "type": ["id": "collected"], "description": "cores"]],
            "subjects": [
                ["id": "310607", "subject": "Geology", "scheme": "EuroSciVoc"], ["subject": "cores"],
            ],
            "rights": [
                ["id": "cc-by-4.0"], ["id": "mit"],
                [
                    "title": ["en": "Data use terms"], "description": ["en": "Ask first"],
                    "link": "https://example.org/terms",
                ],
            ],
            "funding": [
                [
                    "funder": ["id": "00k4n6c32", "name": "European Commission"],
                    "award": [
                        "id": "00k4n6c32::101017452", "number": "101017452", "title": ["en": "EOSC Future"],
                        "identifiers": [
                            ["scheme": "url", "identifier": "https://cordis.europa.eu/project/id/101017452"]
                        ],
                    ],
                ],
                ["funder": ["name": "Local Trust"]],
            ],
            "additional_titles": [
                ["title": "Eine Aufnahme", "type": ["id": "translated-title"], "lang": ["id": "deu"]]
            ],
            "languages": [["id": "eng"], ["id": "deu", "title": ["en": "German"]]],
            "additional_descriptions": [
                ["description": "Notes text", "type": ["id": "notes"]],
                ["description": "<p>Tech</p>", "type": ["id": "technical-info"], "lang": ["id": "eng"]],
            ],
        ],
        "access": ["record": "public", "files": "public"],
    ]

    @Test func eachListIsShownAsLines() throws {
        let m = RDMLegacyView.metadata(Self.record)
        #expect(m[RDMNativeFields.subjects] == ["Geology [310607]"])
        #expect(m[RDMNativeFields.rights] == ["mit", "Data use terms <https://example.org/terms>"])
        #expect(m[RDMNativeFields.funding] == ["00k4n6c32 :: 101017452 — EOSC Future", "Local Trust"])
        #expect(m[RDMNativeFields.titles] == ["translated-title: Eine Aufnahme"])
        let jane = try #require(m["creators"]?.array?.first)
        #expect(jane[RDMNativeFields.affiliations] == "CERN [01ggx4157]; Second")
        #expect(jane[RDMNativeFields.identifiers] == "isni:0000000121032683")
        #expect(m["creators"]?.array?.last?[RDMNativeFields.organizational] == true)
        #expect(m["keywords"] == ["cores"], "free subjects stay the keywords")
        #expect(m[RDMNativeFields.languages] == ["deu"], "the first is the Language field")
        #expect(m[RDMNativeFields.descriptions] == ["technical-info: <p>Tech</p>"], "notes are the Notes field")
    }

    @Test func anUnchangedViewChangesNothing() throws {
        let shown = RDMLegacyView.metadata(Self.record).object ?? [:]
        let merged = RDMMetadataMerge.merge(edited: shown, shown: shown, into: Self.record)
        #expect(merged == Self.record)
    }

    @Test func editedLinesBecomeEntriesAndUnchangedLinesKeepTheirEntries() throws {
        let shown = RDMLegacyView.metadata(Self.record).object ?? [:]
        var edited = shown
        edited[RDMNativeFields.subjects] = ["Geology [310607]", "Oceanography [310701]"]
        edited[RDMNativeFields.rights] = ["Data use terms <https://example.org/terms>", "CC-BY-SA-4.0"]
        edited[RDMNativeFields.funding] = [
            "00k4n6c32 :: 101017452 — EOSC Future", "10.13039/100000001 :: 1234567", "Local Trust :: LT-9 — Cores",
        ]
        edited[RDMNativeFields.titles] = ["translated-title: Eine Aufnahme", "subtitle: from the north", "Cores again"]
        var creators = edited["creators"]?.array ?? []
        creators[0][RDMNativeFields.affiliations] = "CERN [01ggx4157]; Third [03yrm5c26]"
        creators[0][RDMNativeFields.identifiers] = "isni:0000000121032683; ror:01ggx4157"
        creators[1]["name"] = "The Consortium (2026)"
        edited["creators"] = .array(creators)
        edited[RDMNativeFields.languages] = ["deu", "FRA"]
        edited[RDMNativeFields.descriptions] = ["technical-info: <p>Tech</p>", "abstract: Short"]

        let m = RDMMetadataMerge.merge(edited: edited, shown: shown, into: Self.record)["metadata"]
        #expect(
            m?["subjects"] == [
                ["id": "310607", "subject": "Geology", "scheme": "EuroSciVoc"], ["id": "310701"],
                ["subject": "cores"],
            ])
        #expect(
            m?["rights"] == [
                ["id": "cc-by-4.0"],
                [
                    "title": ["en": "Data use terms"], "description": ["en": "Ask first"],
                    "link": "https://example.org/terms",
                ],
                ["id": "cc-by-sa-4.0"],
            ])
        let funding = m?["funding"]?.array ?? []
        #expect(funding.count == 3)
        #expect(funding[0]["award"]?["identifiers"] != nil, "an unchanged line keeps the award's identifiers")
        #expect(funding[1] == ["funder": ["id": "10.13039/100000001"], "award": ["id": "10.13039/100000001::1234567"]])
        #expect(
            funding[2] == ["funder": ["name": "Local Trust"], "award": ["number": "LT-9", "title": ["en": "Cores"]]])
        #expect(
            m?["additional_titles"] == [
                ["title": "Eine Aufnahme", "type": ["id": "translated-title"], "lang": ["id": "deu"]],
                ["title": "from the north", "type": ["id": "subtitle"]],
                ["title": "Cores again", "type": ["id": "alternative-title"]],
            ])
        let jane = m?["creators"]?.array?.first
        #expect(jane?["affiliations"] == [["id": "01ggx4157", "name": "CERN"], ["id": "03yrm5c26"]])
        #expect(
            jane?["person_or_org"]?["identifiers"] == [
                ["scheme": "orcid", "identifier": "0000-0002-1825-0097"],
                ["scheme": "isni", "identifier": "0000000121032683"],
                ["scheme": "ror", "identifier": "01ggx4157"],
            ])
        #expect(
            m?["creators"]?.array?.last?["person_or_org"] == [
                "type": "organizational", "name": "The Consortium (2026)",
            ], "an organisation stays one")
        #expect(m?["languages"] == [["id": "eng"], ["id": "deu", "title": ["en": "German"]], ["id": "fra"]])
        #expect(
            m?["additional_descriptions"] == [
                ["description": "Notes text", "type": ["id": "notes"]],
                ["description": "<p>Tech</p>", "type": ["id": "technical-info"], "lang": ["id": "eng"]],
                ["description": "Short", "type": ["id": "abstract"]],
            ])
    }

    @Test func theRecordSchemasRulesAreCheckedLocally() {
        var m = DepositionMetadata(raw: RDMLegacyView.metadata(Self.record).object ?? [:])
        #expect(RDMChecklist.problems(m).isEmpty)
        m["dates"] = [
            ["start": "2021-13-01", "end": "2021-13-01", "type": "Collected"],
            ["start": "2021", "end": "2022", "type": "harvested"],
        ]
        m[RDMNativeFields.titles] = ["subtitle: ab"]
        m[RDMNativeFields.funding] = [":: 123", "00k4n6c32 ::"]
        m[RDMNativeFields.rights] = ["Terms <not a url>"]
        var creators = m["creators"]?.array ?? []
        creators[0][RDMNativeFields.affiliations] = "CERN; cern"
        creators[0][RDMNativeFields.identifiers] = "no-scheme-here"
        m["creators"] = .array(creators)
        let fields = RDMChecklist.problems(m).map(\.field)
        #expect(
            fields == [
                "dates[0]", "dates[1]", "rdm:titles[0]", "rdm:rights[0]", "rdm:funding[0]", "rdm:funding[1]",
                "creators[0].affiliations", "creators[0].identifiers",
            ])
        #expect(
            !PublishChecklist.metadataItems(m).filter { $0.field == "dates[1]" }.isEmpty,
            "the publish checklist shows them")
    }

    @Test func aRecordWithEverythingIsEditedThroughTheNativeAPIAndKeepsAll() async throws {
        try await Harness.with { h in
            let client = RDMClientTests.rdmClient(h)
            let created = try await Curlish.request("POST", "\(h.server.apiURL)/records", body: Self.record.encoded())
            let id = try #require(Int(created["id"]?.string ?? ""))

            var edited = try await client.deposition(id).metadata
            edited[RDMNativeFields.subjects] = ["Geology [310607]", "Oceanography [310701]"]
            edited[RDMNativeFields.funding] = .array(
                (edited[RDMNativeFields.funding]?.array ?? []) + ["00k4n6c32 :: 654039"])
            edited["dates"] = [
                ["start": "2021-03-04", "end": "2021-03-04", "type": "Collected", "description": "cores"],
                ["start": "2022", "end": "2022", "type": "available"],
            ]
            _ = try await client.updateMetadata(id, edited)

            let m = try await Curlish.getJSON("\(h.server.apiURL)/records/\(id)/draft")["metadata"]
            #expect(m?["subjects"]?.array?.compactMap { $0["id"]?.string } == ["310607", "310701"])
            #expect(m?["subjects"]?.array?.contains(["subject": "cores"]) == true)
            #expect(m?["funding"]?.array?.count == 3)
            #expect(m?["funding"]?.array?.first?["award"]?["title"]?["en"] == "EOSC Future")
            #expect(
                m?["dates"] == [
                    ["date": "2021-03-04", "type": ["id": "collected"], "description": "cores"],
                    ["date": "2022", "type": ["id": "available"]],
                ])
            #expect(m?["rights"]?.array?.count == 3)
            #expect(m?["additional_titles"]?.array?.first?["lang"] != nil)
            #expect(m?["creators"]?.array?.first?["affiliations"]?.array?.first?["id"] == "01ggx4157")

            // What the schema refuses is not sent at all.
            let before = h.requests(matching: "PUT").count
            var bad = try await client.deposition(id).metadata
            bad[RDMNativeFields.titles] = ["subtitle: ab"]
            await #expect(throws: ZenodoError.self) { _ = try await client.updateMetadata(id, bad) }
            #expect(h.requests(matching: "PUT").count == before)
        }
    }
}
