import Foundation
import TestSupport
import Testing

@testable import ZenodoKit

/// Decoding hand-written fixtures in Zenodo's real shapes.
@Suite struct ModelDecodingTests {
    @Test func draftWithFiles() throws {
        let d = try Deposition(json: Fixture.json("deposition-draft"))
        #expect(d.id == 1_234_567)
        #expect(d.conceptRecordID == "1234566")
        #expect(d.state == .unsubmitted)
        #expect(d.status == .draft)
        #expect(d.metadata.prereservedDOI == "10.5281/zenodo.1234567")
        #expect(d.metadata.creators.first?.orcid == "0000-0002-1825-0097")
        #expect(d.files.first?.md5 == "9e107d9d372bb6826bd81d3542a419d6")
        #expect(d.files.first?.size == 48213)
        #expect(d.bucketURL == "https://zenodo.org/api/files/5b0e7a61-0c2d-4f9e-9a55-2d7d1c3f8a10")
        #expect(d.created.map { $0.timeIntervalSince1970 } == 1_772_446_542.123456)
    }

    @Test func publishedDepositionAndListPage() throws {
        let published = try Deposition(json: Fixture.json("deposition-published"))
        #expect(published.status == .published)
        #expect(published.doi == "10.5281/zenodo.1234567")
        #expect(!published.filesEditable)
        let page = try Fixture.json("deposition-list-page").array!.map { try Deposition(json: $0) }
        #expect(page.count == 2)
        #expect(page[0].bucketURL == nil, "list items carry no bucket link")
        #expect(page[0].created != nil, "timestamps without a fraction parse")
        #expect(page[1].title == "")
        #expect(page[1].status == .draft)
    }

    @Test func recordInZenodoJSON() throws {
        let record = try Record(json: Fixture.json("record"))
        #expect(record.id == 1_234_567)
        #expect(record.conceptRecordID == "1234566")
        #expect(record.files.first?.md5 == "9e107d9d372bb6826bd81d3542a419d6", "the md5: prefix is removed")
        #expect(record.files.first?.contentURL == "https://zenodo.org/api/records/1234567/files/readings.csv/content")
        #expect(record.resourceType == "dataset")
        #expect(record.license == "cc-zero")
        #expect(record.versionIndex == 0)
        #expect(record.isLatestVersion == true)
    }

    @Test func bucketObject() throws {
        let object = try BucketObject(json: Fixture.json("bucket-object"))
        #expect(object.key == "readings.csv")
        #expect(object.md5 == "9e107d9d372bb6826bd81d3542a419d6")
        #expect(object.size == 48213)
    }

    @Test func timestampsInEveryFormZenodoSends() {
        #expect(ZenodoDate.parse("2026-03-02T10:15:42.123456+00:00")?.timeIntervalSince1970 == 1_772_446_542.123456)
        #expect(ZenodoDate.parse("2026-03-02T10:15:42+00:00")?.timeIntervalSince1970 == 1_772_446_542)
        #expect(ZenodoDate.parse("2026-03-02T11:15:42+01:00")?.timeIntervalSince1970 == 1_772_446_542)
        #expect(ZenodoDate.parse("2026-03-02T10:15:42Z")?.timeIntervalSince1970 == 1_772_446_542)
        #expect(ZenodoDate.parse("2026-03-02") != nil)
        #expect(ZenodoDate.parse("yesterday") == nil)
        #expect(ZenodoDate.parse("2026-03-02T10:15:42+0000") == nil)
    }

    @Test func publishValidationErrorMapsFieldsToLegacyNames() {
        let error = ZenodoError.from(
            status: 400, contentType: "application/json", body: Fixture.data("publish-validation-error"),
            retryAfter: nil,
            server: "zenodo.org", tokenHint: "ZENODO_TOKEN")
        #expect(error.kind == .validation)
        #expect(error.fieldErrors.map(\.field) == ["creators", "upload_type", "files"])
        #expect(error.fieldErrors[2].messages.first?.hasPrefix("Missing uploaded files.") == true)
        #expect(FieldNames.legacy("metadata.creators.0.person_or_org.family_name") == "creators[0].name")
        #expect(FieldNames.legacy("metadata.rights") == "license")
        #expect(FieldNames.legacy("access.embargo.until") == "embargo_date")
        #expect(FieldNames.legacy("metadata.contributors.1.role") == "contributors[1].type")
    }

    @Test func anHTMLPageIsSummarisedNeverDumped() {
        let error = ZenodoError.from(
            status: 413, contentType: "text/html", body: Fixture.data("proxy-413", "html"), retryAfter: nil,
            server: "zenodo.org", tokenHint: "ZENODO_TOKEN")
        #expect(error.kind == .validation)
        #expect(error.message == "The request is too large for zenodo.org (413): 413 Request Entity Too Large")
        #expect(!error.description.contains("<"))
    }

    @Test func metadataKeepsFieldsItDoesNotModel() throws {
        let json: JSONValue = [
            "title": "Old", "custom": ["code:codeRepository": "https://example.org/repo"], "journal_title": "J",
            "locations": [["place": "Geneva", "lat": 46.2, "lon": 6.1]],
            "future_field": ["nested": [1, 2.5, true, nil]],
            "creators": [["name": "Doe, Jane", "gnd": "123", "future": "kept"]],
        ]
        var metadata = DepositionMetadata(raw: json.object!)
        metadata.title = "New"
        var expected = json
        expected["title"] = "New"
        #expect(metadata.json == expected)
        var creators = metadata.creators
        creators[0].affiliation = "CERN"
        metadata.creators = creators
        #expect(metadata.raw["creators"]?.array?.first?["future"] == "kept")
        #expect(metadata.raw["creators"]?.array?.first?["gnd"] == "123")
    }
}
