import Foundation
import TestSupport
import Testing
import ZenodoVocabularies

@testable import ZenodoKit

/// ZenodoKit against LocalZenodo behaving as Zenodo does: what the client predicts before sending
/// is what the server does, and what Zenodo would refuse or lose is refused before a byte leaves.
@Suite struct FidelityClientTests {
    /// Every id Zenodo's data names, and ids it refuses: the client's verdict equals the server's
    /// answer, and the read-back id is the one predicted.
    @Test func licenceVerdictsMatchTheServerForEveryID() async throws {
        try await Harness.with { h in
            var draft = try await h.client.createDeposition(metadata: DepositionMetadata(raw: ["title": "Licences"]))
            var inputs = Set(LicenseTables.legacyToRDM.map(\.from))
            inputs.formUnion(LicenseTables.aliases.map(\.from))
            inputs.formUnion(LicenseTables.vocabulary.map(\.id))
            inputs.formUnion(LicenseTables.vocabulary.prefix(40).map { $0.id.uppercased() })
            inputs.formUnion([
                "cc-by-nc", "cc0", "bsd", "odbl", "gpl", "FAL", "fal", "gfdl", "creative-commons", " MIT ",
            ])
            var mismatches: [String] = []
            for input in inputs.sorted() {
                var metadata = DepositionMetadata(raw: ["title": "Licences"])
                metadata.license = input
                do {
                    draft = try await h.client.putMetadata(draft.id, metadata)
                    switch LegacyLicences.verdict(input) {
                    case .accepted(_, let readsBackAs) where draft.metadata.license == readsBackAs: break
                    case .titleOnly where draft.metadata.license == nil: break
                    default: mismatches.append("\(input): server took it as \(draft.metadata.license ?? "nothing")")
                    }
                } catch let error as ZenodoError where error.status == 400 {
                    if case .refused = LegacyLicences.verdict(input) {
                    } else {
                        mismatches.append("\(input): server refused it")
                    }
                }
            }
            #expect(mismatches == [])
            #expect(inputs.count > 560, "every legacy id, alias and vocabulary id")
        }
    }

