import Foundation
import TerminalKit
import Testing

@testable import ZenodoKit
@testable import ZenodoTUI

/// The form for a record read through the native InvenioRDM API (issue 12): its subjects,
/// licences, funding, titles, dates, affiliations and identifiers are rows one can edit, and what
/// the user did not touch goes back as it was.
@Suite struct NativeFormTests {
    static let record: JSONValue = [
        "id": "1019", "is_published": false, "parent": ["id": "1018"],
        "metadata": [
            "resource_type": ["id": "dataset"], "title": "Deep-sea sediment cores", "publication_date": "2026-01-01",
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
                ]
            ],
            "dates": [["date": "2021-03-04", "type": ["id": "collected"], "description": "cores"]],
            "subjects": [["id": "euroscivoc:123", "subject": "Geology"], ["subject": "cores"]],
            "rights": [["id": "cc-by-4.0"], ["id": "mit"]],
            "funding": [
                [
                    "funder": ["id": "00k4n6c32", "name": "EC"],
                    "award": ["id": "00k4n6c32::101004215", "number": "101004215", "title": ["en": "EOSC Future"]],
                ]
            ],
            "additional_titles": [
                ["title": "Eine Aufnahme", "type": ["id": "translated-title"], "lang": ["id": "deu"]]
            ],
        ],
        "access": ["record": "public", "files": "public"],
        "files": ["enabled": true, "entries": [:]],
    ]

    static func editing(_ size: Size = Size(width: 80, height: 24)) throws -> AppState {
        var deposition = try Deposition(
            json: RDMLegacyView.deposition(record, draft: true, api: "http://127.0.0.1/api"))
        deposition.rdmRecord = record
        var state = SnapshotTests.base(size)
        state.details[deposition.id] = deposition
        state.backend = .native
        let editor = EditorState(
            deposition: deposition, today: Date(timeIntervalSince1970: 1_790_000_000), backend: .native)
        state.screens = [.list, .deposition(deposition.id), .editor(editor)]
        return state
    }

    static func select(_ state: inout AppState, _ id: FieldID) throws {
        let row = try #require(state.editor?.rows.firstIndex { $0.id == id })
        state.editor?.selection = row
    }

    @Test func theNativeListsAreRowsOfTheForm() throws {
        let state = try Self.editing()
        let rows = try #require(state.editor?.rows)
        func value(_ id: FieldID) -> String? { rows.first { $0.id == id }?.value }
        #expect(value(.nativeList(RDMNativeFields.subjects)) == "Geology [euroscivoc:123]")
        #expect(value(.nativeList(RDMNativeFields.rights)) == "mit")
        #expect(value(.nativeList(RDMNativeFields.funding)) == "00k4n6c32 :: 101004215 — EOSC Future")
        #expect(value(.nativeList(RDMNativeFields.titles)) == "translated-title: Eine Aufnahme")
        #expect(value(.dates) == "2021-03-04 Collected: cores")
        #expect(value(.person(.creators, 0, .affiliations)) == "CERN [01ggx4157]; Second")
        #expect(value(.person(.creators, 0, .identifiers)) == "isni:0000000121032683")
        #expect(
            !rows.contains { $0.id == .person(.creators, 0, .affiliation) }, "one affiliations row, not the legacy one")

        // A record read through the legacy API has none of them (but has dates and methods).
        let legacy = EditorState(deposition: Fixtures.list[2], today: Date(), backend: .legacy).rows
        #expect(!legacy.contains { if case .nativeList = $0.id { true } else { false } })
        #expect(legacy.contains { $0.id == .dates } && legacy.contains { $0.id == .method })
    }

    @Test func editingALineChangesThatEntryAndTheRestStays() throws {
        var state = try Self.editing()
        try Self.select(&state, .nativeList(RDMNativeFields.funding))
        _ = EditorTests.keys(&state, .enter, .control("e"), .enter)
        EditorTests.type(&state, "Local Trust :: LT-9 — Cores")
        _ = EditorTests.keys(&state, .escape)
        try Self.select(&state, .person(.creators, 0, .affiliations))
        _ = EditorTests.keys(&state, .enter, .control("e"))
        EditorTests.type(&state, "; Third")
        _ = EditorTests.keys(&state, .enter)
        try Self.select(&state, .dates)
        _ = EditorTests.keys(&state, .enter, .control("e"), .enter)
        EditorTests.type(&state, "2022 available")
        _ = EditorTests.keys(&state, .escape)

        let editor = try #require(state.editor)
        let shown = RDMLegacyView.metadata(Self.record).object ?? [:]
        let merged = RDMMetadataMerge.merge(edited: editor.metadata.raw, shown: shown, into: Self.record)["metadata"]
        #expect(merged?["funding"]?.array?.count == 2)
        #expect(
            merged?["funding"]?.array?.first?["award"]?["title"]?["en"] == "EOSC Future",
            "the line not edited keeps its entry")
        #expect(
            merged?["funding"]?.array?.last == [
                "funder": ["name": "Local Trust"], "award": ["number": "LT-9", "title": ["en": "Cores"]],
            ])
        #expect(
            merged?["creators"]?.array?.first?["affiliations"] == [
                ["id": "01ggx4157", "name": "CERN"], ["name": "Second"], ["name": "Third"],
            ])
        #expect(
            merged?["dates"] == [
                ["date": "2021-03-04", "type": ["id": "collected"], "description": "cores"],
                ["date": "2022", "type": ["id": "available"]],
            ])
        #expect(merged?["subjects"] == Self.record["metadata"]?["subjects"], "untouched")
        #expect(merged?["additional_titles"] == Self.record["metadata"]?["additional_titles"], "untouched")
        #expect(
            merged?["creators"]?.array?.first?["person_or_org"]
                == Self.record["metadata"]?["creators"]?.array?.first?["person_or_org"])
    }

    @Test func theRecordSchemasRulesShowUnderTheirRows() throws {
        var state = try Self.editing()
        try Self.select(&state, .nativeList(RDMNativeFields.titles))
        _ = EditorTests.keys(&state, .enter, .control("e"), .enter)
        EditorTests.type(&state, "subtitle: ab")
        _ = EditorTests.keys(&state, .escape)
        let problems = try #require(state.editor?.problems)
        #expect(problems["rdm:titles[1]"]?.first?.contains("at least 3 characters") == true)
        #expect(
            render(state).text.contains("✗ line 2: \"subtitle: ab\": a title needs at least 3"),
            "shown under the Other titles row")
    }

    @Test func snapshot() throws {
        try SnapshotTests.check("editor-native") { size in
            var state = try! Self.editing(size)
            try! Self.select(&state, .nativeList(RDMNativeFields.subjects))
            return state
        }
    }
}
