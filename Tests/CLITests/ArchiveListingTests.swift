import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing
import ZenodoKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A ZIP in a record listed without fetching it (issue 31): its end and central directory read
/// with range requests from LocalZenodo (counted in its access log, with the bytes each answer
/// carried), through the client and through `download --list-members`.
@Suite struct ArchiveListingTests {
    /// A published record holding `name`: a ZIP of 10,000 small files in 100 folders (packed by
    /// `--pack`'s own writer), made on tmpfs where there is one.
    static func record(_ h: Harness, name: String) async throws -> (id: Int, archive: PackedArchive) {
        let base = try TestScratch.memoryDirectory("zip-listing")
        defer { try? FileManager.default.removeItem(at: base) }
        let root = base.appendingPathComponent("survey")
        for folder in 0..<100 {
            let directory = root.appendingPathComponent(String(format: "run%03d", folder))
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for index in 0..<100 {
                try Data("\(folder),\(index)\n".utf8).write(to: directory.appendingPathComponent("f\(index).csv"))
            }
        }
        let planned = PackPlanner.plan(root: root.path, PackRequest(format: .zip), filters: FileScanner.Filters())
        let archive = planned.archives[0].archive
        var metadata = DepositionMetadata()
        metadata.title = "A survey, packed"
        metadata.uploadType = "dataset"
        metadata.creators = [Person(name: "Doe, Jane")]
        let draft = try await h.client.createDeposition(metadata: metadata)
        _ = try await h.client.upload(file: archive, key: name, bucketURL: draft.bucketURL!)
        let published = try await h.client.publish(draft.id)
        return (published.id, archive)
    }

    @Test func aTenThousandEntryZipIsListedInThreeRequestsAndUnderTwoMegabytes() async throws {
        try await Harness.with(configure: { $0.containerAPI = false }) { h in
            let (id, archive) = try await Self.record(h, name: "survey.zip")
            let record = try await h.client.record(id)
            let file = try #require(record.files.first)
            let url = try #require(file.contentURL)
            let before = h.server.accessLog.all().count
            let listing = try await h.client.zipListing(url, size: file.size)
            #expect(listing.entries.map(\.name) == archive.members.map(\.name))
            #expect(listing.entries.filter { !$0.isDirectory }.count == 10_000)
            #expect(listing.source == .ranges && listing.bytesRead < 2_000_000, "\(listing.bytesRead)")
            // What LocalZenodo saw: the container API asked for (this server has none: 404), then
            // at most 3 range answers; every byte as the client counted it.
            let seen = h.server.accessLog.all().dropFirst(before)
            let ranges = seen.filter { $0.target.hasSuffix("/content") }
            #expect(ranges.count <= 3 && ranges.allSatisfy { $0.status == 206 }, "\(seen.map(\.line))")
            #expect(seen.count == listing.requests && seen.count == ranges.count + 1)
            #expect(ranges.reduce(0) { $0 + ($1.bytes ?? 0) } == Int(listing.bytesRead))
            #expect(ranges.reduce(0) { $0 + ($1.bytes ?? 0) } < 2_000_000)
            #expect(seen.first?.line.hasSuffix("bytes=\(seen.first!.bytes!)") == true)

            // The same from the command line, as a table and as JSON.
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let table = try await Binary.run(
                ["download", String(id), "--list-members", "survey.zip"],
                environment: h.commandEnvironment(state: state))
            #expect(table.status == 0, "\(table.stderr)")
            #expect(table.stdout.hasPrefix("survey.zip: 10000 files, "), "\(table.stdout.prefix(200))")
            #expect(table.stdout.contains(" stored ") && table.stdout.contains("survey/run099/f99.csv"))
            #expect(table.stderr.contains("range requests"), "\(table.stderr)")
            let json = try await Binary.run(
                ["download", String(id), "--list-members", "survey.zip", "--json"],
                environment: h.commandEnvironment(state: state))
            let document = try JSONValue.decode(Data(json.stdout.utf8))
            #expect(document["entries"]?.array?.count == archive.members.count)
            #expect(document["entries"]?.array?.last?["name"]?.string == "survey/run099/f99.csv")
            #expect((document["requests"]?.int ?? 9) <= 4)
            let missing = try await Binary.run(
                ["download", String(id), "--list-members", "other.zip"], environment: h.commandEnvironment(state: state)
            )
            #expect(missing.status == 4 && missing.stderr.contains("the record has no file other.zip"))
        }
    }