    @Test func refusedLicencesAreNamedWithTheNearestIDs() {
        #expect(LegacyLicences.suggestions(for: "cc-by-nc").first == "cc-by-nc-4.0")
        #expect(LegacyLicences.suggestions(for: "cc0").first == "cc0-1.0")
        #expect(LegacyLicences.suggestions(for: "cc0").count == 3)
        #expect(LegacyLicences.suggestions(for: "odbl").first == "odbl-1.0")
        #expect(
            LegacyLicences.suggestions(for: "bsd").contains("bsd-3-clause")
                || LegacyLicences.suggestions(for: "bsd").contains("bsd-2-clause"))
        #expect(LegacyLicences.problem("cc-by-nc")?.contains("nearest: cc-by-nc-4.0") == true)
        #expect(LegacyLicences.problem("mit") == nil && LegacyLicences.problem("MIT-License") == nil)
        #expect(LegacyLicences.same("mit", "mit-license") && LegacyLicences.same("CC0-1.0", "cc-zero"))
        #expect(!LegacyLicences.same("mit", "apache-2.0"))
        #expect(LegacyLicences.vocabulary.count == 444)
    }

    @Test func aLicenceZenodoRefusesIsRefusedBeforeSending() async throws {
        try await Harness.with { h in
            let draft = try await h.client.createDeposition()
            var metadata = try await h.client.deposition(draft.id).metadata
            metadata.license = "cc-by-nc"
            let puts = h.requests(matching: "PUT ").count
            let error = await #expect(throws: ZenodoError.self) {
                _ = try await h.client.updateMetadata(draft.id, metadata)
            }
            #expect(error?.fieldErrors.first?.field == "license")
            #expect(error?.description.contains("nearest: cc-by-nc-4.0") == true)
            #expect(h.requests(matching: "PUT ").count == puts, "nothing sent")
        }
    }

    /// A single date comes back without its value; saving the record again would send an entry
    /// Zenodo refuses (or, dropped, delete the date): refused before sending, saying what to do.
    @Test func aRecordWithASingleDateIsNotSavedBlindly() async throws {
        try await Harness.with { h in
            var metadata = DepositionMetadata(raw: ["title": "Dated", "upload_type": "dataset"])
            metadata["dates"] = [["start": "2024-05-01", "end": "2024-05-01", "type": "Collected"]]
            #expect(LegacySaveCheck.warnings(metadata).first?.contains("will not show it again") == true)
            let created = try await h.client.createDeposition(metadata: metadata)
            var read = try await h.client.deposition(created.id).metadata
            #expect(read["dates"] == [["type": "collected"]], "Zenodo drops the single date on read")
            read.title = "Dated, edited"
            let puts = h.requests(matching: "PUT ").count
            let error = await #expect(throws: ZenodoError.self) {
                _ = try await h.client.updateMetadata(created.id, read)
            }
            #expect(error?.kind == .validation)
            #expect(error?.fieldErrors.map(\.field) == ["dates[0]"])
            #expect(error?.description.contains("does not show single dates") == true)
            #expect(error?.description.contains("--set 'dates=") == true)
            #expect(h.requests(matching: "PUT ").count == puts, "nothing sent")
            #expect(
                try await h.client.deposition(created.id).metadata.title == "Dated", "nothing changed on the server")

            // Given again, it saves; Zenodo's own answer to the blind save is its 400.
            read["dates"] = [["start": "2024-05-01", "end": "2024-05-01", "type": "collected"]]
            #expect(try await h.client.updateMetadata(created.id, read).metadata.title == "Dated, edited")
            read["dates"] = [["type": "collected"]]
            let blind = await #expect(throws: ZenodoError.self) { _ = try await h.client.putMetadata(created.id, read) }
            #expect(blind?.status == 400)
            #expect(blind?.fieldErrors.first?.messages == ["Invalid date provided."])
        }
    }

    @Test func aBareFourHundredGetsTheSuspectedField() async throws {
        try await Harness.with { h in
            let draft = try await h.client.createDeposition()
            var metadata = try await h.client.deposition(draft.id).metadata
            metadata.relatedIdentifiers = [RelatedIdentifier(identifier: "10.1234/x", relation: "isFriendOf")]
            let refused = await #expect(throws: ZenodoError.self) {
                _ = try await h.client.updateMetadata(draft.id, metadata)
            }
            #expect(refused?.fieldErrors.first?.field == "related_identifiers[0].relation", "refused before sending")
            // Sent anyway: Zenodo answers "Invalid value isfriendof." naming no field; the client names it.
            let sent = await #expect(throws: ZenodoError.self) {
                _ = try await h.client.putMetadata(draft.id, metadata)
            }
            #expect(sent?.serverMessage == "Invalid value isfriendof.")
            #expect(sent?.fieldErrors.first?.field == "related_identifiers[0].relation")
            #expect(sent?.message.contains("Zenodo named no field") == true)
        }
    }

    @Test func aConceptIDReadsTheLatestVersion() async throws {
        try await Harness.with { h in
            let first = try await h.published(title: "First")
            let concept = try #require(first.conceptRecordID.flatMap(Int.init))
            let record = try await h.client.record(concept)
            #expect(record.id == first.id, "the redirect is followed on the same server")
        }
    }

    @Test func sandboxDOIsAreShownAsRegisteredAndNeverSentBack() async throws {
        try await Harness.with(configure: { $0.flavor = .sandbox }) { h in
            let draft = try await h.client.deposition(try await h.client.createDeposition().id)
            #expect(draft.metadata.prereservedDOI == "10.5281/zenodo.\(draft.id)")
            #expect(draft.doiToRegister(testDOIs: true) == "10.5072/zenodo.\(draft.id)")
            let published = try await h.published(title: "Sandbox")
            #expect(published.doi == "10.5072/zenodo.\(published.id)")
            // Editing the published record: the metadata read back carries the assigned DOI; it is not sent.
            let editing = try await h.client.edit(published.id)
            var metadata = editing.metadata
            #expect(metadata.doi == "10.5072/zenodo.\(published.id)")
            metadata.title = "Sandbox, revised"
            _ = try await h.client.updateMetadata(published.id, metadata)
            #expect(LegacySaveCheck.outgoing(metadata).doi == nil)
            var external = metadata
            external.doi = "10.1234/own.doi"
            #expect(LegacySaveCheck.outgoing(external).doi == "10.1234/own.doi", "a DOI the user brought is kept")
        }
    }
}
