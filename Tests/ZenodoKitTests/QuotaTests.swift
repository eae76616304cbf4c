import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing

@testable import ZenodoKit

/// A record's quota and its self-service increase (issue 30): LocalZenodo imitates
/// invenio-rdm-records' `quota-increase` route and policy; ZenodoKit asks for it and says what to
/// do where it is refused or missing. The default quota is made 1 MB here so that a few MB exceed it.
@Suite struct QuotaTests {
    static func small(_ configuration: inout LocalZenodoConfiguration) {
        configuration.limits.quota = 1_000_000
    }

    static func file(_ size: Int) throws -> URL {
        try TempFile.make(name: "data.bin", content: Data(repeating: 3, count: size))
    }

    @Test func theOwnerRaisesTheQuotaAndTheRecordTakesMore() async throws {
        try await Harness.with(configure: Self.small) { h in
            let draft = try await h.client.createDeposition()
            let file = try Self.file(3_000_000)
            defer { TempFile.remove(file) }
            await #expect(throws: ZenodoError.self) {
                _ = try await h.client.upload(file: file, bucketURL: draft.bucketURL!)
            }
            let raised = try await h.client.increaseQuota(of: draft.id, toGigabytes: 1)
            #expect(raised == 1_000_000_000)
            let uploaded = try await h.client.upload(file: file, bucketURL: draft.bucketURL!)
            #expect(uploaded.size == 3_000_000)
            // The request as the server answers it: accepted at once, the payload a string of GB.
            let again = try await Curlish.postJSON(
                "\(h.server.apiURL)/records/\(draft.id)/quota-increase", ["quota_size": "2"])
            #expect(again["type"]?.string == "quota-increase" && again["status"]?.string == "accepted")
            #expect(again["payload"]?["quota_size"]?.string == "2")
        }
    }

    @Test func theServerRefusesWhatThePolicyRefusesAndTheClientSaysWhatToDo() async throws {
        try await Harness.with(configure: {
            Self.small(&$0)
            $0.limits.maxAdditionalQuota = 2_000_000_000
        }) { h in
            let first = try await h.client.createDeposition()
            let second = try await h.client.createDeposition()
            _ = try await h.client.increaseQuota(of: first.id, toGigabytes: 2)
            // The user's 2 GB of additional storage are spent on the first record.
            do {
                _ = try await h.client.increaseQuota(of: second.id, toGigabytes: 2)
                Issue.record("the second increase went through")
            } catch let error as ZenodoError {
                #expect(error.kind == .validation && error.status == 403)
                #expect(error.message.contains("refused to raise deposition \(second.id)'s quota to 2 GB"))
                #expect(error.message.contains("Ask its support, or split the dataset across records"))
            }
            // Raising the first again to what it has is allowed (its own extra counts back).
            #expect(try await h.client.increaseQuota(of: first.id, toGigabytes: 2) == 2_000_000_000)
            // Only the owner may ask.
            let other = ZenodoClient(
                profile: h.profile, credentials: Credentials(token: Harness.otherToken, source: .explicit),
                transport: h.transport)
            await #expect(throws: ZenodoError.self) { _ = try await other.increaseQuota(of: first.id, toGigabytes: 1) }
            // The payload's quota_size is a string (marshmallow String): a number is refused.
            let number = try await Curlish.postJSON(
                "\(h.server.apiURL)/records/\(first.id)/quota-increase", ["quota_size": 1])
            #expect(number["status"]?.int == 400, "\(number)")
        }
    }

    /// InvenioRDM's own default: the immediate increase is off, and the route answers 403.
    @Test func aRepositoryWithoutTheSelfServiceIncreaseIsSaidInWords() async throws {
        try await Harness.with(configure: { $0.flavor = .inveniordm }) { h in
            let draft = try await Curlish.postJSON("\(h.server.apiURL)/records", [:])
            let id = try #require(draft["id"]?.string.flatMap(Int.init))
            #expect(draft["links"]?["quota_increase"]?.string == "\(h.server.apiURL)/records/\(id)/quota-increase")
            do {
                _ = try await h.client.increaseQuota(of: id, toGigabytes: 60)
                Issue.record("raised on a repository that has it off")
            } catch let error as ZenodoError {
                #expect(error.status == 403 && error.message.contains("its self-service increase is off"))
            }
        }
    }

    @Test func theNeedIsSaidInDecimalGigabytesWithTheIncreaseThatHoldsIt() throws {
        let draft = try Deposition(json: ["id": 7, "state": "unsubmitted", "submitted": false, "files": []])
        let files = [
            LocalFile(path: "/d/a.zip", key: "a.zip", size: 182_300_000_000, modified: Date()),
            LocalFile(path: "/d/b.txt", key: "b.txt", size: 10, modified: Date()),
        ]
        let need = try #require(RecordQuota.need(files: files, deposition: draft, quota: RecordQuota.defaultQuota))
        #expect(need.gigabytes == 183 && need.selfService)
        #expect(need.over == 132_300_000_010)
        #expect(
            need.explanation.hasPrefix(
                "the deposition would hold 182.3 GB, 132.3 GB more than its quota of 50 GB: --request-quota raises this record's quota to 183 GB"
            ), "\(need.explanation)")
        let huge = [LocalFile(path: "/d/x", key: "x", size: 250_000_000_000, modified: Date())]
        let beyond = try #require(RecordQuota.need(files: huge, deposition: draft, quota: RecordQuota.defaultQuota))
        #expect(
            !beyond.selfService && beyond.explanation.contains("beyond what the self-service increase gives (200 GB"))
        #expect(RecordQuota.need(files: [files[1]], deposition: draft, quota: RecordQuota.defaultQuota) == nil)
        #expect(ByteFormat.decimal(50_000_000_000) == "50 GB" && ByteFormat.decimal(1_234) == "1.2 kB")
        // Pre-flight says it, instead of "bytes; Zenodo allows".
        let problems = Preflight.problems(files: files, deposition: draft)
        #expect(problems.contains { $0.message.contains("--request-quota raises this record's quota to 183 GB") })
    }
}
