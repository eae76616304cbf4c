import Foundation
import TerminalKit
import ZenodoKit

@testable import ZenodoTUI

/// Fixed depositions for update and snapshot tests: deterministic ids, dates and names.
enum Fixtures {
    static func deposition(
        id: Int, title: String, state: String = "unsubmitted", files: [(String, Int)] = [],
        modified: String = "2026-03-02T10:15:42+00:00",
        creators: [String] = ["Müller, Anna"], conceptDOI: Bool = false
    ) -> Deposition {
        var json: JSONValue = [
            "id": .int(id), "conceptrecid": .string(String(id - 1)), "title": .string(title), "state": .string(state),
            "submitted": .bool(state != "unsubmitted"), "created": "2026-01-01T00:00:00+00:00",
            "modified": .string(modified),
            "metadata": [
                "title": .string(title), "upload_type": "dataset", "publication_date": "2026-03-02",
                "access_right": "open",
                "license": "cc-by-4.0",
                "creators": .array(creators.map { ["name": .string($0), "affiliation": "ETH Zürich"] }),
                "description": "<p>Annual <b>mass balance</b> of 42 glaciers.</p><p>One CSV per year.</p>",
                "prereserve_doi": ["doi": .string("10.5281/zenodo.\(id)"), "recid": .int(id)],
            ],
            "files": .array(
                files.enumerated().map { n, file in
                    [
                        "id": .string("f\(n)"), "filename": .string(file.0), "filesize": .int(file.1),
                        "checksum": "9e107d9d372bb6826bd81d3542a419d6",
                    ]
                }),
            "links": ["html": .string("https://zenodo.org/deposit/\(id)"), "bucket": "https://zenodo.org/api/files/b"],
        ]
        if state != "unsubmitted" { json["doi"] = .string("10.5281/zenodo.\(id)") }
        if conceptDOI { json["conceptdoi"] = .string("10.5281/zenodo.\(id - 1)") }
        return try! Deposition(json: json)
    }

    static let list: [Deposition] = [
        deposition(
            id: 1003, title: "Alpine glacier mass balance, 2000–2024", state: "done",
            files: [("README.txt", 75), ("mass_balance.csv", 19_405)], modified: "2026-03-05T10:00:00+00:00"),
        deposition(
            id: 1009, title: "Urban heat island sensor network", state: "inprogress", files: [("t.nc", 3_145_851)],
            modified: "2026-03-04T10:00:00+00:00", creators: ["Ødegård, Sigrid"]),
        deposition(
            id: 1019, title: "Deep-sea sediment cores (draft)", files: [("cores.csv", 60)],
            modified: "2026-03-03T10:00:00+00:00", creators: ["李, 娜"]),
        deposition(
            id: 1007, title: "Yangtze river sediment", files: [("ssc.csv", 208_000)],
            modified: "2026-03-02T10:00:00+00:00", conceptDOI: true),
    ]

    static func state(width: Int = 80, height: Int = 24) -> AppState {
        var state = AppState(size: Size(width: width, height: height), serverName: "zenodo.org", badge: .zenodo)
        state.list.items = list
        state.list.loaded = true
        state.today = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21
        return state
    }
}
