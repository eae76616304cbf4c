import Foundation
import MetadataFiles
import TestScratch
import TestSupport
import Testing

@testable import ZenodoKit

/// The publishing pieces: checklist, ORCID, diff, assignments, .zenodo.json, and the commands.
@Suite struct PublishingTests {
    @Test func orcidChecksums() {
        #expect(ORCID.isValid("0000-0002-1825-0097"))
        #expect(ORCID.isValid("https://orcid.org/0000-0001-5109-3700"))
        #expect(ORCID.isValid("0000-0002-1694-233X"))
        #expect(!ORCID.isValid("0000-0002-1825-0098"))
        #expect(!ORCID.isValid("0000-0002-1825"))
    }

    @Test func checklistFindsWhatZenodoWouldRefuseAndUnfinishedUploads() throws {
        let draft = try Deposition(json: [
            "id": 5, "state": "unsubmitted", "submitted": false,
            "metadata": [
                "title": "ab", "creators": [["name": "Doe, J", "orcid": "0000-0002-1825-0098"]],
                "access_right": "embargoed",
                "embargo_date": "2001-01-01", "upload_type": "publication",
            ],
            "files": [],
        ])
        let fields = Set(PublishChecklist.check(draft, unfinishedUploads: 2).problems.map(\.field))
        #expect(fields == ["publication_type", "title", "creators[0].orcid", "embargo_date", "files", "uploads"])
        let good = try Deposition(json: [
            "id": 6, "state": "unsubmitted",
            "metadata": ["title": "Good data", "upload_type": "dataset", "creators": [["name": "Doe, Jane"]]],
            "files": [["id": "f", "filename": "a.csv", "filesize": 3, "checksum": "9e107d9d372bb6826bd81d3542a419d6"]],
        ])
        #expect(PublishChecklist.check(good).passed)
    }

