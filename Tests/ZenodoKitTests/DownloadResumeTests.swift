import Foundation
import Synchronization
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// Downloads that finish (issue 13): a cut-off download resumes with `Range` and fetches only the
/// rest, a server that ignores ranges still ends verified, a corrupted byte is caught.
@Suite struct DownloadResumeTests {
    static func payload(_ size: Int) -> Data { Data((0..<size).map { UInt8(($0 * 7) % 251) }) }

    /// Bytes LocalZenodo served for GETs of `key`.
    static func served(_ h: Harness, _ key: String) -> [Int] {
        h.server.accessLog.all().filter { $0.method == "GET" && $0.target.contains("/\(key)/content") }.compactMap(
            \.bytes)
    }

    @Test func aDownloadCutAtSixtyPercentResumesWithTheRestOnly() async throws {
        try await Harness.with { h in
            let data = Self.payload(1_000_000)
            let record = try await h.published(files: ["cut.bin": String(decoding: data, as: UTF8.self)])
            let file = try #require(try await h.client.record(record.id).files.first)
            let url = try #require(file.contentURL)
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let target = directory.appendingPathComponent("cut.bin")
            try await h.inject(
                #"{"method":"GET","path":"/api/records/*/files/cut.bin/content","action":"truncate","after_bytes":\#(file.size * 6 / 10)}"#
            )
            await #expect(throws: ZenodoError.self) {
                try await h.client.download(url, to: target, expectedMD5: file.md5)
            }
            #expect(!FileManager.default.fileExists(atPath: target.path), "nothing under the final name")
            let kept = try Data(contentsOf: directory.appendingPathComponent(".cut.bin.zenodo-tui-part")).count
            #expect(kept > 0 && kept <= Int(file.size * 6 / 10), "what arrived before the cut is kept: \(kept)")
            let md5 = try await h.client.download(url, to: target, expectedMD5: file.md5)
            #expect(md5 == file.md5)
            let requests = h.server.accessLog.all().filter {
                $0.method == "GET" && $0.target.contains("/cut.bin/content")
            }
            #expect(requests.map(\.status) == [200, 206], "the second asked for the rest")
            #expect(requests.last?.bytes == Int(file.size) - kept, "only the rest was served")
            #expect(try Data(contentsOf: target).count == Int(file.size))
        }
    }

    /// An anonymous download of many files paces itself by the server's rate-limit headers instead
    /// of running into 429s (Zenodo: 133 requests a minute for guests; here 4 in a 15 s window:
    /// wide enough that even a machine running the whole suite beside two CPU hogs makes three
    /// requests inside one window, where 6 s once was not).
    @Test func anAnonymousDownloadOfManyFilesWaitsForTheWindowInsteadOfBeingRefused() async throws {
        try await Harness.with(configure: {
            $0.anonymousRateLimit = 4
            $0.rateLimitWindow = 15
        }) { h in
            var files: [String: String] = [:]
            for n in 1...4 { files["part\(n).csv"] = String(repeating: "\(n),", count: 1000) }
            let record = try await h.published(files: files)
            let notices = Mutex<[RetryNotice]>([])
            let guest = ZenodoClient(
                profile: h.client.profile, credentials: nil, transport: h.transport,
                onRetry: { notice in notices.withLock { $0.append(notice) } })
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let before = h.server.accessLog.all().count
            let read = try await guest.record(record.id)
            for file in read.files {
                let md5 = try await guest.download(
                    try #require(file.contentURL), to: directory.appendingPathComponent(file.key), expectedMD5: file.md5
                )
                #expect(md5 == file.md5)
            }
            let statuses = h.server.accessLog.all().dropFirst(before).map(\.status)
            #expect(statuses.count == 5 && !statuses.contains(429), "five answers, none refused: \(statuses)")
            let waits = notices.withLock { $0 }.filter { $0.attempt == 0 }
            #expect(
                !waits.isEmpty && waits.allSatisfy { $0.delay > 0 && $0.delay <= 16.5 },
                "it waited for the window (reset in whole seconds): \(waits.map(\.line))")
            #expect(waits.first?.line.contains("requests left in this window, waiting") == true)
        }
    }

    @Test func aServerThatIgnoresRangesStillEndsVerified() async throws {
        try await Harness.with(configure: { $0.ignoresRanges = true }) { h in
            let record = try await h.published(files: ["whole.bin": String(repeating: "z", count: 300_000)])
            let file = try #require(try await h.client.record(record.id).files.first)
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let target = directory.appendingPathComponent("whole.bin")
            try await h.inject(
                #"{"method":"GET","path":"/api/records/*/files/whole.bin/content","action":"truncate","after_bytes":100000}"#
            )
            _ = try? await h.client.download(file.contentURL!, to: target, expectedMD5: file.md5)
            let md5 = try await h.client.download(file.contentURL!, to: target, expectedMD5: file.md5)
            #expect(md5 == file.md5, "200 to a Range: the file starts over, not appended")
            #expect(try Data(contentsOf: target).count == 300_000)
        }
    }

    @Test func aCorruptedByteIsCaughtAndNothingIsLeft() async throws {
        try await Harness.with { h in
            let record = try await h.published(files: ["bad.bin": String(repeating: "a", count: 200_000)])
            let file = try #require(try await h.client.record(record.id).files.first)
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let target = directory.appendingPathComponent("bad.bin")
            // What an earlier, cut-off attempt left, with one byte wrong.
            var partial = Data(repeating: UInt8(ascii: "a"), count: 50_000)
            partial[123] = UInt8(ascii: "b")
            try partial.write(to: directory.appendingPathComponent(".bad.bin.zenodo-tui-part"))
            await #expect(throws: ZenodoError.self) {
                try await h.client.download(file.contentURL!, to: target, expectedMD5: file.md5)
            }
            #expect(!FileManager.default.fileExists(atPath: target.path))
            #expect(
                !FileManager.default.fileExists(
                    atPath: directory.appendingPathComponent(".bad.bin.zenodo-tui-part").path))
            _ = try await h.client.download(file.contentURL!, to: target, expectedMD5: file.md5)
            #expect(try LocalDigest.md5(of: target) == file.md5, "the next attempt starts clean")
        }
    }

    @Test(arguments: [
        ("1234", 1234), ("10.5281/zenodo.1234", 1234), ("doi:10.5281/zenodo.77", 77),
        ("https://doi.org/10.5072/zenodo.9", 9),
        ("https://zenodo.org/records/55", 55), ("https://zenodo.org/record/56?preview=1", 56),
        ("https://zenodo.org/api/records/57", 57),
        ("https://sandbox.zenodo.org/uploads/58", 58), ("https://zenodo.org/doi/10.5281/zenodo.59", 59),
    ])
    func everyKindOfReferenceNamesTheRecord(_ text: String, _ id: Int) throws {
        #expect(try RecordReference.parse(text) == id)
    }

    @Test func foreignDOIsAndNonsenseAreRefusedInWords() {
        #expect(throws: ZenodoError.self) { try RecordReference.parse("10.1000/xyz123") }
        #expect(throws: ZenodoError.self) { try RecordReference.parse("last week's data") }
    }

    @Test func keysNeverEscapeTheDestination() {
        #expect(LocalName.forKey("../../etc/passwd") == "_.._etc_passwd")
        #expect(LocalName.forKey("/abs/path") == "_abs_path")
        #expect(LocalName.forKey("..") == "file" && LocalName.forKey(".") == "file")
        #expect(LocalName.forKey("a\u{0}b\nc") == "abc")
        #expect(LocalName.forKey(".hidden") == "hidden")
        #expect(
            LocalName.collisions(["caf\u{E9}.csv", "cafe\u{301}.csv", "x.csv"]) == [
                ["cafe\u{301}.csv", "caf\u{E9}.csv"]
            ])
        #expect(LocalName.collisions(["a/b", "a_b"]).count == 1)
    }
}

