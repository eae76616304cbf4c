import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// `reserve-doi DRAFT` (issue 33): through the deposit API a draft has its DOI from creation;
/// through the native API it has none until reserved (`POST …/draft/pids/doi`), and a second
/// call gives the same one.
@Suite struct ReserveDOICommandTests {
    @Test func bothAPIsGiveTheDraftItsDOIOnce() async throws {
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        try await Harness.with { h in
            let env = h.commandEnvironment(state: state)
            let legacy = try await h.client.createDeposition(metadata: DepositionMetadata())
            let first = try await Binary.run(["reserve-doi", String(legacy.id)], environment: env)
            #expect(
                first.status == 0 && first.stdout == "\(legacy.metadata.prereservedDOI ?? "?")\n", "\(first.stderr)")

            var native = env
            native["ZENODO_API"] = "rdm"
            let created = try await Binary.run(["create", "--json"], environment: native)
            let id = try #require(try JSONValue.decode(Data(created.stdout.utf8))["id"]?.int, "\(created.stderr)")
            let before = try await Binary.run(["show", String(id), "--json"], environment: native)
            #expect(!before.stdout.contains("10.5281/zenodo.\(id)"), "no DOI before it is asked for")
            let reserved = try await Binary.run(["reserve-doi", String(id), "--json"], environment: native)
            let doi = try JSONValue.decode(Data(reserved.stdout.utf8))["doi"]?.string
            #expect(doi == "10.5281/zenodo.\(id)", "\(reserved.stdout)\(reserved.stderr)")
            let again = try await Binary.run(["reserve-doi", String(id)], environment: native)
            #expect(again.stdout == "\(doi ?? "?")\n")
            #expect(h.requests(matching: "/pids/doi").count == 1, "reserved once")
        }
    }
}