    @Test func listsOfPeopleAreDiffedItemByItem() {
        let people = (0..<50).map { Person(name: "Author \($0)", affiliation: "Lab") }
        var old = DepositionMetadata()
        old.creators = people
        var new = old
        var changed = people
        changed.insert(Person(name: "Doe, Jane", orcid: "0000-0002-1825-0097"), at: 10)
        changed[30].affiliation = "Other lab"
        changed.remove(at: 45)
        new.creators = changed
        #expect(
            MetadataDiff(old: old, new: new).lines == [
                "+ creators[10]: Doe, Jane (ORCID 0000-0002-1825-0097)",
                "- creators[29]: Author 29 (Lab)",
                "+ creators[30]: Author 29 (Other lab)",
                "- creators[44]: Author 44 (Lab)",
            ])
        // Thousands of authors: only the changed part is compared.
        var big = DepositionMetadata()
        big.creators = (0..<5000).map { Person(name: "P\($0)") }
        var bigger = big
        var authors = big.creators
        authors[2500].name = "Changed"
        bigger.creators = authors
        #expect(MetadataDiff(old: big, new: bigger).lines == ["- creators[2500]: P2500", "+ creators[2500]: Changed"])
        var none = DepositionMetadata()
        none.title = "T"
        var first = none
        first.creators = [Person(name: "Doe, Jane")]
        #expect(MetadataDiff(old: none, new: first).lines == ["+ creators: Doe, Jane"], "a new list is shown whole")
    }

    @Test func publicationDatesAreTheEDTFFormsZenodoTakes() {
        for good in ["2024", "2024-05", "2024-05-31", "2023/2024", "2024-01-01/2024-06-30", "2024-02-29"] {
            #expect(ZenodoDate.isPublicationDate(good), "\(good)")
        }
        for bad in [
            "24", "2024-13", "2024-02-30", "2023-02-29", "May 2024", "2024/", "2024-5-1", "2024-05-31T00:00:00",
        ] {
            #expect(!ZenodoDate.isPublicationDate(bad), "\(bad)")
        }
    }

    @Test func theLicenseIsCheckedAgainstTheServersListWithAliases() throws {
        let server = [
            License(id: "cc-by-4.0", title: ""), License(id: "cc0-1.0", title: ""), License(id: "mit", title: ""),
        ]
        func check(_ license: String) throws -> Bool {
            let deposition = try Deposition(json: [
                "id": 6, "state": "unsubmitted",
                "metadata": [
                    "title": "Good data", "upload_type": "dataset", "creators": [["name": "Doe, Jane"]],
                    "license": .string(license),
                ],
                "files": [
                    ["id": "f", "filename": "a.csv", "filesize": 3, "checksum": "9e107d9d372bb6826bd81d3542a419d6"]
                ],
            ])
            let checklist = PublishChecklist.check(deposition, licenses: server)
            #expect(
                PublishChecklist.check(deposition, licenses: nil).passed == (LegacyLicences.rdmID(license) != nil),
                "without the server's list, Zenodo's own rules decide")
            return checklist.passed
        }
        #expect(try check("CC-BY-4.0"))
        #expect(try check("cc-zero"), "Zenodo reads CC0 back as cc-zero; its vocabulary calls it cc0-1.0")
        #expect(try check("mit-license"))
        #expect(try !check("cc-by-9"))
        #expect(try check("MIT"), "any case")
        #expect(try !check("cc-by-nc"), "Zenodo refuses the bare alias")
    }

    @Test func diffAndAssignments() throws {
        let old = DepositionMetadata(raw: ["title": "Old", "keywords": ["a"], "custom": ["x": 1]])
        var new = old
        try MetadataAssignment.apply("title=New title", to: &new)
        try MetadataAssignment.apply("keywords=ice, snow", to: &new)
        try MetadataAssignment.apply("creators=Müller, Anna@ETH Zürich#0000-0002-1825-0097; 李, 娜", to: &new)
        #expect(new.creators.map(\.name) == ["Müller, Anna", "李, 娜"])
        #expect(new.creators[0].affiliation == "ETH Zürich")
        #expect(new.creators[0].orcid == "0000-0002-1825-0097")
        let diff = MetadataDiff(old: old, new: new)
        #expect(diff.changes.map(\.field) == ["creators", "keywords", "title"])
        #expect(diff.lines.contains("- title: Old"))
        #expect(diff.lines.contains("+ title: New title"))
        #expect(new.raw["custom"] == ["x": 1], "untouched fields stay")
        #expect(throws: ZenodoError.self) { try MetadataAssignment.apply("colour=blue", to: &new) }
        #expect(throws: ZenodoError.self) { try MetadataAssignment.apply("title", to: &new) }
    }

    /// Creators as Zenodo's JSON (what scripts copy from the API's documentation) are people, not
    /// one person named after the text; JSON that is not a list of named people is refused.
    @Test func peopleAsZenodosJSON() throws {
        var metadata = DepositionMetadata(raw: ["title": "T"])
        try MetadataAssignment.apply(
            #"creators=[{"name":"Joensen, Rói","orcid":"0000-0002-1825-0097"},{"name":"Doe, Jane","affiliation":"CERN"}]"#,
            to: &metadata)
        #expect(metadata.creators.map(\.name) == ["Joensen, Rói", "Doe, Jane"])
        #expect(metadata.creators[0].orcid == "0000-0002-1825-0097")
        #expect(metadata.creators[1].affiliation == "CERN")
        try MetadataAssignment.apply(#"contributors= {"name":"Roe, Rick","type":"DataCurator"} "#, to: &metadata)
        #expect(metadata.contributors.map(\.name) == ["Roe, Rick"])
        #expect(metadata.contributors[0].type == "DataCurator")
        for bad in [
            #"[{"name":"Doe, Jane"}"#, #"[{"affiliation":"CERN"}]"#, #"[{"name":""}]"#, #"["Doe, Jane"]"#, "{}", "[]x",
        ] {
            let before = metadata
            #expect(throws: ZenodoError.self, "\(bad)") {
                try MetadataAssignment.apply("creators=\(bad)", to: &metadata)
            }
            #expect(metadata == before, "nothing changed by \(bad)")
        }
        // The short form: blank entries (a trailing `;`) are no one.
        try MetadataAssignment.apply("creators=Doe, Jane@CERN; ;", to: &metadata)
        #expect(metadata.creators == [Person(name: "Doe, Jane", affiliation: "CERN")])
    }

    /// The fields with no short form take Zenodo's JSON (our own advice for a single date is
    /// `--set 'dates=[…]'`, which stored the text as a string Zenodo refuses); lists take JSON too;
    /// thesis supervisors are people.
    @Test func structuredFieldsAsJSON() throws {
        var metadata = DepositionMetadata(raw: [
            "title": "T", "upload_type": "publication", "publication_type": "thesis",
        ])
        try MetadataAssignment.apply(
            #"dates=[{"start":"2024-05-01","end":"2024-05-31","type":"Collected"}]"#, to: &metadata)
        #expect(metadata["dates"] == [["start": "2024-05-01", "end": "2024-05-31", "type": "Collected"]])
        try MetadataAssignment.apply(
            #"related_identifiers=[{"identifier":"10.1234/x","relation":"isSupplementTo"}]"#, to: &metadata)
        #expect(metadata.relatedIdentifiers == [RelatedIdentifier(identifier: "10.1234/x", relation: "isSupplementTo")])
        try MetadataAssignment.apply(#"custom={"dwc:family":["Felidae"]}"#, to: &metadata)
        #expect(metadata["custom"] == ["dwc:family": ["Felidae"]])
        try MetadataAssignment.apply("thesis_supervisors=Roe, Rick@ETH Zürich; Poe, Pat", to: &metadata)
        #expect(
            metadata["thesis_supervisors"] == [
                ["name": "Roe, Rick", "affiliation": "ETH Zürich"], ["name": "Poe, Pat"],
            ])
        try MetadataAssignment.apply(#"keywords=["ice, sheet", "snow"]"#, to: &metadata)
        #expect(metadata["keywords"] == ["ice, sheet", "snow"], "a JSON list keeps commas inside its items")
        try MetadataAssignment.apply("references=[1] Doe, J. (2020), [2] Roe, R.", to: &metadata)
        #expect(
            metadata["references"] == ["[1] Doe", "J. (2020)", "[2] Roe", "R."],
            "not JSON: the comma-separated list it always was")
        try MetadataAssignment.apply(#"communities=[{"identifier":"glaciology"},"zenodo"]"#, to: &metadata)
        #expect(metadata.communities == ["glaciology", "zenodo"])
        for bad in [
            "dates=2024-05-01", #"dates={"start":"2024"}"#, "related_identifiers=10.1234/x", #"custom=["x"]"#,
            "subjects=[{",
        ] {
            let before = metadata
            let error = #expect(throws: ZenodoError.self, "\(bad)") { try MetadataAssignment.apply(bad, to: &metadata) }
            #expect(metadata == before, "nothing changed by \(bad)")
            let field = String(bad.prefix { $0 != "=" })
            #expect(
                error?.description.contains(try #require(MetadataAssignment.jsonExamples[field])) == true,
                "the example is the field's own: \(String(describing: error))")
        }
        try MetadataAssignment.apply("dates=", to: &metadata)
        #expect(metadata["dates"] == nil, "an empty value removes the field")
    }

    @Test func zenodoJSONFilesAreReadStrictly() throws {
        let good = try TempFile.make(
            name: ".zenodo.json",
            content: Data(#"{"title":"From file","upload_type":"dataset","creators":[{"name":"Doe, Jane"}]}"#.utf8))
        let merged = MetadataFile.merge(try MetadataFile.load(good), into: DepositionMetadata(raw: ["version": "1"]))
        #expect(merged.title == "From file")
        #expect(merged.version == "1")
        let broken = try TempFile.make(name: "bad.zenodo.json", content: Data("{title:".utf8))
        #expect(throws: ZenodoError.self) { try MetadataFile.load(broken) }
        let unknown = try TempFile.make(name: "u.zenodo.json", content: Data(#"{"titel":"typo"}"#.utf8))
        let error = #expect(throws: ZenodoError.self) { try MetadataFile.load(unknown) }
        #expect(error?.message.contains("titel") == true)
    }

    @Test func savingMergesWithChangesMadeMeanwhileAndStopsOnTheSameField() async throws {
        try await Harness.with { h in
            var start = DepositionMetadata()
            start.title = "Start"
            let id = try await h.client.createDeposition(metadata: start).id
            let base = try await h.client.deposition(id).metadata
            var theirs = base
            theirs.keywords = ["theirs"]
            _ = try await h.client.updateMetadata(id, theirs)
            var mine = base
            mine.version = "2.0"
            guard case .saved(let saved, let kept) = try await h.client.saveMetadata(id, mine, basedOn: base) else {
                Issue.record("no merge")
                return
            }
            #expect(kept == ["keywords"])
            #expect(saved.metadata.version == "2.0" && saved.metadata.keywords == ["theirs"])

            var again = saved.metadata
            again.title = "Theirs"
            _ = try await h.client.updateMetadata(id, again)
            var clash = saved.metadata
            clash.title = "Mine"
            guard
                case .conflict(let current, let merge) = try await h.client.saveMetadata(
                    id, clash, basedOn: saved.metadata)
            else {
                Issue.record("no conflict")
                return
            }
            #expect(merge.conflicts == ["title"])
            #expect(current.metadata.title == "Theirs")
            #expect(try await h.client.deposition(id).metadata.title == "Theirs", "nothing saved")
        }
    }

    @Test func commandsCreateSetMetadataPublishNewVersionAndRefuseWithoutYesOrInReadOnly() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            let env = [
                "ZENODO_SERVER": h.server.apiURL, "ZENODO_TOKEN": Harness.token, "HOME": state.path,
                "XDG_STATE_HOME": state.path,
            ]
            let meta = try TempFile.make(
                name: ".zenodo.json", content: Data(#"{"title":"Scripted dataset","upload_type":"dataset"}"#.utf8))
            let created = try await Binary.run(["create", "--from", meta.path, "--json"], environment: env)
            #expect(created.status == 0, "\(created.stderr)")
            let id = try #require(try JSONValue.decode(Data(created.stdout.utf8))["id"]?.int)

            let noYes = try await Binary.run(
                ["metadata", String(id), "--set", "creators=Doe, Jane@CERN"], environment: env)
            #expect(noYes.status == 1)
            #expect(noYes.stdout.contains("+ creators:"), "the diff is printed first")
            #expect(noYes.stderr.contains("pass --yes"))
            let set = try await Binary.run(
                ["metadata", String(id), "--set", "creators=Doe, Jane@CERN", "--set", "version=1.0", "--yes"],
                environment: env)
            #expect(set.status == 0, "\(set.stderr)")
            #expect(try await h.client.deposition(id).metadata.creators.first?.affiliation == "CERN")

            let checklist = try await Binary.run(["publish", String(id), "--yes"], environment: env)
            #expect(checklist.status == 5, "no file yet")
            #expect(checklist.stdout.contains("FIX  files: at least one file is needed"))
            _ = try await h.client.upload(
                file: try TempFile.make(name: "d.csv", content: Data("1".utf8)),
                bucketURL: try await h.client.deposition(id).bucketURL!)
            let refused = try await Binary.run(["publish", String(id)], environment: env)
            #expect(refused.status == 1, "off a terminal publish needs --yes")
            #expect(try await h.client.deposition(id).state == .unsubmitted)
            let readOnly = try await Binary.run(
                ["publish", String(id), "--yes"], environment: env.merging(["ZENODO_READ_ONLY": "1"]) { $1 })
            #expect(readOnly.status == 1)
            #expect(readOnly.stderr.contains("read-only mode"))
            let published = try await Binary.run(["publish", String(id), "--yes"], environment: env)
            #expect(published.status == 0, "\(published.stdout)\(published.stderr)")
            #expect(published.stdout.contains("Published: DOI 10.5281/zenodo.\(id)"))

            let newVersion = try await Binary.run(["new-version", String(id), "--json"], environment: env)
            let draft = try #require(try JSONValue.decode(Data(newVersion.stdout.utf8))["id"]?.int)
            #expect(draft != id)
            let again = try await Binary.run(["new-version", String(id), "--json"], environment: env)
            #expect(try JSONValue.decode(Data(again.stdout.utf8))["id"]?.int == draft, "the pending draft is reused")

            let edit = try await Binary.run(["edit", String(id)], environment: env)
            #expect(edit.status == 0)
            #expect(try await Binary.run(["discard", String(id), "--yes"], environment: env).status == 0)
            #expect(try await h.client.deposition(id).state == .done)
            let deletePublished = try await Binary.run(["delete", String(id), "--yes"], environment: env)
            #expect(deletePublished.status == 1)
            #expect(try await Binary.run(["delete", String(draft), "--yes"], environment: env).status == 0)
            #expect(
                try await Binary.run(
                    ["upload", String(id), meta.path], environment: env.merging(["ZENODO_READ_ONLY": "1"]) { $1 }
                ).status == 1)
        }
    }
}

@Suite struct CitationFileTests {
    @Test func citationFileFormatMapsToZenodoMetadata() throws {
        let cff = """
            cff-version: 1.2.0
            message: If you use this software, please cite it as below.
            title: Glacier toolkit
            version: 2.1.0
            date-released: 2024-05-01
            license: MIT
            abstract: Tools for mass balance.
            keywords: [glaciers, python]
            repository-code: https://github.com/example/glacier-toolkit
            authors:
              - family-names: Müller
                given-names: Anna
                affiliation: ETH Zürich
                orcid: https://orcid.org/0000-0002-1825-0097
              - name: The Glacier Group
            """
        let m = try CitationFile.metadata(fromYAML: cff)
        #expect(m["title"] == "Glacier toolkit")
        #expect(m["upload_type"] == "software")
        #expect(m["version"] == "2.1.0")
        #expect(m["publication_date"] == "2024-05-01")
        #expect(m["license"] == "mit")
        #expect(m["keywords"] == ["glaciers", "python"])
        #expect(
            m["creators"]?.array?.first == [
                "name": "Müller, Anna", "affiliation": "ETH Zürich", "orcid": "0000-0002-1825-0097",
            ])
        #expect(m["creators"]?.array?.last?["name"] == "The Glacier Group")
        #expect(m["related_identifiers"]?.array?.first?["relation"] == "isSupplementTo")
    }

    @Test func malformedCitationFilesSayWhatIsWrong() {
        let noTitle = #expect(throws: ZenodoError.self) {
            _ = try CitationFile.metadata(fromYAML: "cff-version: 1.2.0\nauthors: [{name: X}]\n")
        }
        #expect(noTitle?.message.contains("no title") == true)
        let noAuthors = #expect(throws: ZenodoError.self) { _ = try CitationFile.metadata(fromYAML: "title: T\n") }
        #expect(noAuthors?.message.contains("no authors") == true)
        let broken = #expect(throws: ZenodoError.self) { _ = try CitationFile.metadata(fromYAML: "title: [unclosed\n") }
        #expect(broken?.message.contains("not valid YAML") == true)
        // Keys that are not text made Yams trap (the whole program ended): found by fuzzing.
        for yaml in ["title: T\n? [a, b]: x\n", "f f:\n? on:  1.2", "title: T\nauthors:\n  - ? {a: b}\n    : c\n"] {
            let keyed = #expect(throws: ZenodoError.self) { _ = try CitationFile.metadata(fromYAML: yaml) }
            #expect(keyed?.message.contains("a key that is not text") == true, "\(yaml): \(keyed?.message ?? "")")
        }
    }
}