    /// A server that answers the whole file to a range request (Zenodo's application does) is
    /// said in words, not read whole.
    @Test func aServerThatIgnoresRangesIsSaidInWords() async throws {
        try await Harness.with(configure: { $0.ignoresRanges = true }) { h in
            let (id, _) = try await Self.record(h, name: "survey.zip")
            let file = try #require(try await h.client.record(id).files.first)
            do {
                _ = try await h.client.zipListing(file.contentURL!, size: file.size)
                Issue.record("listed through a server that ignores ranges")
            } catch let error as ZenodoError {
                #expect(error.message.contains("does not serve ranges"), "\(error.message)")
            }
        }
    }
}

/// Members fetched alone (issue 31): `download REF --file ARCHIVE --member GLOB` reads each by
/// Range (about its own size), inflates it, checks its CRC-32 and writes it under its path; a
/// damaged member, a ZIP bomb and a name that climbs out are refused in words, nothing left.
@Suite struct MemberFetchTests {
    static let writer = #"""
        import os, random, sys, zipfile
        path = sys.argv[1]
        random.seed(7)
        with zipfile.ZipFile(path, "w") as z:
            for i in range(8):
                z.writestr("data/filler/f%d.bin" % i, random.randbytes(2_000_000), compress_type=zipfile.ZIP_STORED)
            z.writestr("data/big/two.bin", random.randbytes(2_000_000), compress_type=zipfile.ZIP_STORED)
            z.writestr("data/2021/a.csv", "year,value\n" + "2021,1\n" * 20000, compress_type=zipfile.ZIP_DEFLATED)
            z.writestr("data/2021/b.csv", "year,value\n" + "2021,2\n" * 10, compress_type=zipfile.ZIP_DEFLATED)
            z.writestr("data/2022/c.csv", "x\n", compress_type=zipfile.ZIP_DEFLATED)
            z.writestr(zipfile.ZipInfo("../evil.txt"), b"gotcha")
        """#

    static func publish(_ h: Harness, _ archive: URL, key: String) async throws -> Int {
        var metadata = DepositionMetadata()
        metadata.title = "Archive members"
        metadata.uploadType = "dataset"
        metadata.creators = [Person(name: "Doe, Jane")]
        let draft = try await h.client.createDeposition(metadata: metadata)
        _ = try await h.client.upload(file: archive, key: key, bucketURL: draft.bucketURL!)
        return try await h.client.publish(draft.id).id
    }

    @Test func membersAreFetchedAloneVerifiedAndRefusedInWords() async throws {
        try await Harness.with(configure: { $0.containerAPI = false }) { h in
            let work = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: work) }
            let zip = work.appendingPathComponent("bundle.zip")
            let made = try await Tool.run("/usr/bin/python3", ["-c", Self.writer, zip.path])
            #expect(made.status == 0, "\(made.text)")
            let id = try await Self.publish(h, zip, key: "bundle.zip")
            let environment = h.commandEnvironment(state: work.appendingPathComponent("state"))
            let dest = work.appendingPathComponent("out")

            // One 2 MB member of 18 MB: about 2 MB read for it.
            let before = h.server.accessLog.all().count
            let one = try await Binary.run(
                ["download", String(id), "--file", "bundle.zip", "--member", "data/big/*.bin", "--dest", dest.path],
                environment: environment)
            #expect(one.status == 0, "\(one.stdout) \(one.stderr)")
            #expect(one.stdout.hasPrefix("verified  data/big/two.bin  1.9 MiB  crc32:"), "\(one.stdout)")
            let expected = try await Tool.run(
                "/usr/bin/python3",
                [
                    "-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo('data/big/two.bin').CRC)",
                    zip.path,
                ])
            let written = try Data(contentsOf: dest.appendingPathComponent("data/big/two.bin"))
            #expect(written.count == 2_000_000)
            let crc = written.withUnsafeBytes { CRC32Check.of($0) }
            #expect(String(crc) == expected.text.trimmingCharacters(in: .whitespacesAndNewlines))
            let served = h.server.accessLog.all().dropFirst(before).filter {
                $0.method == "GET" && $0.target.hasSuffix("/content")
            }
            let bytes = served.reduce(0) { $0 + ($1.bytes ?? 0) }
            #expect(
                served.allSatisfy { $0.status == 206 } && bytes < 2_000_000 + 200_000,
                "\(bytes) bytes for one 2 MB member")

            // Deflated members by a glob that crosses folders; the unsafe name is never matched.
            let csv = try await Binary.run(
                ["download", String(id), "--file", "bundle.zip", "--member", "data/202*", "--dest", dest.path],
                environment: environment)
            #expect(csv.status == 0, "\(csv.stderr)")
            let a = try String(contentsOf: dest.appendingPathComponent("data/2021/a.csv"), encoding: .utf8)
            #expect(a.hasPrefix("year,value\n2021,1\n") && a.count == 11 + 7 * 20000)
            #expect(FileManager.default.fileExists(atPath: dest.appendingPathComponent("data/2022/c.csv").path))

            // A name that climbs out: refused in words, nothing written outside.
            let evil = try await Binary.run(
                ["download", String(id), "--file", "bundle.zip", "--member", "*evil*", "--dest", dest.path],
                environment: environment)
            #expect(
                evil.status != 0
                    && evil.stdout.contains(
                        "FAILED  ../evil.txt: ../evil.txt is not written: its name climbs out with .."),
                "\(evil.stdout)")
            #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("evil.txt").path))
        }
    }

    /// A member whose directory entry lies about its CRC, and a ZIP bomb (a deflated member that
    /// inflates past the size its directory says): both refused, neither left on disk.
    @Test func damagedMembersAndBombsAreRefused() async throws {
        try await Harness.with(configure: { $0.containerAPI = false }) { h in
            let work = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: work) }
            let zip = work.appendingPathComponent("bad.zip")
            let made = try await Tool.run(
                "/usr/bin/python3",
                [
                    "-c",
                    #"""
                    import struct, sys, zipfile
                    path = sys.argv[1]
                    with zipfile.ZipFile(path, "w") as z:
                        z.writestr("crc.txt", "hello " * 100, compress_type=zipfile.ZIP_DEFLATED)
                        z.writestr("bomb.bin", b"\0" * 10_000_000, compress_type=zipfile.ZIP_DEFLATED)
                    data = bytearray(open(path, "rb").read())
                    z = zipfile.ZipFile(path)
                    cd = data.rfind(b"PK\x01\x02", 0, len(data))
                    # Walk the directory: patch crc.txt's CRC and bomb.bin's size (both in the directory).
                    at = data.find(b"PK\x01\x02")
                    while at >= 0:
                        n = struct.unpack("<H", data[at + 28:at + 30])[0]
                        name = bytes(data[at + 46:at + 46 + n])
                        if name == b"crc.txt":
                            data[at + 16:at + 20] = struct.pack("<I", 0xDEADBEEF)
                        if name == b"bomb.bin":
                            data[at + 24:at + 28] = struct.pack("<I", 10_000)
                        at = data.find(b"PK\x01\x02", at + 46)
                    open(path, "wb").write(data)
                    """#, zip.path,
                ])
            #expect(made.status == 0, "\(made.text)")
            let id = try await MemberFetchTests.publish(h, zip, key: "bad.zip")
            let dest = work.appendingPathComponent("out")
            let result = try await Binary.run(
                ["download", String(id), "--file", "bad.zip", "--member", "*", "--dest", dest.path],
                environment: h.commandEnvironment(state: work.appendingPathComponent("state")))
            #expect(result.status == 9, "\(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("FAILED  crc.txt: crc.txt's CRC-32 is"), "\(result.stdout)")
            #expect(result.stdout.contains("the copy is damaged"))
            #expect(
                result.stdout.contains("FAILED  bomb.bin: bomb.bin claims 10000 bytes")
                    || result.stdout.contains("FAILED  bomb.bin: bomb.bin inflates to more than the 10000 bytes"),
                "\(result.stdout)")
            let left = (try? FileManager.default.contentsOfDirectory(atPath: dest.path)) ?? []
            #expect(left.isEmpty, "nothing left: \(left)")
        }
    }
}

/// The CRC-32 the tests compare with Python's (zlib's, through ZenodoKit's module map).
enum CRC32Check {
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for index in 0..<256 {
            var value = UInt32(index)
            for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
            table[index] = value
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// The server's container API (issue 31), where it has one: a ZIP's listing and its members
/// extracted by the server, as invenio-records-resources serves them; a listing it stops short
/// (1,000 entries) falls back to the archive's own directory by Range.
@Suite struct ContainerAPITests {
    @Test func theServerListsAndExtractsMembersAndTheClientChecksThem() async throws {
        try await Harness.with { h in
            let work = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: work) }
            let zip = work.appendingPathComponent("bundle.zip")
            let made = try await Tool.run("/usr/bin/python3", ["-c", MemberFetchTests.writer, zip.path])
            #expect(made.status == 0, "\(made.text)")
            let id = try await MemberFetchTests.publish(h, zip, key: "bundle.zip")
            // The record's ZIP carries its container link (RDM JSON), and the listing's shape.
            let record = try await RDMGet.json("\(h.server.apiURL)/records/\(id)")
            let entry = record["files"]?["entries"]?["bundle.zip"]
            let container = try #require(entry?["links"]?["container"]?.string)
            let listing = try await RDMGet.json(container)
            #expect(listing["truncated"]?.bool == false && listing["total"]?.int == 13, "\(listing)")
            let a = listing["entries"]?.array?.first { $0["key"]?.string == "data/2021/a.csv" }
            #expect(a?["mimetype"]?.string == "text/csv" && a?["crc"]?.int != nil && a?["compressed_size"]?.int != nil)
            #expect(a?["links"]?["content"]?.string == container + "/data/2021/a.csv")

            let file = try #require(try await h.client.record(id).files.first)
            let listed = try await h.client.zipListing(file.contentURL!, size: file.size)
            #expect(listed.source == .container && listed.requests == 1)
            #expect(listed.entries.filter { !$0.isDirectory }.count == 13)

            // A member through the server's extraction, checked against the listing's CRC-32.
            let dest = work.appendingPathComponent("out")
            let before = h.server.accessLog.all().count
            let fetched = try await Binary.run(
                ["download", String(id), "--file", "bundle.zip", "--member", "data/2021/a.csv", "--dest", dest.path],
                environment: h.commandEnvironment(state: work.appendingPathComponent("state")))
            #expect(fetched.status == 0, "\(fetched.stdout) \(fetched.stderr)")
            let text = try String(contentsOf: dest.appendingPathComponent("data/2021/a.csv"), encoding: .utf8)
            #expect(text.hasPrefix("year,value\n2021,1\n") && text.count == 11 + 7 * 20000)
            let seen = h.server.accessLog.all().dropFirst(before).map { "\($0.method) \($0.target) \($0.status)" }
            #expect(seen.contains { $0.hasSuffix("/container/data/2021/a.csv 200") }, "\(seen)")
            #expect(!seen.contains { $0.contains(" 206") }, "no range read: \(seen)")

            // Not a ZIP: the extractor's 400; an unknown member: 404.
            let unknown = try await RDMGet.json(container + "/no/such.txt")
            #expect(unknown["status"]?.int == 404, "\(unknown)")
        }
    }

    @Test func aListingTheServerStopsShortIsReadFromTheArchiveInstead() async throws {
        try await Harness.with { h in
            let (id, archive) = try await ArchiveListingTests.record(h, name: "survey.zip")
            let file = try #require(try await h.client.record(id).files.first)
            let container = String(file.contentURL!.dropLast("/content".count)) + "/container"
            let stopped = try await RDMGet.json(container)
            #expect(stopped["truncated"]?.bool == true && (stopped["total"]?.int ?? 1000) < 1000)
            let listed = try await h.client.zipListing(file.contentURL!, size: file.size)
            #expect(listed.source == .ranges && listed.entries.count == archive.members.count)
            #expect(listed.requests <= 4, "the container's answer, then at most 3 ranges: \(listed.requests)")
        }
    }
}

/// A GET as an RDM client makes it (this user's token, InvenioRDM's JSON), read loosely.
enum RDMGet {
    static func json(_ url: String) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: url)!)
        request.setValue("Bearer \(Harness.token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/vnd.inveniordm.v1+json", forHTTPHeaderField: "Accept")
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONValue.decode(data)
    }
}

extension ContainerAPITests {
    /// A directory the archive lists as an entry is answered with a ZIP of what is under it
    /// (`_zip_directory`: relative names, its folders as entries, deflated, no length, named after
    /// the folder); a folder it does not list is 404, as `open` finds no entry for it.
    @Test func aListedDirectoryIsAnsweredAsAZipOfItsOwn() async throws {
        try await Harness.with { h in
            let work = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: work) }
            let zip = work.appendingPathComponent("tree.zip")
            let script = """
                import sys, zipfile
                with zipfile.ZipFile(sys.argv[1], "w") as z:
                    z.writestr(zipfile.ZipInfo("data/"), "")
                    z.writestr(zipfile.ZipInfo("data/2021/"), "")
                    z.writestr("data/2021/a.csv", "year,value\\n" + "2021,1\\n" * 500, compress_type=zipfile.ZIP_DEFLATED)
                    z.writestr("data/top.txt", "top\\n")
                    z.writestr("other/b.txt", "b\\n")
                """
            #expect(try await Tool.run("/usr/bin/python3", ["-c", script, zip.path]).status == 0)
            let id = try await MemberFetchTests.publish(h, zip, key: "tree.zip")
            let container = "\(h.server.apiURL)/records/\(id)/files/tree.zip/container"
            var request = URLRequest(url: URL(string: container + "/data")!)
            request.setValue("application/json", forHTTPHeaderField: "Accept")
            let (body, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 200)
            #expect(http.value(forHTTPHeaderField: "Content-Disposition") == "attachment; filename=\"data.zip\"")
            #expect(http.value(forHTTPHeaderField: "Content-Length") == nil, "streamed, as a generator is")
            let out = work.appendingPathComponent("data.zip")
            try body.write(to: out)
            let check = """
                import sys, zipfile
                z = zipfile.ZipFile(sys.argv[1])
                assert z.testzip() is None
                print(sorted(z.namelist()), z.getinfo("2021/a.csv").compress_type, len(z.read("2021/a.csv")))
                """
            let listed = try await Tool.run("/usr/bin/python3", ["-c", check, out.path])
            #expect(listed.status == 0, "\(listed.text)")
            #expect(listed.text.contains("['2021/', '2021/a.csv', 'top.txt'] 8 \(11 + 7 * 500)"), "\(listed.text)")
            let unlisted = try await RDMGet.json(container + "/other")
            #expect(unlisted["status"]?.int == 404, "\(unlisted)")
        }
    }
}
