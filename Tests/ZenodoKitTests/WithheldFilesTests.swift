import Foundation
import LocalZenodo
import TestScratch
import TestSupport
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
            var environment = h.commandEnvironment(state: state)
            environment["ZENODO_TOKEN"] = nil
            let dest = state.appendingPathComponent("out")
            let anonymous = try await Binary.run(
                ["download", String(record.id), "--dest", dest.path], environment: environment)
            #expect(anonymous.status == 3, "nothing fetched is a failure: \(anonymous.stderr)")
            #expect(anonymous.stderr.contains("files are restricted"), "\(anonymous.stderr)")
            #expect(anonymous.stderr.contains("request access at"), "where to ask")
            #expect(anonymous.stderr.contains("sign in first"), "what would give access")
            #expect(!FileManager.default.fileExists(atPath: dest.path))

            let search = try await Binary.run(["search", "Interviews", "--json"], environment: environment)
            let found = try JSONValue.decode(Data(search.stdout.utf8))
            #expect(
                found["records"]?.array?.first?["files_withheld"]?["reason"]?.string == "restricted", "\(search.stdout)"
            )

            let owner = try await Binary.run(
                ["download", String(record.id), "--dest", dest.path], environment: h.commandEnvironment(state: state))
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
        #expect(
            withheld.message(signedIn: true)
                == "record 7's files are under embargo until 2027-05-30: no one but its owner can fetch them before then"
        )
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
            let run = try await Binary.run(
                ["search", "--community", "glaciolgy"], environment: h.commandEnvironment(state: state))
            #expect(run.status == 0)
            #expect(
                run.stderr.contains("no community 'glaciolgy'") && run.stderr.contains("not filtered by community"),
                "\(run.stderr)")
        }
    }
}

/// `--api auto` on a server that is neither Zenodo's deposit API nor InvenioRDM's records API.
@Suite struct UnplaceableServerTests {
    @Test func autoSaysWhatEachProbeAnsweredAndNamesTheChoices() async throws {
        // A web server that answers every path with an HTML 404, as a wrong base address does.
        let server = try RawServer { connection in
            let page = "<html><body><h1>Error response</h1></body></html>"
            _ = RawServer.send(
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: \(page.utf8.count)\r\nConnection: close\r\n\r\n\(page)",
                to: connection)
        }
        defer { server.stop() }
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        let run = try await Binary.run(
            ["list"],
            environment: [
                "ZENODO_SERVER": "http://127.0.0.1:\(server.port)/api", "ZENODO_TOKEN": "t", "HOME": state.path,
                "XDG_STATE_HOME": state.path,
                "XDG_CONFIG_HOME": state.path,
            ])
        #expect(run.status != 0)
        #expect(run.stderr.contains("/deposit/depositions answered 404"), "\(run.stderr)")
        #expect(run.stderr.contains("/records answered 404"), "\(run.stderr)")
        #expect(run.stderr.contains("--api legacy") && run.stderr.contains("--api rdm"), "\(run.stderr)")
        #expect(!run.stderr.contains("Not found on"), "never a bare status line: \(run.stderr)")
    }
}
