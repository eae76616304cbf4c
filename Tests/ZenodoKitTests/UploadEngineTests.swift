import Foundation
import TestSupport
import Testing

@testable import ZenodoKit

/// The upload engine against LocalZenodo's faults, over real HTTP, with instant recorded backoffs.
@Suite struct UploadEngineTests {
    static func files(_ count: Int, size: Int = 300_000, in directory: URL? = nil) throws -> [LocalFile] {
        let directory = try directory ?? TempFile.directory()
        return try (1...count).map { n in
            var data = Data(count: size)
            data[0] = UInt8(n)
            data[size - 1] = UInt8(n * 3 % 256)
            let url = directory.appendingPathComponent("file\(n).bin")
            try data.write(to: url)
            return FileScanner.scan([url.path], keyRule: .refuse).files[0]
        }
    }

    static func options(parallel: Int = 3) -> TransferBudget {
        var options = TransferBudget()
        options.parallel = parallel
        options.retry = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05, jitter: { 0 })
        options.retry.retriesIntegrity = true
        options.chunkSize = 64 * 1024
        return options
    }

    /// Runs a batch into a new draft; returns the events, the final progress and the draft.
    static func upload(
        _ h: Harness, _ files: [LocalFile], options: TransferBudget = options(), journals: JournalStore? = nil,
        into existing: Deposition? = nil
    ) async throws -> (events: [TransferEvent], result: BatchProgress, deposition: Deposition) {
        var draftID = existing?.id
        if draftID == nil { draftID = try await h.client.createDeposition().id }
        let draft = try await h.client.deposition(draftID!)
        let journal = UploadJournal(server: h.client.profile.apiURL, depositionID: draft.id, files: files)
        let engine = UploadEngine(client: h.client, options: options, journals: journals)
        var events: [TransferEvent] = []
        for await event in engine.events(
            UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: draft.files, journal: journal))
        {
            events.append(event)
        }
        guard case .finished(let result) = events.last else { throw ZenodoError(.unexpected, "no finished event") }
        return (events, result, try await h.client.deposition(draft.id))
    }

    @Test func parallelBatchVerifiesEveryFileAndReportsProgress() async throws {
        try await Harness.with { h in
            let files = try Self.files(5)
            let (events, result, deposition) = try await Self.upload(h, files)
            #expect(result.succeeded)
            #expect(result.verified == 5)
            #expect(result.doneBytes == result.totalBytes)
            #expect(deposition.files.count == 5)
            #expect(events.filter { if case .verified = $0 { true } else { false } }.count == 5)
            #expect(events.contains { if case .progress = $0 { true } else { false } })
            #expect(events.contains { if case .verifying = $0 { true } else { false } })
            for file in files {
                let remote = deposition.files.first { $0.filename == file.key }
                #expect(remote?.md5 == (try LocalDigest.md5(of: file.url)))
            }
        }
    }

    @Test func aConnectionDroppedMidFileIsRetriedAndVerified() async throws {
        try await Harness.with { h in
            try await h.inject(
                #"{"method":"PUT","path":"/api/files/*/file1.bin","action":"drop","after_bytes":100000}"#)
            let (events, result, _) = try await Self.upload(h, try Self.files(2))
            #expect(result.succeeded)
            let retries = events.compactMap { event -> String? in
                if case .retrying(let key, let attempt, let max, _, let reason) = event {
                    return "\(key) \(attempt)/\(max) \(reason)"
                }
                return nil
            }
            #expect(retries.count == 1)
            #expect(retries.first?.hasPrefix("file1.bin 2/4") == true)
        }
    }

    @Test func unavailableTwiceThenSuccess() async throws {
        try await Harness.with { h in
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","action":"status","status":503,"times":2}"#)
            let (_, result, _) = try await Self.upload(h, try Self.files(1), options: Self.options(parallel: 1))
            #expect(result.succeeded)
            #expect(h.sleeps.all == [0.005, 0.01])
        }
    }

    @Test func tooManyRequestsHonoursRetryAfterInSecondsAndAsADate() async throws {
        try await Harness.with { h in
            try await h.inject(
                #"{"method":"PUT","path":"/api/files/*/file1.bin","action":"status","status":429,"retry_after":3}"#)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            // The engine reads the client's clock (the harness's, standing still): exact waits.
            let date = formatter.string(from: h.sleeps.now.addingTimeInterval(150))
            try await h.inject(
                #"{"method":"PUT","path":"/api/files/*/file2.bin","action":"status","status":429,"retry_after_date":"\#(date)"}"#
            )
            let (events, result, _) = try await Self.upload(h, try Self.files(2), options: Self.options(parallel: 1))
            #expect(result.succeeded)
            let delays = events.compactMap { event -> Double? in
                if case .retrying(_, _, _, let delay, _) = event { return delay }
                return nil
            }
            // file2's date was 150 s ahead when file1's 3 s wait began: 147 s are left after it.
            #expect(delays == [3, 147], "the wait runs to the date, not the short backoff")
            // The pacer paused for the same waits on the same clock: nothing more is waited (with
            // two clocks, the pacer still saw the pause after the recorded retry and paced again).
            #expect(h.sleeps.all == [3, 147], "\(h.sleeps.all)")
        }
    }

    /// A retry's wait stopped from outside (the interface's `Esc` on its retry gate) stops the
    /// transfer: the file stays pending for a resume; it is not failed.
    @Test func aRetryWaitStoppedFromOutsideLeavesTheFilePending() async throws {
        try await Harness.with { h in
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","action":"status","status":503,"times":5}"#)
            let stopping = ZenodoClient(
                profile: h.client.profile, credentials: h.client.credentials, transport: h.transport,
                clock: RetryClock(
                    now: { Date() }, sleep: { _ in throw ZenodoError(.refused, "stopped retrying at your request") }))
            let draft = try await h.client.createDeposition()
            let files = try Self.files(1)
            let journal = UploadJournal(server: h.client.profile.apiURL, depositionID: draft.id, files: files)
            let engine = UploadEngine(client: stopping, options: Self.options(parallel: 1), journals: nil)
            var events: [TransferEvent] = []
            for await event in engine.events(
                UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: [], journal: journal))
            {
                events.append(event)
            }
            guard case .finished(let result)? = events.last else {
                Issue.record("no finished event: \(events)")
                return
            }
            #expect(result.failed == 0 && result.remaining == 1, "pending, not failed: \(result)")
            #expect(!events.contains { if case .failed = $0 { true } else { false } })
        }
    }

    /// One budget for all parallel transfers, on the client's clock: a 429's pause holds every
    /// transfer for exactly what is left of it, and nothing once the clock has passed it.
    @Test func thePacerPausesEveryTransferOnTheClientsClock() async {
        let clock = SleepRecorder()
        let pacer = RequestPacer(reserve: 1, now: { clock.now })
        await pacer.pause(for: 7)
        #expect(await pacer.wait(snapshot: nil) == 7)
        clock.record(3)
        #expect(await pacer.wait(snapshot: nil) == 4, "what is left of the pause, for every transfer")
        clock.record(4)
        #expect(await pacer.wait(snapshot: nil) == nil)
    }

    @Test func aWrongChecksumIsRetriedAndFailsClearlyIfItPersists() async throws {
        try await Harness.with { h in
            try await h.inject(#"{"method":"PUT","path":"/api/files/*/file1.bin","action":"wrong_checksum","times":1}"#)
            let once = try await Self.upload(h, try Self.files(1))
            #expect(once.result.succeeded)
            try await h.inject(
                #"{"method":"PUT","path":"/api/files/*/file1.bin","action":"wrong_checksum","times":10}"#)
            let always = try await Self.upload(h, try Self.files(1))
            #expect(always.result.failed == 1)
            let reason = always.events.compactMap { event -> String? in
                if case .failed(_, let reason) = event { return reason }
                return nil
            }.first
            #expect(reason?.contains("checksum mismatch for file1.bin") == true)
        }
    }

    @Test func aStalledServerTimesOutAndIsRetried() async throws {
        try await Harness.with { h in
            let draft = try await h.client.deposition(try await h.client.createDeposition().id)
            // 3 s: long enough that the retried, unstalled PUTs of a small file never time out on a
            // machine busy twice over (a 1 s timeout did), short beside the stall.
            let transport = HTTPTransport(environment: [:], forHost: "127.0.0.1", idleTimeout: 3)
            let client = ZenodoClient(
                profile: h.profile, credentials: Credentials(token: Harness.token, source: .explicit),
                transport: transport,
                sleep: { _ in })
            // Four times the idle timeout, so that a slow, busy machine still sees it time out.
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","action":"stall","seconds":12}"#)
            let engine = UploadEngine(client: client, options: Self.options(), journals: nil)
            let journal = UploadJournal(server: h.profile.apiURL, depositionID: draft.id, files: try Self.files(1))
            var events: [TransferEvent] = []
            for await event in engine.events(
                UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: [], journal: journal))
            {
                events.append(event)
            }
            await transport.shutdown()
            #expect(events.contains { if case .verified = $0 { true } else { false } })
            // A stalled server stops reading the body or never answers: a write or a read timeout,
            // depending on how much the sockets buffered.
            let reasons = events.compactMap { event -> String? in
                if case .retrying(_, _, _, _, let reason) = event { return reason }
                return nil
            }
            #expect(reasons.contains { $0.contains("read timeout") || $0.contains("write timeout") }, "\(reasons)")
        }
    }

    @Test func aFileChangedDuringItsUploadFailsAndNothingTornIsStored() async throws {
        try await Harness.with { h in
            let file = try Self.files(1, size: 4 * 1024 * 1024)[0]
            let draft = try await h.client.deposition(try await h.client.createDeposition().id)
            let error = await #expect(throws: ZenodoError.self) {
                _ = try await h.client.upload(file: file.url, bucketURL: draft.bucketURL!, chunkSize: 64 * 1024) {
                    sent in
                    if sent == 64 * 1024 {
                        let handle = try! FileHandle(forWritingTo: file.url)
                        handle.seek(toFileOffset: 1000)
                        handle.write(Data("changed".utf8))
                        try! handle.close()
                    }
                }
            }
            #expect(error?.kind == .localFile)
            #expect(error?.message.contains("changed while it was being uploaded") == true)
            #expect(try await h.client.files(of: draft.id).isEmpty, "the server stored nothing")
        }
    }

    @Test func identicalFilesAreSkippedAndTheJournalRecordsEveryState() async throws {
        try await Harness.with { h in
            let directory = try TempFile.directory()
            let journals = JournalStore(directory: directory.appendingPathComponent("journals"))
            let files = try Self.files(3)
            let first = try await Self.upload(h, files, journals: journals)
            #expect(first.result.verified == 3)
            let saved = try journals.load(
                try #require(try FileManager.default.contentsOfDirectory(atPath: journals.directory.path).first)
                    .replacingOccurrences(of: ".json", with: ""))
            #expect(saved.entries.allSatisfy { $0.state == .verified && $0.md5 != nil })
            let again = try await Self.upload(h, files, into: first.deposition)
            #expect(again.result.skipped == 3)
            #expect(h.requests(matching: "PUT").count == 3, "nothing was sent twice")
        }
    }

    @Test func cancellingTheBatchStopsTransfersAndLeavesFilesPending() async throws {
        try await Harness.with { h in
            // Every PUT stalls 2 s: had cancellation not stopped the transfers, they would finish verified.
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","action":"stall","seconds":2,"times":10}"#)
            let directory = try TempFile.directory()
            let journals = JournalStore(directory: directory)
            let files = try Self.files(2)
            let draft = try await h.client.deposition(try await h.client.createDeposition().id)
            let journal = UploadJournal(server: h.client.profile.apiURL, depositionID: draft.id, files: files)
            let engine = UploadEngine(client: h.client, options: Self.options(), journals: journals)
            // Cancel once a transfer has started (no blind sleep).
            let (started, signal) = AsyncStream.makeStream(of: Void.self)
            let task = Task {
                await engine.run(
                    UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: [], journal: journal)
                ) { event in
                    if case .started = event { signal.yield() }
                }
            }
            for await _ in started { break }
            task.cancel()
            let result = await task.value
            #expect(result.verified == 0, "cancelled before the stalled server answered")
            let saved = try journals.load(journal.id)
            #expect(saved.entries.allSatisfy { $0.state == .pending })
            #expect(journals.unfinished(server: h.client.profile.apiURL).map(\.id) == [journal.id])
        }
    }
}

