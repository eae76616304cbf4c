import Foundation
import LocalZenodo
import Synchronization
import TestScratch
import TestSupport
import Testing

@testable import ZenodoKit

/// Packed uploads over loopback against LocalZenodo (issue 30): through the legacy bucket's one
/// PUT and the native API's parts, verified by the server's MD5 of the archive; resumed part by
/// part; a tree that changed between runs named and packed again; a member that changes while it
/// is packed failing the archive in words, with nothing stored.
@Suite struct PackUploadTests {
    /// A tree of about 3.5 MiB: parts of 1 MiB cut through members, headers and the directory.
    static func tree(in base: URL) throws -> URL {
        let root = base.appendingPathComponent("survey")
        for (name, size) in [("raw/a.bin", 2_500_000), ("raw/b.txt", 6), ("code/run.py", 900_000), ("z.txt", 100_000)] {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            var data = Data(count: size)
            for index in stride(from: 0, to: size, by: 97) { data[index] = UInt8(truncatingIfNeeded: index / 97) }
            try data.write(to: url)
        }
        return root
    }

    static func packed(_ root: URL, _ format: PackFormat = .zip) throws -> LocalFile {
        let scan = FileScanner.scan(
            [root.path], keyRule: .refuse, filters: FileScanner.Filters(), pack: PackRequest(format: format))
        #expect(scan.problems.isEmpty, "\(scan.problems)")
        return try #require(scan.files.first)
    }

    static func options(partSize: Int64?) -> TransferBudget {
        var options = UploadEngineTests.options(parallel: 1)
        options.partSize = partSize
        options.parallelParts = 1
        options.retry = .never
        return options
    }

    enum Route: String, CaseIterable, Sendable {
        case bucket, parts
    }

