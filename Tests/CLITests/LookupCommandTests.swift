import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// Lookups over the server's vocabularies (issue 33), the real binary against LocalZenodo's
/// seeded subset (zenodo-rdm's and invenio-rdm-records' own fixtures): an award by its number
/// with its funder, a funder by acronym, an affiliation by a word of its name, a person with ORCID.
@Suite struct LookupCommandTests {
    @Test func identifiersAreFoundNotGuessed() async throws {
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        try await Harness.with { h in
            var env = h.commandEnvironment(state: state)
            env["ZENODO_TOKEN"] = nil
            let award = try await Binary.run(["lookup", "awards", "283595"], environment: env)
            #expect(award.status == 0, "\(award.stderr)")
            #expect(
                award.stdout.hasPrefix("00k4n6c32::283595  OpenAIREplus: 2nd-Generation Open Access"), "\(award.stdout)"
            )
            #expect(award.stdout.contains("European Commission"))
            let funder = try await Binary.run(
                ["lookup", "funders", "european", "commission", "--json"], environment: env)
            let first = try JSONValue.decode(Data(funder.stdout.utf8)).array?.first
            #expect(first?["id"]?.string == "00k4n6c32")
            let cern = try await Binary.run(["lookup", "affiliations", "nuclear", "research"], environment: env)
            #expect(cern.stdout.contains("European Organization for Nuclear Research"), "\(cern.stdout)")
            let subject = try await Binary.run(["lookup", "subjects", "bacteriology"], environment: env)
            #expect(subject.stdout.hasPrefix("310701  Bacteriology  (ANZSRC)"), "\(subject.stdout)")
            let none = try await Binary.run(["lookup", "awards", "no-such-grant-xyz"], environment: env)
            #expect(none.status == 0 && none.stdout.contains("Nothing in awards matches."))
            let bad = try await Binary.run(["lookup", "grants", "x"], environment: env)
            #expect(bad.status == 2)
        }
    }

    @Test func theRoutesPageAndReadOneEntry() async throws {
        try await Harness.with { h in
            let names = try await h.client.lookup(.names, "", size: 5)
            #expect(names.count == 5 && names.allSatisfy { $0.detail.contains("ORCID") })
            let byFunder = try await h.client.lookup(.awards, "", size: 100)
            #expect(byFunder.count >= 5 && byFunder.allSatisfy { $0.id.contains("::") })
        }
    }
}

extension LookupCommandTests {
    /// `metadata --add-grant`: a grant named as people know it is looked up and added as the entry
    /// Zenodo takes back (`ROR::number`); one that is not there is refused with the nearest.
    @Test func aGrantIsAddedByItsFundersAcronymOrRefusedWithTheNearest() async throws {
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        try await Harness.with { h in
            let env = h.commandEnvironment(state: state)
            let draft = try await h.client.createDeposition(metadata: DepositionMetadata())
            let added = try await Binary.run(
                ["metadata", String(draft.id), "--add-grant", "EC::283595", "--yes"], environment: env)
            #expect(added.status == 0, "\(added.stderr)")
            #expect(added.stderr.contains("OpenAIREplus"))
            // Read back, the legacy view gives the funder as its DOI (FUNDER_ROR_TO_DOI).
            let saved = try await h.client.deposition(draft.id)
            #expect(
                saved.metadata.raw["grants"] == [["id": "10.13039/501100000780::283595"]],
                "\(saved.metadata.raw["grants"] ?? .null)")
            let missing = try await Binary.run(
                ["metadata", String(draft.id), "--add-grant", "EC::999999", "--yes"], environment: env)
            #expect(
                missing.status == 5 && missing.stderr.contains("has no award 999999 of European Commission"),
                "\(missing.stderr)")
            #expect(missing.stderr.contains("nearest: 00k4n6c32::"))
            let nobody = try await Binary.run(
                ["metadata", String(draft.id), "--add-grant", "Nobody Foundation::1", "--yes"], environment: env)
            #expect(
                nobody.status == 5 && nobody.stderr.contains("knows no funder 'Nobody Foundation'"), "\(nobody.stderr)")
        }
    }
}
