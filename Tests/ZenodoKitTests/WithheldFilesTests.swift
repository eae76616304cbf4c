import Foundation
import LocalZenodo
import Testing

@testable import ZenodoKit

/// Zenodo lists no restricted or embargoed files to anyone but the owner (row C2): `download` and
/// `search` say so and what would give access, and `download` fails instead of "fetching" nothing.
@Suite struct WithheldFilesTests {
    @Test func downloadOfRestrictedFilesWithoutATokenSaysWhyAndFails() async throws {
        try await Harness.with { h in
            let record = try await h.published(title: "Interviews") {
                $0.accessRight = "restricted"
                $0.accessConditions = "Write to the PI with your ethics approval."
            }
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            var environment = UploadCommandTests.environment(h, state: state)
            environment["ZENODO_TOKEN"] = nil
            let dest = state.appendingPathComponent("out")
            let anonymous = try await Binary.run(["download", String(record.id), "--dest", dest.path], environment: environment)
            #expect(anonymous.status == 3, "nothing fetched is a failure: \(anonymous.stderr)")
            #expect(anonymous.stderr.contains("files are restricted"), "\(anonymous.stderr)")
            #expect(anonymous.stderr.contains("request access at"), "where to ask")
            #expect(anonymous.stderr.contains("sign in first"), "what would give access")
            #expect(!FileManager.default.fileExists(atPath: dest.path))

            let search = try await Binary.run(["search", "Interviews", "--json"], environment: environment)
            let found = try JSONValue.decode(Data(search.stdout.utf8))
            #expect(found["records"]?.array?.first?["files_withheld"]?["reason"]?.string == "restricted", "\(search.stdout)")

            let owner = try await Binary.run(
                ["download", String(record.id), "--dest", dest.path], environment: UploadCommandTests.environment(h, state: state))
            #expect(owner.status == 0, "the owner's token lists them: \(owner.stderr)")
            #expect(FileManager.default.fileExists(atPath: dest.appendingPathComponent("data.csv").path))
        }
    }

    @Test func anEmbargoSaysUntilWhen() throws {
        let record = try Record(json: [
            "id": 7, "metadata": ["title": "x", "access_right": "embargoed", "embargo_date": "2027-05-30"], "files": [],
            "links": ["self_html": "https://zenodo.org/records/7"],
        ])
        let withheld = try #require(record.withheldFiles)
        #expect(withheld.message(signedIn: true) == "record 7's files are under embargo until 2027-05-30: no one but its owner can fetch them before then")
        let open = try Record(json: ["id": 8, "metadata": ["title": "y", "access_right": "open"], "files": []])
        #expect(open.withheldFiles == nil)
    }
}

/// A community filter that names no community (row B7): Zenodo filters by none; the user is told.
@Suite struct IgnoredCommunityTests {
    @Test func searchSaysWhenACommunityFilterMatchedNoCommunity() async throws {
        try await Harness.with(configure: { $0.seedDemo = true }) { h in
            let page = try await h.client.searchRecords(filters: [("communities", "glaciolgy")])
            #expect(page.ignoredCommunities == ["glaciolgy"])
            let known = try await h.client.searchRecords(filters: [("communities", "glaciology")])
            #expect(known.ignoredCommunities.isEmpty)
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let run = try await Binary.run(["search", "--community", "glaciolgy"], environment: UploadCommandTests.environment(h, state: state))
            #expect(run.status == 0)
            #expect(run.stderr.contains("no community 'glaciolgy'") && run.stderr.contains("not filtered by community"), "\(run.stderr)")
        }
    }
}