extension DownloadResumeTests {
    @Test func downloadTakesDOIsAddressesPatternsAndEveryVersion() async throws {
        try await Harness.with { h in
            let first = try await h.published(files: ["a.csv": "1\n", "b.txt": "2\n"])
            let next = try await h.client.newVersion(of: first.id)
            for file in next.files { try await h.client.deleteFile(file.id, of: next.id) }
            let url = try TempFile.make(name: "a.csv", content: Data("3\n".utf8))
            defer { TempFile.remove(url) }
            _ = try await h.client.upload(file: url, bucketURL: next.bucketURL!)
            var metadata = next.metadata
            metadata.version = "2"
            _ = try await h.client.updateMetadata(next.id, metadata)
            _ = try await h.client.publish(next.id)

            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let environment = h.commandEnvironment(state: state)
            let byDOI = state.appendingPathComponent("doi")
            let doi = try await Binary.run(
                ["download", "10.5281/zenodo.\(first.id)", "--dest", byDOI.path, "--file", "*.csv"],
                environment: environment)
            #expect(doi.status == 0, "\(doi.stderr)")
            #expect(try String(contentsOf: byDOI.appendingPathComponent("a.csv"), encoding: .utf8) == "1\n")
            #expect(
                !FileManager.default.fileExists(atPath: byDOI.appendingPathComponent("b.txt").path), "--file picked")

            let concept = try #require(Int(first.conceptRecordID ?? ""))
            let latest = state.appendingPathComponent("latest")
            let byConcept = try await Binary.run(
                [
                    "download", "\(h.server.apiURL.replacingOccurrences(of: "/api", with: ""))/records/\(concept)",
                    "--dest", latest.path,
                ],
                environment: environment)
            #expect(byConcept.status == 0, "\(byConcept.stderr)")
            #expect(
                try String(contentsOf: latest.appendingPathComponent("a.csv"), encoding: .utf8) == "3\n",
                "a concept is its latest version")