@Suite struct PreflightTests {
    static func deposition(state: String = "unsubmitted", files: [(String, Int64)] = []) throws -> Deposition {
        try Deposition(json: [
            "id": 7, "state": .string(state), "submitted": .bool(state != "unsubmitted"), "metadata": [:],
            "files": .array(
                files.map {
                    ["id": .string($0.0), "filename": .string($0.0), "filesize": .int(Int($0.1)), "checksum": ""]
                }),
        ])
    }

    static func file(_ key: String, size: Int64 = 10, path: String? = nil) -> LocalFile {
        LocalFile(path: path ?? "/data/\(key)", key: key, size: size, modified: Date())
    }

    @Test func everyProblemIsReportedTogether() throws {
        let problems = Preflight.problems(
            files: [
                Self.file("a.csv", size: 0), Self.file("b.csv"), Self.file("b.csv", path: "/other/b.csv"),
                Self.file(String(repeating: "x", count: 256)),
            ],
            deposition: try Self.deposition())
        #expect(problems.count == 3)
        #expect(problems.contains { $0.message.contains("empty") })
        #expect(problems.contains { $0.message.contains("same name 'b.csv'") })
        #expect(problems.contains { $0.message.contains("256 characters") })
    }

    @Test func limitsCountWhatIsAlreadyThere() throws {
        let existing = (1...99).map { ("old\($0)", Int64(1)) }
        let twoMore = Preflight.problems(
            files: [Self.file("n1"), Self.file("n2")], deposition: try Self.deposition(files: existing))
        #expect(
            twoMore.map(\.message) == [
                "the deposition would have 101 files (99 already there); Zenodo allows 100 (--pack zip sends a directory as one archive)"
            ])
        let replacing = Preflight.problems(
            files: [Self.file("old1"), Self.file("n1")], deposition: try Self.deposition(files: existing))
        #expect(replacing.isEmpty, "a replaced file does not count twice")
        let quota = Preflight.problems(
            files: [Self.file("big", size: 600)], deposition: try Self.deposition(files: [("a", 500)]),
            limits: DepositionLimits(maxFiles: 100, quota: 1000))
        #expect(quota.count == 1)
        #expect(quota[0].message.hasPrefix("the deposition would hold 1.1 kB, 100 B more than its quota of 1 kB"))
        let published = Preflight.problems(files: [Self.file("a")], deposition: try Self.deposition(state: "done"))
        #expect(published.first?.message.contains("locked") == true)
    }

    @Test func scanningFlattensOrRefusesSubdirectoriesAndReportsMissingPaths() throws {
        let root = try TempFile.directory()
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("raw/2024"), withIntermediateDirectories: true)
        try Data("a".utf8).write(to: root.appendingPathComponent("top.csv"))
        try Data("b".utf8).write(to: root.appendingPathComponent("raw/2024/deep.csv"))
        let refused = FileScanner.scan([root.path, "/no/such/path"], keyRule: .refuse)
        #expect(refused.files.map(\.key) == ["top.csv"])
        #expect(refused.problems.count == 2)
        // One line for the tree's files in folders: how many, where, and what --flatten names them.
        #expect(
            refused.problems.contains {
                $0.subject == root.path
                    && $0.message.hasPrefix(
                        "1 of its 2 files (1 B) are in 1 folder (raw/2024/ 1): Zenodo has no folders "
                            + "(its keys cannot contain '/'); --flatten names them folder__file "
                            + "(raw/2024/deep.csv → raw__2024__deep.csv); --pack zip sends one ")
                    && $0.message.contains("archive, \(root.lastPathComponent).zip, of all 2 files")
                    && $0.message.hasSuffix(
                        "--pack-per-dir sends 1 archive (raw.zip 381 B (1 file)) and the 1 file at the top as it is")
            }, "\(refused.problems)")
        let flattened = FileScanner.scan([root.path], keyRule: .flatten)
        #expect(flattened.files.map(\.key) == ["raw__2024__deep.csv", "top.csv"])
        #expect(flattened.problems.isEmpty)
        let nfd = root.appendingPathComponent("Cafe\u{301}.txt")
        try Data("c".utf8).write(to: nfd)
        #expect(FileScanner.scan([nfd.path], keyRule: .refuse).files[0].key == "Caf\u{E9}.txt", "keys are NFC")
    }

    @Test func syncPlanSortsFilesByNameSizeAndMD5() {
        let local = [
            Self.file("new.csv"), Self.file("same.csv"), Self.file("edited.csv"), Self.file("resized.csv", size: 11),
        ]
        let remote = [
            DepositionFile(id: "1", filename: "same.csv", size: 10, md5: "aaa"),
            DepositionFile(id: "2", filename: "edited.csv", size: 10, md5: "bbb"),
            DepositionFile(id: "3", filename: "resized.csv", size: 10, md5: "ccc"),
            DepositionFile(id: "4", filename: "gone.csv", size: 10, md5: "ddd"),
        ]
        #expect(SyncPlan.keysNeedingMD5(local: local, remote: remote).map(\.key) == ["same.csv", "edited.csv"])
        let plan = SyncPlan.make(local: local, localMD5: ["same.csv": "aaa", "edited.csv": "zzz"], remote: remote)
        #expect(plan.new.map(\.key) == ["new.csv"])
        #expect(plan.changed.map(\.key) == ["edited.csv", "resized.csv"])
        #expect(plan.identical.map(\.key) == ["same.csv"])
        #expect(plan.onlyRemote.map(\.filename) == ["gone.csv"])
    }

    @Test func rateMeterSmoothsAndEstimates() {
        var meter = RateMeter(window: 2)
        meter.add(bytes: 0, at: 0)
        meter.add(bytes: 1000, at: 1)
        #expect(meter.bytesPerSecond == 1000)
        meter.add(bytes: 4000, at: 2)
        #expect(meter.bytesPerSecond == 2000, "half way to the new rate after half a window")
        #expect(meter.eta(remaining: 4000) == 2)
    }
}

extension UploadEngineTests {
    /// A file that vanishes between the scan and its upload fails alone, in words, and is not
    /// retried; the others are verified (issue 14).
    @Test func aFileThatVanishesAfterTheScanFailsAloneInWords() async throws {
        try await Harness.with { h in
            let files = try Self.files(3)
            try FileManager.default.removeItem(at: files[1].url)
            let (events, result, deposition) = try await Self.upload(h, files)
            #expect(result.verified == 2 && result.failed == 1)
            let reason = events.compactMap { event -> String? in
                if case .failed(let key, let reason) = event, key == files[1].key { return reason }
                return nil
            }.first
            #expect(reason?.contains("cannot read") == true, "\(reason ?? "no failure")")
            #expect(
                !events.contains { if case .retrying(files[1].key, _, _, _, _) = $0 { true } else { false } },
                "not retried")
            #expect(Set(deposition.files.map(\.filename)) == [files[0].key, files[2].key])
        }
    }
}
