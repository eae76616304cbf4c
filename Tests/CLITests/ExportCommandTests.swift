import Foundation
import LocalZenodo
import MetadataFiles
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// A record's metadata out in every format (issue 33): the real binary against LocalZenodo.
/// `.zenodo.json` and `CITATION.cff` read back through the import to what was written; BibTeX,
/// CSL JSON, DataCite JSON and citations come from the server's serializers, a style it does not
/// know said in its words.
@Suite struct ExportCommandTests {
    static func with(_ body: (Harness, [String: String], Deposition) async throws -> Void) async throws {
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        try await Harness.with { h in
            var metadata = DepositionMetadata()
            metadata.title = "Mass balance of 12 Alpine glaciers, 2000–2024"
            metadata.uploadType = "dataset"
            metadata.description = "Annual mass balance & more, 50% faster."
            metadata.creators = [
                Person(name: "Müller, Anna", affiliation: "ETH Zürich", orcid: "0000-0002-1825-0097"),
                Person(name: "Roe, Richard"),
            ]
            metadata.raw["keywords"] = ["glacier", "mass balance"]
            metadata.raw["version"] = "1.10"
            metadata.raw["license"] = "cc-by-4.0"
            metadata.raw["publication_date"] = "2024-03-05"
            metadata.raw["related_identifiers"] = [
                ["identifier": "https://github.com/lab/glaciers", "relation": "isSupplementTo"]
            ]
            let draft = try await h.client.createDeposition(metadata: metadata)
            let file = try TempFile.make(name: "data.csv", content: Data("a\n".utf8))
            defer { TempFile.remove(file) }
            _ = try await h.client.upload(file: file, bucketURL: draft.bucketURL!)
            let record = try await h.client.publish(draft.id)
            try await body(h, h.commandEnvironment(state: state), record)
        }
    }

    @Test func zenodoJSONAndCitationFileReadBackToWhatWasWritten() async throws {
        try await Self.with { h, env, record in
            let dir = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let json = try await Binary.run(
                ["export", String(record.id), "--format", "zenodo-json", "--output", dir.path], environment: env)
            #expect(json.status == 0, "\(json.stderr)")
            let fields = try MetadataFile.load(dir.appendingPathComponent(".zenodo.json"))
            let written = try #require(try await h.client.deposition(record.id)).metadata.raw
            for key in ["title", "creators", "description", "keywords", "version", "license", "publication_date"] {
                #expect(fields[key] == written[key], "\(key)")
            }
            #expect(fields["doi"] == nil, "the DOI is the server's")

            let cff = try await Binary.run(
                ["export", String(record.id), "--format", "cff", "--output", dir.path], environment: env)
            #expect(cff.status == 0, "\(cff.stderr)")
            let back = try MetadataFile.load(dir.appendingPathComponent("CITATION.cff"))
            #expect(back["title"] == written["title"])
            #expect(back["creators"]?.array?.count == 2)
            #expect(back["creators"]?.array?.first?["name"]?.string == "Müller, Anna")
            #expect(back["creators"]?.array?.first?["orcid"]?.string == "0000-0002-1825-0097")
            #expect(back["version"]?.string == "1.10", "a version is text, not the number 1.1")
            #expect(back["publication_date"] == written["publication_date"])
            #expect(back["license"] == written["license"])
            #expect(back["keywords"] == written["keywords"])
            #expect(back["doi"]?.string == record.doi)
            #expect(
                back["related_identifiers"]?.array?.first?["identifier"]?.string == "https://github.com/lab/glaciers")
        }
    }

    @Test func theServersFormatsComeThroughAndAnUnknownStyleIsItsNo() async throws {
        try await Self.with { h, env, record in
            let bib = try await Binary.run(["export", String(record.id), "--format", "bibtex"], environment: env)
            #expect(bib.status == 0, "\(bib.stderr)")
            #expect(bib.stdout.hasPrefix("@dataset{muller_2024_\(record.id),"), "\(bib.stdout)")
            #expect(bib.stdout.contains("author       = {Müller, Anna and"), "\(bib.stdout)")
            #expect(bib.stdout.contains("year         = 2024,") && bib.stdout.contains("month        = mar,"))
            #expect(bib.stdout.contains("doi          = {\(record.doi ?? "?")}"))
            let csl = try await Binary.run(["export", String(record.id), "--format", "csl-json"], environment: env)
            let parsed = try JSONValue.decode(Data(csl.stdout.utf8))
            #expect(
                parsed["type"]?.string == "dataset" && parsed["author"]?.array?.first?["family"]?.string == "Müller")
            let datacite = try await Binary.run(
                ["export", String(record.id), "--format", "datacite-json"], environment: env)
            #expect(
                try JSONValue.decode(Data(datacite.stdout.utf8))["types"]?["resourceTypeGeneral"]?.string == "Dataset")
            let apa = try await Binary.run(["export", String(record.id), "--format", "apa"], environment: env)
            #expect(apa.stdout.hasPrefix("Müller, A., & Roe, R. (2024)."), "\(apa.stdout)")
            let unknown = try await Binary.run(["export", String(record.id), "--format", "nature"], environment: env)
            #expect(
                unknown.status != 0 && unknown.stderr.contains("Citation string style not found"), "\(unknown.stderr)")
            let bad = try await Binary.run(["export", String(record.id), "--format", "x y"], environment: env)
            #expect(bad.status == 2)
        }
    }
}