            let every = state.appendingPathComponent("every")
            let all = try await Binary.run(
                ["download", String(first.id), "--all-versions", "--dest", every.path], environment: environment)
            #expect(all.status == 0, "\(all.stderr)")
            #expect(try String(contentsOf: every.appendingPathComponent("\(first.id)/a.csv"), encoding: .utf8) == "1\n")
            #expect(try String(contentsOf: every.appendingPathComponent("\(next.id)/a.csv"), encoding: .utf8) == "3\n")

            let none = try await Binary.run(
                ["download", String(first.id), "--file", "*.nc", "--dest", byDOI.path], environment: environment)
            #expect(none.status == 4)
            #expect(none.stderr.contains("no file matches *.nc"))
            let foreign = try await Binary.run(["download", "10.1000/abc"], environment: environment)
            #expect(foreign.status == 2 && foreign.stderr.contains("not a Zenodo DOI"))
        }
    }
}

/// `search` (issue 13): public records with Zenodo's filters, no token needed.
@Suite struct SearchCommandTests {
    @Test func searchFiltersPagesAndNeedsNoToken() async throws {
        try await Harness.with { h in
            let dataset = try await h.published(title: "Glacier mass balance", files: ["g.csv": "1\n"])
            var metadata = DepositionMetadata()
            metadata.title = "Glacier photos"
            metadata.uploadType = "image"
            metadata.raw["image_type"] = "photo"
            metadata.creators = [Person(name: "Roe, Rick")]
            metadata.publicationDate = "2019-06-15"
            let draft = try await h.client.createDeposition(metadata: metadata)
            let png = try TempFile.make(name: "p.png", content: Data("png".utf8))
            defer { TempFile.remove(png) }
            _ = try await h.client.upload(file: png, bucketURL: draft.bucketURL!)
            let image = try await h.client.publish(draft.id)
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let anonymous = ["ZENODO_SERVER": h.server.apiURL, "HOME": state.path, "XDG_STATE_HOME": state.path]

            let all = try await Binary.run(["search", "glacier", "--json"], environment: anonymous)
            #expect(all.status == 0, "\(all.stderr)")
            let found = try JSONValue.decode(Data(all.stdout.utf8))
            #expect(found["total"]?.int == 2)
            let images = try JSONValue.decode(
                Data(
                    try await Binary.run(["search", "glacier", "--type", "image", "--json"], environment: anonymous)
                        .stdout.utf8))
            #expect(images["records"]?.array?.map { $0["id"]?.int } == [image.id])
            let table = try await Binary.run(["search", "glacier", "--size", "1"], environment: anonymous)
            #expect(table.stdout.contains("Glacier"))
            #expect(table.stderr.contains("1 of 2; next: --page 2"))
            #expect(
                h.server.accessLog.all().filter { $0.target.hasPrefix("/api/records?") }.allSatisfy {
                    $0.credential == "none"
                }, "no token sent")
            #expect(
                found["records"]?.array?.contains { $0["id"]?.int == dataset.id } == true, "the dataset is among them")
            // Publication dates: a range term in the query (Zenodo's `publication_date:[a TO b]`).
            func ids(_ range: String) async throws -> [Int?] {
                let run = try await Binary.run(
                    ["search", "glacier", "--published", range, "--json"], environment: anonymous)
                #expect(run.status == 0, "\(run.stderr)")
                return try JSONValue.decode(Data(run.stdout.utf8))["records"]?.array?.map { $0["id"]?.int } ?? []
            }
            #expect(try await ids("..2020") == [image.id])
            #expect(try await ids("2019-06") == [image.id], "a month covers its last day too")
            #expect(try await ids("2019") == [image.id])
            #expect(try await ids("2019-07..2020").isEmpty)
            #expect(try await ids("2021..").map { $0 } == [dataset.id])
            let sent = h.server.accessLog.all().last { $0.target.contains("publication_date") }?.target ?? ""
            #expect(sent.removingPercentEncoding?.contains("publication_date:[2021-01-01 TO *]") == true, "\(sent)")
            let wrong = try await Binary.run(["search", "x", "--published", "2019-13"], environment: anonymous)
            #expect(wrong.status == 2 && wrong.stderr.contains("2019-13 is not a date"), "\(wrong.stderr)")
        }
    }

    @Test(
        arguments: [
            ("2020..2024", "2020-01-01", "2024-12-31"), ("2019-06..", "2019-06-01", nil),
            ("..2021-03-15", nil, "2021-03-15"),
            ("2023", "2023-01-01", "2023-12-31"), ("2024-02", "2024-02-01", "2024-02-29"),
            ("2023-02..2023-02", "2023-02-01", "2023-02-28"),
            (" 2020 .. 2021 ", "2020-01-01", "2021-12-31"),
        ] as [(String, String?, String?)])
    func publicationRangesWidenPartialDates(_ text: String, _ from: String?, _ to: String?) throws {
        #expect(try PublicationRange.parse(text) == PublicationRange(from: from, to: to))
    }

    @Test(arguments: ["", "..", "2024..2020", "2024-02-30", "-999..", "20..30", "2020/2021", "yesterday"])
    func publicationRangesThatAreNotDatesAreRefused(_ text: String) {
        #expect(throws: ZenodoError.self) { try PublicationRange.parse(text) }
    }
}

