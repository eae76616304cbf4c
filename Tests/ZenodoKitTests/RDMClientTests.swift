import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing
import ZenodoKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// ZenodoKit's native InvenioRDM backend against LocalZenodo (issue 12): the same operations the
/// front ends use, over `/api/records`, losing nothing the front ends do not edit.
@Suite struct RDMClientTests {
    /// A client of `h.server` that speaks the native API.
    static func rdmClient(_ h: Harness) -> ZenodoClient {
        var profile = h.client.profile
        profile.api = .rdm
        return ZenodoClient(profile: profile, credentials: h.client.credentials, transport: h.transport)
    }

    /// A file in a directory of its own; `TempFile.remove` takes both away.
    static func makeFile(_ name: String, _ content: String) throws -> URL {
        try TempFile.make(name: name, content: Data(content.utf8))
    }

    @Test func autoDetectionFindsTheLegacyLayerOrItsAbsence() async throws {
        try await Harness.with { h in
            let api = try await h.client.detectAPI()
            #expect(api == .legacy)
        }
        try await Harness.with(configure: { $0.flavor = .inveniordm }) { h in
            let api = try await h.client.detectAPI()
            #expect(api == .rdm)
        }
    }

    @Test func theWholeLifeCycleThroughTheNativeAPI() async throws {
        try await Harness.with(configure: { $0.flavor = .inveniordm }) { h in
            let client = Self.rdmClient(h)
            var metadata = DepositionMetadata()
            metadata.raw = [
                "title": "Native cores", "upload_type": "dataset", "publication_date": "2026-11-30",
                "creators": [["name": "Doe, Jane", "affiliation": "CERN", "orcid": "0000-0002-1825-0097"]],
                "license": "cc-by-4.0", "keywords": ["cores"],
            ]
            let draft = try await client.createDeposition(metadata: metadata)
            #expect(draft.state == .unsubmitted && draft.title == "Native cores")
            #expect(draft.metadata.raw["creators"]?.array?.first?["orcid"] == "0000-0002-1825-0097")
            #expect(draft.bucketURL?.hasSuffix("/records/\(draft.id)/draft/files") == true)

            let file = try Self.makeFile("data.csv", "a,b\n1,2\n")
            defer { TempFile.remove(file) }
            let uploaded = try await client.upload(file: file, bucketURL: try #require(draft.bucketURL))
            let local = try LocalDigest.md5(of: file)
            #expect(uploaded.md5 == local)
            #expect(try await client.files(of: draft.id).map(\.filename) == ["data.csv"])

            let published = try await client.publish(draft.id)
            #expect(published.state == .done && published.doi == "10.1234/\(draft.id)")

            let next = try await client.newVersion(of: draft.id)
            #expect(next.state == .unsubmitted && next.id != draft.id)
            #expect(next.files.map(\.filename) == ["data.csv"], "the previous files, imported")
            let replacement = try Self.makeFile("data.csv", "a,b\n1,3\n")
            defer { TempFile.remove(replacement) }
            _ = try await client.upload(file: replacement, bucketURL: try #require(next.bucketURL))
            let files = try await client.files(of: next.id)
            let replacedMD5 = try LocalDigest.md5(of: replacement)
            #expect(files.count == 1 && files.first?.md5 == replacedMD5, "replaced by key")
            _ = try await client.publish(next.id)

            let editing = try await client.edit(draft.id)
            #expect(editing.state == .inprogress)
            try await client.discard(draft.id)
            #expect(try await client.deposition(draft.id).state == .done)
            #expect(try await client.allDepositions().count == 2)
        }
    }

    /// What the front ends do not show survives a save through the native API; a save through the
    /// legacy API loses it (as on Zenodo).
    @Test func aSaveChangesOnlyWhatWasEdited() async throws {
        try await Harness.with { h in
            let client = Self.rdmClient(h)
            let record: [String: Any] = [
                "metadata": [
                    "resource_type": ["id": "dataset"], "title": "Web record", "publication_date": "2026-01-01",
                    "creators": [
                        [
                            "person_or_org": [
                                "type": "personal", "family_name": "Doe", "given_name": "Jane",
                                "identifiers": [
                                    ["scheme": "orcid", "identifier": "0000-0002-1825-0097"],
                                    ["scheme": "isni", "identifier": "0000000121032683"],
                                ],
                            ],
                            "affiliations": [["name": "CERN"], ["name": "Second"]],
                        ]
                    ],
                    "dates": [["date": "2021-03-04", "type": ["id": "collected"]]],
                    "subjects": [["id": "310607", "subject": "Geology"], ["subject": "cores"]],
                    "rights": [["id": "cc-by-4.0"], ["id": "mit"]],
                    "funding": [
                        [
                            "funder": ["id": "00k4n6c32", "name": "EC"],
                            "award": ["id": "00k4n6c32::777523", "number": "777523", "title": ["en": "Big"]],
                        ]
                    ],
                    "additional_titles": [["title": "Other", "type": ["id": "alternative-title"]]],
                ],
                "custom_fields": ["dwc:basisOfRecord": ["specimen"]],
            ]
            let created = try await Curlish.postJSON("\(h.server.apiURL)/records", record)
            let id = try #require(Int(created["id"]?.string ?? ""))

            let shown = try await client.deposition(id)
            #expect(shown.metadata.raw["dates"]?.array?.first?["start"] == "2021-03-04", "a single date can be edited")
            var edited = shown.metadata
            edited.raw["title"] = "Edited title"
            _ = try await client.updateMetadata(id, edited)

            let after = try await Curlish.getJSON("\(h.server.apiURL)/records/\(id)/draft")
            let m = try #require(after["metadata"])
            #expect(m["title"] == "Edited title")
            #expect(m["subjects"]?.array?.count == 2)
            #expect(m["rights"]?.array?.count == 2)
            #expect(m["funding"]?.array?.first?["award"]?["title"]?["en"] == "Big")
            #expect(m["additional_titles"]?.array?.count == 1)
            #expect(m["creators"]?.array?.first?["affiliations"]?.array?.count == 2)
            #expect(m["creators"]?.array?.first?["person_or_org"]?["identifiers"]?.array?.count == 2)
            #expect(m["dates"]?.array?.first?["date"] == "2021-03-04")
            #expect(after["custom_fields"]?["dwc:basisOfRecord"] == ["specimen"])

            // Editing a person keeps what the legacy form cannot show of them.
            var renamed = try await client.deposition(id).metadata
            var creators = renamed.raw["creators"]?.array ?? []
            creators[0]["affiliation"] = "CERN IT"
            renamed.raw["creators"] = .array(creators)
            _ = try await client.updateMetadata(id, renamed)
            let person = try await Curlish.getJSON("\(h.server.apiURL)/records/\(id)/draft")["metadata"]?["creators"]?
                .array?.first
            #expect(person?["affiliations"]?.array?.first?["name"] == "CERN IT")
            #expect(person?["affiliations"]?.array?.count == 2, "the second affiliation stays")
            #expect(person?["person_or_org"]?["identifiers"]?.array?.count == 2, "the ISNI stays")
        }
    }
}

/// Plain requests with the harness token and the RDM Accept header (not through ZenodoKit).
enum Curlish {
    static func request(_ method: String, _ url: String, body: Data?) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.setValue("Bearer \(Harness.token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/vnd.inveniordm.v1+json", forHTTPHeaderField: "Accept")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONValue.decode(data)
    }

    static func postJSON(_ url: String, _ object: [String: Any]) async throws -> JSONValue {
        try await request("POST", url, body: try JSONSerialization.data(withJSONObject: object))
    }

    static func getJSON(_ url: String) async throws -> JSONValue { try await request("GET", url, body: nil) }
}

/// The subcommands against a plain InvenioRDM repository, found out by `auto` (issue 12).
@Suite struct RDMCommandTests {
    @Test func theSubcommandsWorkEndToEndOnAPlainInvenioRDM() async throws {
        try await Harness.with(configure: { $0.flavor = .inveniordm }) { h in
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let environment = h.commandEnvironment(state: state)
            func run(_ arguments: [String]) async throws -> Binary.Result {
                try await Binary.run(arguments, environment: environment)
            }
            let created = try await run(["create", "--json"])
            #expect(created.status == 0, "\(created.stderr)")
            let id = try #require(try JSONValue.decode(Data(created.stdout.utf8))["id"]?.int)
            let set = try await run([
                "metadata", String(id), "--set", "title=On InvenioRDM", "--set", "upload_type=dataset",
                "--set", #"creators=[{"name":"Doe, Jane"}]"#, "--yes",
            ])
            #expect(set.status == 0, "\(set.stderr)")
            let file = try RDMClientTests.makeFile("table.csv", "a,b\n1,2\n")
            defer { TempFile.remove(file) }
            let uploaded = try await run(["upload", String(id), file.path])
            #expect(uploaded.status == 0, "\(uploaded.stderr)")
            #expect(uploaded.stdout.contains("verified  table.csv"))
            let published = try await run(["publish", String(id), "--yes"])
            #expect(published.status == 0, "\(published.stderr)")
            #expect(published.stdout.contains("10.1234/\(id)"))
            #expect(h.requests(matching: "/deposit/").count == 1, "one probe, then the native API only")
            let listed = try await run(["list"])
            #expect(listed.stdout.contains("On InvenioRDM"))
            #expect(listed.stdout.contains("published"))
        }
    }
}

/// Through the legacy API, a save of a record the legacy form cannot carry warns first (issue 12).
@Suite struct LegacyLossTests {
    static func webRecord(_ h: Harness) async throws -> Int {
        let record: [String: Any] = [
            "metadata": [
                "resource_type": ["id": "dataset"], "title": "Web record", "publication_date": "2026-01-01",
                "creators": [
                    [
                        "person_or_org": ["type": "personal", "family_name": "Doe", "given_name": "Jane"],
                        "affiliations": [["name": "CERN"], ["name": "Second"]],
                    ]
                ],
                "subjects": [["id": "310607", "subject": "Geology"]],
                "rights": [["id": "cc-by-4.0"], ["id": "mit"]],
                "dates": [["date": "2021-03-04", "type": ["id": "collected"]]],
            ]
        ]
        let created = try await Curlish.postJSON("\(h.server.apiURL)/records", record)
        return try #require(Int(created["id"]?.string ?? ""))
    }