    @Test(arguments: Route.allCases, PackFormat.allCases)
    func aPackedTreeIsVerifiedByTheServersMD5(_ route: Route, _ format: PackFormat) async throws {
        try await Harness.with(configure: { if route == .parts { $0.flavor = .inveniordm } }) { h in
            let base = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: base) }
            let client =
                route == .parts
                ? MultipartTests.client(
                    h, memory: ServerMemory(directories: ConfigDirectories(config: base, state: base))) : h.client
            let draft = try await client.createDeposition()
            let file = try Self.packed(try Self.tree(in: base), format)
            #expect(file.key == "survey.\(format.rawValue)" && file.pack != nil)
            let journals = JournalStore(directory: base.appendingPathComponent("uploads"))
            let journal = UploadJournal(server: h.profile.apiURL, depositionID: draft.id, files: [file])
            let result = await UploadEngine(
                client: client, options: Self.options(partSize: 1 << 20), journals: journals
            )
            .run(UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: [], journal: journal)) {
                _ in
            }
            #expect(result.verified == 1, "verified end to end")
            let stored = try await client.files(of: draft.id)
            #expect(stored.map(\.filename) == [file.key] && stored.first?.size == file.size)
            #expect(stored.first?.md5 == (try LocalDigest.md5(of: file.source())))
            if route == .parts {
                #expect(MultipartTests.partPUTs(h).keys.sorted() == Array(1...4), "in parts of 1 MiB")
            }
        }
    }

    @Test func aResumedPackedUploadSendsOnlyThePartsItLacks() async throws {
        try await Harness.with(configure: { $0.flavor = .inveniordm }) { h in
            let base = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: base) }
            let client = MultipartTests.client(
                h, memory: ServerMemory(directories: ConfigDirectories(config: base, state: base)))
            let draft = try await client.createDeposition()
            let file = try Self.packed(try Self.tree(in: base))
            try await h.inject(
                #"{"method":"PUT","path":"/api/records/*/draft/files/*/content/3","action":"status","status":503}"#)
            let journals = JournalStore(directory: base.appendingPathComponent("uploads"))
            let journal = UploadJournal(server: h.profile.apiURL, depositionID: draft.id, files: [file])
            let options = Self.options(partSize: 1 << 20)
            let batch = { (journal: UploadJournal) in
                UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: [], journal: journal)
            }
            let first = await UploadEngine(client: client, options: options, journals: journals).run(batch(journal)) {
                _ in
            }
            #expect(first.failed == 1)
            let saved = try journals.load(journal.id)
            #expect(Set(saved.entries[0].doneParts ?? []) == [1, 2])
            // Another process: the archive is made again from the tree, the same bytes, from part 3.
            let second = await UploadEngine(client: client, options: options, journals: journals).run(batch(saved)) {
                _ in
            }
            #expect(second.verified == 1)
            let parts = MultipartTests.partPUTs(h)
            #expect(parts[1] == [200] && parts[2] == [200] && parts[3] == [503, 200] && parts[4] == [200], "\(parts)")
            #expect(try await client.files(of: draft.id).first?.md5 == (try LocalDigest.md5(of: file.source())))
        }
    }

    @Test func aTreeThatChangedBetweenRunsIsNamedAndPackedAgainFromTheStart() async throws {
        try await Harness.with(configure: { $0.flavor = .inveniordm }) { h in
            let base = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: base) }
            let client = MultipartTests.client(
                h, memory: ServerMemory(directories: ConfigDirectories(config: base, state: base)))
            let draft = try await client.createDeposition()
            let root = try Self.tree(in: base)
            let file = try Self.packed(root)
            try await h.inject(
                #"{"method":"PUT","path":"/api/records/*/draft/files/*/content/3","action":"status","status":503}"#)
            let journals = JournalStore(directory: base.appendingPathComponent("uploads"))
            let journal = UploadJournal(server: h.profile.apiURL, depositionID: draft.id, files: [file])
            let options = Self.options(partSize: 1 << 20)
            let batch = { (journal: UploadJournal) in
                UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: [], journal: journal)
            }
            _ = await UploadEngine(client: client, options: options, journals: journals).run(batch(journal)) { _ in }
            // Between the runs: one file grows, one is new, one is gone.
            let handle = try FileHandle(forWritingTo: root.appendingPathComponent("raw/b.txt"))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("more\n".utf8))
            try handle.close()
            try Data("new\n".utf8).write(to: root.appendingPathComponent("raw/c.txt"))
            try FileManager.default.removeItem(at: root.appendingPathComponent("z.txt"))
            let events = Mutex<[TransferEvent]>([])
            let second = await UploadEngine(client: client, options: options, journals: journals)
                .run(batch(try journals.load(journal.id))) { event in events.withLock { $0.append(event) } }
            #expect(second.verified == 1)
            let said = events.withLock { $0 }.compactMap { event -> String? in
                if case .retrying(_, _, _, _, let reason) = event { return reason }
                return nil
            }
            let reason = try #require(said.first)
            for name in ["survey/raw/b.txt changed", "survey/raw/c.txt is new", "survey/z.txt is gone"] {
                #expect(reason.contains(name), "\(reason)")
            }
            #expect(reason.contains("packing it again from the start"))
            let entry = try journals.load(journal.id).entries[0]
            let now = try Self.packed(root)
            #expect(entry.file.size == now.size && entry.file.pack?.manifest == now.pack?.manifest)
            #expect(MultipartTests.partPUTs(h)[1] == [200, 200], "started over: part 1 sent again")
            #expect(try await client.files(of: draft.id).first?.md5 == (try LocalDigest.md5(of: now.source())))
        }
    }

    /// A member that grows while the archive is being sent: the archive fails, naming it; the
    /// journal keeps the reason; nothing is stored.
    @Test func aMemberThatChangesWhileBeingPackedFailsTheArchiveInWords() async throws {
        try await Harness.with { h in
            let base = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: base) }
            let root = base.appendingPathComponent("run")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try Data(count: 8 << 20).write(to: root.appendingPathComponent("a-big.bin"))
            try Data("later\n".utf8).write(to: root.appendingPathComponent("later.txt"))
            let draft = try await h.client.createDeposition()
            let file = try Self.packed(root)
            var options = Self.options(partSize: nil)
            options.chunkSize = 1 << 20
            options.progressInterval = 0
            let journals = JournalStore(directory: base.appendingPathComponent("uploads"))
            let journal = UploadJournal(server: h.profile.apiURL, depositionID: draft.id, files: [file])
            let grown = Mutex(false)
            let result = await UploadEngine(client: h.client, options: options, journals: journals)
                .run(UploadBatch(depositionID: draft.id, bucketURL: draft.bucketURL!, existing: [], journal: journal)) {
                    event in
                    // The first MiB is sent; later.txt, 8 MiB on, is not read yet: it grows now.
                    guard case .progress(_, let sent, _, _) = event, sent >= 1 << 20 else { return }
                    let first = grown.withLock { done in
                        defer { done = true }
                        return !done
                    }
                    guard first, let handle = try? FileHandle(forWritingTo: root.appendingPathComponent("later.txt"))
                    else { return }
                    _ = try? handle.seekToEnd()
                    try? handle.write(contentsOf: Data("and more\n".utf8))
                    try? handle.close()
                }
            #expect(result.failed == 1)
            let entry = try journals.load(journal.id).entries[0]
            #expect(entry.state == .failed)
            let error = try #require(entry.error)
            #expect(error.contains("run/later.txt changed while run.zip was being packed"), "\(error)")
            #expect(error.contains("grew from 6 to 15 bytes"), "\(error)")
            #expect(try await h.client.files(of: draft.id).isEmpty, "nothing stored")
        }
    }
}
