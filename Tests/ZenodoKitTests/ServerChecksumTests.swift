import Crypto
import Foundation
import LocalZenodo
import MultipartETag
import Synchronization
import TestScratch
import TestSupport
import Testing

@testable import ZenodoKit

/// A multipart commit on InvenioRDM computes no MD5 (issue 27): the client waits for the server's
/// hash, or compares S3's ETag, and never calls verified what the server did not confirm.
@Suite struct ServerChecksumTests {
    final class Notices: Sendable {
        let all = Mutex<[RetryNotice]>([])
        var told: @Sendable (RetryNotice) -> Void { { notice in self.all.withLock { $0.append(notice) } } }
    }

    static func client(_ h: Harness, onRetry: (@Sendable (RetryNotice) -> Void)? = nil) -> ZenodoClient {
        var profile = h.client.profile
        profile.api = .rdm
        return ZenodoClient(
            profile: profile, credentials: h.client.credentials, transport: h.transport, retry: h.client.retry,
            onRetry: onRetry,
            clock: h.sleeps.clock)
    }

    static func plan() -> PartPlan { PartPlan(partSize: 1 << 20, done: [], record: { _ in }, reset: {}) }

    /// A batch of one file sent in 1 MiB parts through the engine into a new draft: its result, the
    /// events, the journal's store and id, the draft.
    struct PartedBatch {
        var result: BatchProgress
        var events: [TransferEvent]
        var journals: JournalStore
        var journalID: String
        var draft: Deposition
        var options: TransferBudget
    }

