import Foundation
import TerminalKit
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// Find and fetch, rendered: the records search with version and access, a record with its
/// version chain, marked files, a download under way and an embargo explained.
extension SnapshotTests {
    static func records() throws -> [Record] {
        [
            try Record(json: [
                "id": 1003,
                "metadata": [
                    "title": "Alpine glacier mass balance, 2000–2024", "publication_date": "2026-11-01",
                    "version": "3.0",
                    "access_right": "open", "relations": ["version": [["index": 2, "is_last": true]]],
                    "creators": [["name": "Müller, Anna"], ["name": "Ødegård, Sigrid"]],
                ],
                "files": [
                    ["key": "mass_balance.csv", "size": 19_456, "checksum": "md5:aa"],
                    ["key": "README.txt", "size": 75, "checksum": "md5:bb"],
                ],
            ]),
            try Record(json: [
                "id": 1009,
                "metadata": [
                    "title": "Cohort summary statistics", "publication_date": "2026-10-02", "access_right": "embargoed",
                    "embargo_date": "2027-05-30",
                    "creators": [["name": "李, 娜"], ["name": "Roe, R"], ["name": "Doe, J"]],
                ],
            ]),
        ]
    }

    @Test func recordsSearch() throws {
        let found = try Self.records()
        try Self.check("records") { size in
            var state = Self.base(size)
            state.screens = [.list, .records]
            state.records.query = "glacier"
            state.records.results = found
            state.records.total = 2
            return state
        }
    }

    @Test func recordWithVersionsMarksAndADownload() throws {
        let found = try Self.records()
        try Self.check("record") { size in
            var state = Self.base(size)
            state.screens = [.list, .records]
            var view = RecordView(record: found[0], destination: "/data/1003")
            view.versions =
                [found[0]]
                + (try! [1002, 1001].map { id in
                    try Record(json: ["id": .int(id), "metadata": ["version": .string(id == 1002 ? "2.0" : "1.0")]])
                })
            view.marked = ["README.txt"]
            state.screens.append(.record(view))
            var download = DownloadBatch(
                batch: 1, recordID: 1003, title: found[0].title, directory: "/data/1003",
                files: [("mass_balance.csv", 19_456, "/data/1003/mass_balance.csv")])
            _ = download.apply(.started(key: "mass_balance.csv", attempt: 1))
            _ = download.apply(.progress(key: "mass_balance.csv", sent: 9_728, total: 19_456, rate: 4_096))
            state.downloads = [download]
            return state
        }
    }

    @Test func anEmbargoedRecordSaysWhyItsFilesCannotBeFetched() throws {
        let found = try Self.records()
        var state = Self.base(Size(width: 80, height: 24))
        state.screens = [.list, .records]
        // As Zenodo shows it to anyone but the owner: no files listed (row C2).
        var record = found[1]
        record.files = []
        state.screens.append(.record(RecordView(record: record, destination: "/data/1009")))
        let text = render(state).text
        #expect(text.contains("Record 1009's files are under embargo until 2027-05-30"), "\(text)")
    }
}