extension DownloadResumeTests {
    @Test func downloadJSONIsTheStartOneEndPerFileThenASummary() async throws {
        try await Harness.with { h in
            let record = try await h.published(files: ["x.csv": "1\n", "y.csv": "2\n"])
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let environment = h.commandEnvironment(state: state)
            let dest = state.appendingPathComponent("d").path
            try FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: true)
            try Data("1\n".utf8).write(to: URL(fileURLWithPath: dest).appendingPathComponent("x.csv"))
            let result = try await Binary.run(
                ["download", String(record.id), "--dest", dest, "--json"], environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            let all = try result.stdout.split(separator: "\n").map { try JSONValue.decode(Data($0.utf8)) }
            #expect(
                all.first?["event"] == "batch_started" && all.first?["files"] == 2
                    && all.first?["direction"] == "download")
            // Version 0's batch line follows for one release (docs/events.md).
            #expect(
                all.dropFirst().first?["event"] == "started" && all.dropFirst().first?["deprecated"] == "batch_started")
            // Progress comes first for each file fetched, then about once a second.
            #expect(all.filter { $0["event"] == "progress" }.map { $0["key"] } == ["y.csv"])
            #expect(all.filter { $0["event"] == "queued" }.count == 2)
            let events = all.filter {
                !["progress", "started", "queued", "batch_started", "batch"].contains($0["event"]?.string)
            }
            #expect(events.count == 3)
            #expect(events.contains { $0["event"] == "skipped" && $0["key"] == "x.csv" })
            #expect(
                events.contains { $0["event"] == "verified" && $0["key"] == "y.csv" && $0["md5"]?.string?.count == 32 })
            #expect(
                events.last?["event"] == "finished" && events.last?["verified"] == 1 && events.last?["skipped"] == 1)
        }
    }
}

/// One tracker for both directions (issue 28, item 1): a download's batch numbers carry its rate,
/// ETA and files under way as an upload's do, measured with the clock the runner is given.
@Suite struct DownloadTrackerTests {
    @Test func aDownloadsNumbersComeFromTheOneTrackerWithAnInjectedClock() async throws {
        try await Harness.with { h in
            let content = String(repeating: "0123456789abcdef", count: 64 * 1024)  // 1 MiB
            let record = try await h.published(files: ["big.bin": content])
            let file = try #require(try await h.client.record(record.id).files.first)
            let dest = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: dest) }
            let journal = DownloadJournal(
                server: h.profile.apiURL, reference: String(record.id), destination: dest.path,
                entries: [
                    DownloadJournal.Entry(
                        key: file.key, url: try #require(file.contentURL), md5: file.md5, size: file.size)
                ])
            // A clock that moves a second each time it is read: the rate is what it says.
            let ticks = Shared(0.0)
            var runner = DownloadRunner(client: h.client, store: nil, parallel: 1, progressInterval: .zero)
            runner.now = {
                ticks.set(ticks.current + 1)
                return ticks.current
            }
            let events = Shared<[TransferEvent]>([])
            let (_, progress) = await runner.run(journal) { event in events.set(events.current + [event]) }
            let batches = events.current.compactMap { event -> BatchProgress? in
                if case .batch(let p) = event { return p }
                return nil
            }
            #expect(batches.contains { $0.active == 1 && $0.rate > 0 && $0.eta != nil }, "\(batches)")
            #expect(progress.verified == 1 && progress.doneBytes == file.size && progress.active == 0)
            let rates = events.current.compactMap { event -> Double? in
                if case .progress(_, _, _, let rate) = event { return rate }
                return nil
            }
            #expect(rates.contains { $0 > 0 }, "per-file rates from the injected clock: \(rates)")
        }
    }
}