    static func partedBatch(_ h: Harness, _ client: ZenodoClient, file: LocalFile, in directory: URL) async throws
        -> PartedBatch
    {
        let draft = try await client.createDeposition()
        var options = UploadEngineTests.options(parallel: 1)
        options.partSize = 1 << 20
        let journals = JournalStore(directory: directory.appendingPathComponent("uploads"))
        let journal = UploadJournal(server: h.profile.apiURL, depositionID: draft.id, files: [file])
        let events = Mutex<[TransferEvent]>([])
        let result = await UploadEngine(client: client, options: options, journals: journals)
            .run(UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: [], journal: journal)) {
                event in
                events.withLock { $0.append(event) }
            }
        return PartedBatch(
            result: result, events: events.withLock { $0 }, journals: journals, journalID: journal.id, draft: draft,
            options: options)
    }

    @Test func aNullChecksumAtCommitIsWaitedForUntilTheServersMD5() async throws {
        try await Harness.with(configure: {
            $0.flavor = .inveniordm
            $0.multipartChecksumDelay = 0.3
        }) { h in
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let notices = Notices()
            var profile = h.client.profile
            profile.api = .rdm
            // The real clock: the wait must outlast LocalZenodo's real 0.3 s.
            let client = ZenodoClient(
                profile: profile, credentials: h.client.credentials, transport: h.transport, onRetry: notices.told)
            let draft = try await client.createDeposition()
            let file = try MultipartTests.bigFile(directory, size: 3 << 20)
            let uploaded = try await client.upload(file: file.url, bucketURL: draft.bucketURL!, parts: Self.plan())
            #expect(uploaded.verifiedByServer)
            #expect(uploaded.md5 == (try LocalDigest.md5(of: file.url)))
            #expect(
                notices.all.withLock { $0 }.contains { $0.reason.contains("waiting for the server's checksum") },
                "the wait is shown")
        }
    }

    @Test func anS3ETagAtCommitIsComparedWithTheOneComputedLocally() async throws {
        try await Harness.with(configure: {
            $0.flavor = .inveniordm
            $0.multipartChecksum = .s3
            $0.multipartChecksumDelay = 3600
        }) { h in
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let client = Self.client(h)
            let draft = try await client.createDeposition()
            let file = try MultipartTests.bigFile(directory, size: 3 << 20 + 12345)
            let uploaded = try await client.upload(file: file.url, bucketURL: draft.bucketURL!, parts: Self.plan())
            #expect(uploaded.verifiedByServer, "S3's ETag of the stored parts equals the local one")
            let reads = h.server.accessLog.all().filter {
                $0.method == "GET" && $0.target.contains("/draft/files/big.bin")
            }
            #expect(reads.isEmpty, "no waiting: the ETag speaks of the bytes")
        }
    }

    @Test func noChecksumEverIsArrivedNotVerifiedAndTheJournalSaysSo() async throws {
        try await Harness.with(configure: {
            $0.flavor = .inveniordm
            $0.multipartChecksum = .never
        }) { h in
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let client = Self.client(h)
            let file = try MultipartTests.bigFile(directory, size: 2 << 20 + 1)
            let batch = try await Self.partedBatch(h, client, file: file, in: directory)
            #expect(batch.result.verified == 0 && batch.result.unverified == 1 && batch.result.failed == 0)
            #expect(batch.events.contains(.arrived(key: "big.bin", md5: try LocalDigest.md5(of: file.url))))
            #expect(
                try batch.journals.load(batch.journalID).entries[0].state == .arrived,
                "not verified: publish waits for it")
            let waited = h.sleeps.all.reduce(0, +)
            #expect(waited >= 30 && waited <= 31, "the bound: 30 s and a second per 50 MB, told in waits: \(waited)")
        }
    }

    @Test func anArrivedFileIsVerifiedByTheResumeOnceTheServerHashedIt() async throws {
        // The server's clock is moved on by hand: its MD5 shows only once the test says so.
        let later = Mutex<Double>(0)
        try await Harness.with(configure: {
            $0.flavor = .inveniordm
            $0.multipartChecksumDelay = 3600
            $0.clock = { Date() + later.withLock { $0 } }
        }) { h in
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            // The recorder's clock: the client's 30 s of patience pass at once.
            let client = Self.client(h)
            let file = try MultipartTests.bigFile(directory, size: 2 << 20 + 3)
            let first = try await Self.partedBatch(h, client, file: file, in: directory)
            let draft = first.draft
            #expect(first.result.unverified == 1)
            later.withLock { $0 = 7200 }
            #expect(try await client.files(of: draft.id).first?.md5 != nil, "the server has hashed it now")
            let saved = try first.journals.load(first.journalID)
            let second = await UploadEngine(client: client, options: first.options, journals: first.journals)
                .run(
                    UploadBatch(
                        depositionID: draft.id, bucketURL: draft.bucketURL!,
                        existing: try await client.files(of: draft.id), journal: saved)
                ) { _ in }
            #expect(second.skipped == 1 && second.unverified == 0, "compared with the server's MD5 now, not sent again")
            #expect(try first.journals.load(first.journalID).entries[0].state == .verified)
        }
    }

    @Test func theMultipartETagIsS3s() throws {
        var data = Data(count: 2500)
        for i in data.indices { data[i] = UInt8(i % 251) }
        var digests = Data()
        for part in 0..<3 {
            digests.append(
                contentsOf: Insecure.MD5.hash(data: data.subdata(in: part * 1000..<min((part + 1) * 1000, 2500))))
        }
        let expected = Insecure.MD5.hash(data: digests).map { String(format: "%02x", $0) }.joined() + "-3"
        var whole = MultipartETag(partSize: 1000)
        whole.update(data)
        #expect(whole.finalize() == expected)
        var pieces = MultipartETag(partSize: 1000)
        for start in stride(from: 0, to: 2500, by: 333) {
            pieces.update(data.subdata(in: start..<min(start + 333, 2500)))
        }
        #expect(pieces.invenioChecksum() == "multipart:\(expected)-1000", "fed in pieces across part boundaries")
        #expect(MultipartETag.parse("multipart:\(expected)-1000")! == (expected, 1000))
        #expect(MultipartETag.parse("md5:\(String(repeating: "0", count: 32))") == nil)
        #expect(ServerChecksum(.null) == .none)
    }

    @Test func uploadExitsTenWhenAFileArrivedUnverified() async throws {
        try await Harness.with(configure: {
            $0.flavor = .inveniordm
            $0.multipartChecksum = .never
        }) { h in
            let state = try TempFile.directory()
            let data = try TempFile.directory()
            defer { for d in [state, data] { try? FileManager.default.removeItem(at: d) } }
            _ = try MultipartTests.bigFile(data, size: 2 << 20 + 7)
            let draft = try await Self.client(h).createDeposition()
            var env = h.commandEnvironment(state: state)
            env["ZENODO_TUI_PART_SIZE"] = String(1 << 20)
            env["ZENODO_API"] = "rdm"
            let run = try await Binary.run(
                ["upload", String(draft.id), data.appendingPathComponent("big.bin").path, "--api", "rdm"],
                environment: env)
            #expect(run.status == 10, "arrived, not verified: \(run.stderr)")
            #expect(run.stderr.contains("arrived but was not verified by the server"), "\(run.stderr)")
            #expect(run.stdout.contains("ARRIVED   big.bin"), "\(run.stdout)")
            #expect(!run.stdout.contains("verified  big.bin"), "never called verified")
        }
    }
}