    @Test func theLossesAreNamedWithTheirValues() async throws {
        try await Harness.with { h in
            let id = try await Self.webRecord(h)
            let losses = await h.client.legacyLosses(id)
            #expect(losses.contains("subjects from vocabularies: Geology"))
            #expect(losses.contains("licences after the first: mit"))
            #expect(losses.contains("Doe, Jane's affiliations after the first: Second"))
            #expect(losses.contains { $0.hasPrefix("single dates") && $0.contains("2021-03-04") })
            #expect(await RDMClientTests.rdmClient(h).legacyLosses(id).isEmpty, "the native API loses nothing")
        }
    }

    @Test func theMetadataCommandWarnsBeforeSendingAndSendsNothingWithoutYes() async throws {
        try await Harness.with { h in
            let id = try await Self.webRecord(h)
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let environment = h.commandEnvironment(state: state).merging(["ZENODO_API": "legacy"]) { _, new in new }
            let refused = try await Binary.run(
                ["metadata", String(id), "--set", "title=New"], environment: environment)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("loses what it cannot carry"), "\(refused.stderr)")
            #expect(refused.stderr.contains("subjects from vocabularies: Geology"))
            #expect(h.requests(matching: "PUT").isEmpty, "nothing was sent")
            let viaRDM = try await Binary.run(
                ["metadata", String(id), "--set", "title=New", "--yes", "--api", "rdm"], environment: environment)
            #expect(viaRDM.status == 0, "\(viaRDM.stderr)")
            #expect(!viaRDM.stderr.contains("loses"))
            let after = try await Curlish.getJSON("\(h.server.apiURL)/records/\(id)/draft")
            #expect(after["metadata"]?["title"] == "New")
            #expect(after["metadata"]?["subjects"]?.array?.count == 1, "kept through the native API")
        }
    }
}

