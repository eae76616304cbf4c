import Foundation
import TestSupport
import Testing
import ZenodoKit

/// ZenodoKit reads every real Zenodo body that is a deposition, file, bucket object, record, list
/// or error, and keeps every field it does not model.
@Suite struct SampleDecodingTests {
    @Test(arguments: ["01-deposit-create-empty.json", "02-deposit-newversion.json"])
    func depositionsDecodeLosslessly(_ name: String) throws {
        let json = try Sample.json(name)
        let deposition = try Deposition(json: json)
        #expect(deposition.id == json["id"]?.int)
        #expect(deposition.metadata.json == json["metadata"], "metadata kept whole, unknown keys included")
        #expect(deposition.files.count == json["files"]?.array?.count)
        #expect(deposition.links.count == json["links"]?.object?.count)
    }

    @Test func anEmptyDraftHasNoDateOrLicenceAndItsReservedDOI() throws {
        let deposition = try Deposition(json: try Sample.json("01-deposit-create-empty.json"))
        #expect(deposition.metadata.publicationDate == nil && deposition.metadata.license == nil)
        #expect(deposition.doiToRegister(testDOIs: false) == "10.5281/zenodo.10358181")
        #expect(deposition.doiToRegister(testDOIs: true) == "10.5072/zenodo.10358181")
    }

    @Test func theSandboxListItemWithNullAffiliationsDecodes() throws {
        let list = try #require(try Sample.json("22-deposit-list-sandbox.json").array)
        let deposition = try Deposition(json: list[0])
        #expect(deposition.metadata.creators.map(\.name) == ["A. Person", "B. Person"])
        #expect(deposition.metadata.creators.allSatisfy { $0.affiliation == nil }, "affiliation: null")
        #expect(deposition.bucketURL == nil, "list items have no bucket link")
        #expect(
            deposition.metadata.raw["creators"]?.array?.first?["affiliation"] == JSONValue.null,
            "null kept for the round trip")
    }

    @Test func fileListingsWithFloatSizesDecode() throws {
        let files = try #require(try Sample.json("03-deposit-files-list.json").array)
        let decoded = try files.map { try DepositionFile(json: $0) }
        #expect(decoded.count == 21)
        #expect(decoded[0].size == 762000, "762000.0 read as bytes")
        #expect(decoded.allSatisfy { $0.md5?.count == 32 })
        let published = try #require(try Sample.json("21-deposit-get-published-files-fragment.json")["files"]?.array)
        let file = try DepositionFile(json: published[0])
        #expect(file.selfURL?.contains("/api/records/") == true)
    }

    /// Zenodo's `LegacyFileSchema` dumps a file whose upload never completed with `"id": null` and
    /// the checksum it was declared with (sample 07 is such an entry through the native API).
    @Test func aPendingFileInTheListingDecodesAndIsNeverTakenAsUploaded() throws {
        let pending = try #require(try Sample.json("07-rdm-draft-files-init.json")["entries"]?.array?.first)
        let listed: JSONValue = .object([
            "id": .null, "filename": pending["key"]!, "filesize": .double(3738),
            "checksum": .string("7e479156b3545479cefae3e95c42ddbf"), "links": .object([:]),
        ])
        let file = try DepositionFile(json: listed)
        #expect(file.isPending)
        #expect(file.filename == "pattern-1_v1.0.0.cwl" && file.size == 3738)
        let complete = try DepositionFile(
            json: try #require(try Sample.json("03-deposit-files-list.json").array?.first))
        #expect(!complete.isPending)
        #expect(throws: DecodingFailure.self) { try DepositionFile(json: .object(["id": .null])) }
    }

    @Test(arguments: ["04-bucket-put-file.json", "23-bucket-put-file-sandbox.json"])
    func bucketObjectsDecode(_ name: String) throws {
        let json = try Sample.json(name)
        let object = try BucketObject(json: json)
        #expect(object.key == json["key"]?.string)
        #expect(object.md5?.count == 32 && json["checksum"]?.string == "md5:" + (object.md5 ?? ""))
    }

    @Test(arguments: [
        "05-rdm-records-create-draft.json", "10-rdm-draft-update.json", "11-rdm-draft-publish.json",
        "12-rdm-records-new-version.json",
    ])
    func zenodoJSONRecordsDecode(_ name: String) throws {
        let json = try Sample.json(name)
        let record = try Record(json: json)
        #expect(record.id == json["id"]?.int)
        #expect(record.raw == json, "the whole body kept")
        #expect(record.files.count == json["files"]?.array?.count)
    }

    @Test func aSearchPageWithTheOldIntegerOwnersDecodes() throws {
        let page = try Sample.json("13-records-search-zenodojson.json")
        let hits = try #require(page["hits"]?["hits"]?.array)
        let records = try hits.map { try Record(json: $0) }
        #expect(records.count == 10)
        #expect(records.allSatisfy { !$0.title.isEmpty })
        #expect(records.flatMap(\.files).allSatisfy { $0.md5?.count == 32 }, "bare MD5 in this early shape")
    }

    @Test func sandboxRecordsShowTheTestDOI() throws {
        let record = try Record(json: try Sample.json("11-rdm-draft-publish.json"))
        #expect(record.doi == "10.5072/zenodo.346365")
        #expect(record.conceptDOI == "10.5072/zenodo.346364")
    }
}