/// InvenioRDM answers a broken content PUT with 200 and `errors`, the pending file deleted (row A19).
@Suite struct BrokenTransferClientTests {
    @Test func aTwoHundredCarryingErrorsIsAFailedTransferAndTheFileStartsAgain() async throws {
        try await Harness.with(configure: { $0.flavor = .inveniordm }) { h in
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let client = ServerChecksumTests.client(h)
            let draft = try await client.createDeposition()
            try await h.inject(
                #"{"method":"PUT","path":"/api/records/*/draft/files/*/content","action":"break_transfer","times":1}"#)
            let url = directory.appendingPathComponent("data.csv")
            try Data("a,b\n1,2\n".utf8).write(to: url)
            let file = FileScanner.scan([url.path], keyRule: .refuse).files[0]
            let journals = JournalStore(directory: directory.appendingPathComponent("uploads"))
            let journal = UploadJournal(server: h.profile.apiURL, depositionID: draft.id, files: [file])
            let events = Mutex<[TransferEvent]>([])
            let result = await UploadEngine(
                client: client, options: UploadEngineTests.options(parallel: 1), journals: journals
            )
            .run(UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: [], journal: journal)) {
                event in
                events.withLock { $0.append(event) }
            }
            #expect(result.verified == 1, "verified on the second attempt")
            let retried = events.withLock { $0 }.contains { event in
                if case .retrying(_, _, _, _, let reason) = event {
                    return reason.contains("File upload transfer failed.")
                }
                return false
            }
            #expect(retried, "the 200 with errors was a failure, said in words")
            let inits = h.requests(matching: "/draft/files").filter { $0.hasPrefix("POST") && !$0.contains("/commit") }
            #expect(inits.count == 2, "init again, content, commit: \(inits)")
        }
    }
}

/// Metadata-only records where the instance allows them (`RDM_ALLOW_METADATA_ONLY_RECORDS`).
@Suite struct MetadataOnlyTests {
    @Test func anInvenioRDMTakesAMetadataOnlyRecordAndPublishesItWithoutFiles() async throws {
        try await Harness.with(configure: { $0.flavor = .inveniordm }) { h in
            let client = ServerChecksumTests.client(h)
            var metadata = DepositionMetadata()
            metadata.title = "A dataset held elsewhere"
            metadata.uploadType = "dataset"
            metadata.creators = [Person(name: "Doe, Jane")]
            let draft: Deposition
            do {
                draft = try await client.createDeposition(metadata: metadata, metadataOnly: true)
            } catch let error as ZenodoError {
                Issue.record("\(error.message) \(error.fieldErrors)")
                return
            }
            #expect(draft.isMetadataOnly)
            let checklist = PublishChecklist.check(try await client.deposition(draft.id))
            let fileItems = checklist.items.filter { $0.field == "files" }
            let allOK = fileItems.allSatisfy { $0.ok }
            #expect(allOK, "\(fileItems)")
            let published: Deposition
            do {
                published = try await client.publish(draft.id)
            } catch let error as ZenodoError {
                Issue.record("\(error.message) \(error.fieldErrors)")
                return
            }
            #expect(published.state == .done && published.files.isEmpty)
        }
    }

    @Test func zenodoRefusesInWordsAndLeavesNothingBehind() async throws {
        try await Harness.with { h in
            let rdm = ServerChecksumTests.client(h)
            let refused = await #expect(throws: ZenodoError.self) {
                _ = try await rdm.createDeposition(metadataOnly: true)
            }
            #expect(
                refused?.message.contains("does not allow metadata-only records") == true, "\(refused?.message ?? "")")
            #expect(
                refused?.message.contains("You don't have permissions to manage files options.") == true,
                "the server's words")
            #expect(
                try await rdm.depositions(DepositionQuery(), page: 1, size: 10).isEmpty,
                "the draft made on the way was discarded")
            let before = h.requests(matching: "POST").count
            let legacy = await #expect(throws: ZenodoError.self) {
                _ = try await h.client.createDeposition(metadataOnly: true)
            }
            #expect(legacy?.kind == .refused)
            #expect(h.requests(matching: "POST").count == before, "refused before asking")

            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let run = try await Binary.run(
                ["create", "--metadata-only"], environment: h.commandEnvironment(state: state))
            #expect(run.status != 0 && run.stderr.contains("does not allow metadata-only records"), "\(run.stderr)")
        }
    }
}