/// Files that resume part-way (issue 12): multipart transfers where the server takes them.
@Suite struct MultipartTests {
    static func client(_ h: Harness, memory: ServerMemory) -> ZenodoClient {
        var profile = h.client.profile
        profile.api = .rdm
        return ZenodoClient(
            profile: profile, credentials: h.client.credentials, transport: h.transport, memory: memory, sleep: { _ in }
        )
    }

    /// PUTs that reached LocalZenodo for each part number, with their statuses.
    static func partPUTs(_ h: Harness) -> [Int: [Int]] {
        var parts: [Int: [Int]] = [:]
        for entry in h.server.accessLog.all() where entry.method == "PUT" {
            guard let range = entry.target.range(of: "/content/"), let part = Int(entry.target[range.upperBound...])
            else { continue }
            parts[part, default: []].append(entry.status)
        }
        return parts
    }

    static func bigFile(_ directory: URL, size: Int) throws -> LocalFile {
        var data = Data(count: size)
        for i in stride(from: 0, to: size, by: 4093) { data[i] = UInt8(i % 253) }
        let url = directory.appendingPathComponent("big.bin")
        try data.write(to: url)
        return FileScanner.scan([url.path], keyRule: .refuse).files[0]
    }

    /// In order (each part hashed as it is sent) and four at a time (hashed in order beside them).
    @Test(arguments: [1, 4]) func aDropInThePartSevenOfTenResendsOnlyTheUnfinishedParts(parallel: Int) async throws {
        try await Harness.with(configure: { $0.flavor = .inveniordm }) { h in
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let client = Self.client(
                h, memory: ServerMemory(directories: ConfigDirectories(config: directory, state: directory)))
            let draft = try await client.createDeposition()
            let file = try Self.bigFile(directory, size: 10 << 20)
            try await h.inject(
                #"{"method":"PUT","path":"/api/records/*/draft/files/*/content/7","action":"drop","after_bytes":500000}"#
            )
            var options = UploadEngineTests.options(parallel: 1)
            options.partSize = 1 << 20
            options.parallelParts = parallel
            let journals = JournalStore(directory: directory.appendingPathComponent("uploads"))
            let engine = UploadEngine(client: client, options: options, journals: journals)
            let journal = UploadJournal(server: h.profile.apiURL, depositionID: draft.id, files: [file])
            let result = await engine.run(
                UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: [], journal: journal)
            ) { _ in }
            #expect(result.verified == 1, "verified end to end")
            let parts = Self.partPUTs(h)
            for part in [1, 2, 3, 4, 5, 6, 8, 9, 10] {
                #expect(parts[part] == [200], "part \(part) sent once: \(parts)")
            }
            #expect(parts[7]?.count == 2, "only the dropped part went twice")
            let stored = try await client.files(of: draft.id)
            let local = try LocalDigest.md5(of: file.url)
            #expect(stored.first?.md5 == local)
        }
    }

    @Test func partsTravelSideBySideAndTheFileIsStillVerifiedWhole() async throws {
        try await Harness.with(configure: { $0.flavor = .inveniordm }) { h in
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let client = Self.client(
                h, memory: ServerMemory(directories: ConfigDirectories(config: directory, state: directory)))
            let draft = try await client.createDeposition()
            let file = try Self.bigFile(directory, size: 6 << 20)
            // Part 2 is held until the faults are cleared (100 s at most): with four parts at a time,
            // 3, 4 and 5 can only arrive meanwhile if they travel beside it, however slow the machine.
            try await h.inject(
                #"{"method":"PUT","path":"/api/records/*/draft/files/*/content/2","action":"stall","seconds":100}"#)
            var parts = PartPlan(partSize: 1 << 20, done: [], record: { _ in }, reset: {})
            parts.parallel = 4
            let bucket = draft.bucketURL!
            let upload = Task { try await client.upload(file: file.url, bucketURL: bucket, parts: parts) }
            let putParts = {
                h.server.accessLog.all().filter { $0.method == "PUT" }.compactMap { entry in
                    entry.target.range(of: "/content/").flatMap { Int(entry.target[$0.upperBound...]) }
                }
            }
            let deadline = ContinuousClock.now + .seconds(90)
            while ContinuousClock.now < deadline, !Set([3, 4, 5]).isSubset(of: putParts()) {
                try await Task.sleep(for: .milliseconds(20))
            }
            h.server.faults.clear()
            let uploaded = try await upload.value
            #expect(uploaded.md5 == (try LocalDigest.md5(of: file.url)))
            let order = putParts()
            #expect(Set(order) == Set(1...6) && order.count == 6, "each part once: \(order)")
            let second = try #require(order.firstIndex(of: 2))
            #expect(
                [3, 4, 5].allSatisfy { order.firstIndex(of: $0)! < second },
                "3, 4 and 5 arrived while 2 was held: \(order)")
        }
    }

    @Test func aResumedUploadSendsOnlyThePartsTheJournalLacks() async throws {
        try await Harness.with(configure: { $0.flavor = .inveniordm }) { h in
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let client = Self.client(
                h, memory: ServerMemory(directories: ConfigDirectories(config: directory, state: directory)))
            let draft = try await client.createDeposition()
            let file = try Self.bigFile(directory, size: 4 << 20)
            // A first run stopped after part 3 of 4 (the server kept the pending file).
            var options = UploadEngineTests.options(parallel: 1)
            options.partSize = 1 << 20
            options.retry = .never
            try await h.inject(
                #"{"method":"PUT","path":"/api/records/*/draft/files/*/content/4","action":"status","status":503}"#)
            let journals = JournalStore(directory: directory.appendingPathComponent("uploads"))
            let journal = UploadJournal(server: h.profile.apiURL, depositionID: draft.id, files: [file])
            let first = await UploadEngine(client: client, options: options, journals: journals)
                .run(UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: [], journal: journal)) {
                    _ in
                }
            #expect(first.failed == 1)
            let saved = try journals.load(journal.id)
            #expect(Set(saved.entries[0].doneParts ?? []) == [1, 2, 3], "the journal holds the parts that arrived")
            // The resume (a new process would read the same journal).
            let second = await UploadEngine(client: client, options: options, journals: journals)
                .run(UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: [], journal: saved)) {
                    _ in
                }
            #expect(second.verified == 1)
            let parts = Self.partPUTs(h)
            #expect(parts[1] == [200] && parts[2] == [200] && parts[3] == [200], "\(parts)")
            #expect(parts[4] == [503, 200])
        }
    }

    @Test func refusedPartsFallBackToOnePUTAndTheRefusalIsRemembered() async throws {
        try await Harness.with { h in  // production flavour: parts refused with 403, as on Zenodo
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let memory = ServerMemory(directories: ConfigDirectories(config: directory, state: directory))
            let client = Self.client(h, memory: memory)
            let draft = try await client.createDeposition()
            let file = try Self.bigFile(directory, size: 3 << 20)
            let plan = PartPlan(partSize: 1 << 20, done: [], record: { _ in }, reset: {})
            let uploaded = try await client.upload(file: file.url, bucketURL: draft.bucketURL!, parts: plan)
            #expect(uploaded.md5 == (try LocalDigest.md5(of: file.url)))
            #expect(Self.partPUTs(h)[1] == [403], "tried once")
            #expect(memory.facts(for: h.profile.apiURL)?.multipartRefused == true)
            #expect(try await client.files(of: draft.id).map(\.filename) == ["big.bin"])
            _ = try await client.upload(file: file.url, key: "again.bin", bucketURL: draft.bucketURL!, parts: plan)
            #expect(Self.partPUTs(h)[1] == [403], "not asked again")
        }
    }
}
