import Foundation
import TestScratch
import TestSupport
import Testing

/// `validate FILE` offline (issue 33): the checklist's rules, each problem at its line, exit 5
/// on problems and 0 when valid; a file the import cannot read is one problem in its words.
@Suite struct ValidateCommandTests {
    static func run(_ name: String, _ text: String) async throws -> Binary.Result {
        let dir = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return try await Binary.run(["validate", file.path], environment: ["HOME": dir.path])
    }

    @Test func eachProblemIsAtItsLineAndTheExitIsFive() async throws {
        let result = try await Self.run(
            ".zenodo.json",
            """
            {
              "title": "Ok title",
              "upload_type": "publication",
              "creators": [
                {"name": "Doe, Jane", "orcid": "0000-0002-1825-0097"},
                {"name": "Roe, R",
                 "orcid": "0000-0002-1825-0098"}
              ],
              "publication_date": "2024-13-45",
              "license": "not-a-licence"
            }
            """)
        #expect(result.status == 5)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.contains { $0.hasSuffix(":3: publication_type: publication needs a publication_type") }, "\(lines)")
        #expect(lines.contains { $0.contains(":7: creators[1].orcid: ORCID 0000-0002-1825-0098 is not valid") })
        #expect(lines.contains { $0.contains(":9: publication_date: publication date 2024-13-45 is not") })
        #expect(lines.contains { $0.contains(":10: license: Zenodo does not accept the licence") })
        #expect(lines.last == ".zenodo.json: 4 problems.")
    }

    @Test func aValidFileSaysSoAndExitsZero() async throws {
        let result = try await Self.run(
            ".zenodo.json",
            #"{"title": "Fine data", "upload_type": "dataset", "creators": [{"name": "Doe, Jane"}], "license": "cc-by-4.0"}"#
        )
        #expect(result.status == 0 && result.stdout == ".zenodo.json: valid.\n", "\(result.stderr)")
    }

    @Test func aCitationFileIsCheckedAtItsOwnLines() async throws {
        let result = try await Self.run(
            "CITATION.cff",
            """
            cff-version: 1.2.0
            title: Tool
            authors:
              - family-names: Doe
                given-names: Jane
              - family-names: Roe
                orcid: https://orcid.org/0000-0002-1825-0098
            date-released: 2024-02-30
            """)
        #expect(result.status == 5)
        #expect(result.stderr.contains(":7: creators[1].orcid: ORCID"), "\(result.stderr)")
    }

    @Test func unreadableFilesAreOneProblemInTheImportsWords() async throws {
        let broken = try await Self.run(".zenodo.json", "{\"title\": ")
        #expect(broken.status == 5 && broken.stderr.contains("is not valid JSON"), "\(broken.stderr)")
        let unknown = try await Self.run(".zenodo.json", #"{"title": "x", "colour": "blue"}"#)
        #expect(unknown.status == 5 && unknown.stderr.contains("fields Zenodo does not know: colour"))
    }
}
