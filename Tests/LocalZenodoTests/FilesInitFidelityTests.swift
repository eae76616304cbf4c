import Crypto
import Foundation
import LocalZenodo
import TestScratch
import Testing

/// The native files API as invenio-records-resources' `FileService` and its components answer
/// (issue 27): what an existing InvenioRDM client sends first must work.
@Suite struct FilesInitFidelityTests {
    static let rdm = NativeAPITests.rdmAccept

    func draft(_ server: TestServer, _ extra: [String: Any] = [:]) async throws -> (Int, String) {
        var body: [String: Any] = ["metadata": NativeAPITests.metadata]
        for (key, value) in extra { body[key] = value }
        let created = try await HTTP.send(.POST, "\(server.api)/records", headers: Self.rdm, json: Body(body))
        let id = try #require(Int(created.json["id"].string ?? ""), "\(created.text)")
        return (id, "\(server.api)/records/\(id)/draft/files")
    }

    @Test(arguments: [Flavor.production, .inveniordm])
    func anInitWithOnlyAKeyIsAcceptedAndEmptinessIsJudgedAtCommit(_ flavor: Flavor) async throws {
        try await TestServer.with({ $0.flavor = flavor }) { server in
            let (_, base) = try await draft(server)
            let initialised = try await HTTP.send(.POST, base, rawArray: [["key": "notes.txt"]])
            #expect(initialised.status == 201, "only `key` is required (InitFileSchemaMixin): \(initialised.text)")
            let put = try await HTTP.send(
                .PUT, "\(base)/notes.txt/content", headers: [("Content-Type", "application/octet-stream")],
                body: Data("hello".utf8))
            #expect(put.status == 200)
            let committed = try await HTTP.send(.POST, "\(base)/notes.txt/commit")
            #expect(committed.status == 200)
            #expect(committed.json["size"].int == 5)

            // An empty file: refused at commit where RECORDS_RESOURCES_ALLOW_EMPTY_FILES is off (Zenodo).
            _ = try await HTTP.send(.POST, base, rawArray: [["key": "empty.txt"]])
            _ = try await HTTP.send(
                .PUT, "\(base)/empty.txt/content", headers: [("Content-Type", "application/octet-stream")], body: Data()
            )
            let empty = try await HTTP.send(.POST, "\(base)/empty.txt/commit")
            if flavor == .inveniordm {
                #expect(empty.status == 200, "InvenioRDM allows empty files by default: \(empty.text)")
                #expect(empty.json["status"].string == "completed")
            } else {
                #expect(empty.status == 400)
                #expect(empty.json["message"].string == "Empty files are not accepted.")
                let entry = try await HTTP.get("\(base)/empty.txt")
                #expect(entry.json["status"].string == "pending", "the commit's transaction is rolled back")
            }
        }
    }

    @Test func anEmptyInitIsRefusedAndTheAnswerListsEveryFile() async throws {
        try await TestServer.with { server in
            let (_, base) = try await draft(server)
            let none = try await HTTP.send(.POST, base, rawArray: [])
            #expect(none.status == 400)
            #expect(none.json["errors"][0]["messages"][0].string == "No files to upload.")
            _ = try await HTTP.send(.POST, base, rawArray: [["key": "a.txt"]])
            let second = try await HTTP.send(.POST, base, rawArray: [["key": "b.txt"]])
            let keys = second.json["entries"].array.compactMap { $0["key"].string }.sorted()
            #expect(keys == ["a.txt", "b.txt"], "results=record.files.values(): all of them")
        }
    }

    @Test func pendingFilesCountTowardsTheLimitAndOneInitIsJudgedWhole() async throws {
        try await TestServer.with({ $0.limits = Limits(maxFiles: 3) }) { server in
            let (_, base) = try await draft(server)
            let tooMany = try await HTTP.send(
                .POST, base, rawArray: [["key": "1"], ["key": "2"], ["key": "3"], ["key": "4"]])
            #expect(tooMany.status == 400, "four keys in one init")
            #expect(
                tooMany.json["message"].string
                    == "Uploading selected files will result in exceeding the max amount per record.")
            #expect(try await HTTP.send(.POST, base, rawArray: [["key": "1"], ["key": "2"]]).status == 201)
            let third = try await HTTP.send(.POST, base, rawArray: [["key": "3"], ["key": "4"]])
            #expect(third.status == 400, "two pending files count: \(third.text)")
        }
    }

    @Test func anUnknownKeyIsTheServicesNotFound() async throws {
        try await TestServer.with { server in
            let (id, base) = try await draft(server)
            for reply in [
                try await HTTP.get("\(base)/nope.txt"), try await HTTP.send(.POST, "\(base)/nope.txt/commit"),
                try await HTTP.send(
                    .PUT, "\(base)/nope.txt/content", headers: [("Content-Type", "application/octet-stream")],
                    body: Data("x".utf8)),
                try await HTTP.send(.DELETE, "\(base)/nope.txt"),
            ] {
                #expect(reply.status == 404)
                #expect(
                    reply.json["message"].string == "Record '\(id)' has no file 'nope.txt'.", "FileKeyNotFoundError")
            }
        }
    }

    @Test(arguments: [MultipartChecksum.deferred, .s3])
    func aMultipartCommitHashesNothingAndTheMD5ComesLater(_ mode: MultipartChecksum) async throws {
        try await TestServer.with({
            $0.flavor = .inveniordm
            $0.multipartChecksum = mode
            $0.multipartChecksumDelay = 0.5
        }) { server in
            let (_, base) = try await draft(server)
            var data = Data(count: 2500)
            for i in data.indices { data[i] = UInt8(i % 251) }
            _ = try await HTTP.send(
                .POST, base,
                rawArray: [["key": "p.bin", "size": 2500, "transfer": ["type": "M", "parts": 3, "part_size": 1000]]])
            for part in 1...3 {
                let range = (part - 1) * 1000..<min(part * 1000, 2500)
                _ = try await HTTP.send(
                    .PUT, "\(base)/p.bin/content/\(part)", headers: [("Content-Type", "application/octet-stream")],
                    body: data.subdata(in: range))
            }
            let committed = try await HTTP.send(.POST, "\(base)/p.bin/commit")
            #expect(committed.status == 200)
            if mode == .s3 {
                var digests = Data()
                for part in 0..<3 {
                    digests.append(
                        contentsOf: Insecure.MD5.hash(
                            data: data.subdata(in: part * 1000..<min((part + 1) * 1000, 2500))))
                }
                let etag = Insecure.MD5.hash(data: digests).map { String(format: "%02x", $0) }.joined()
                #expect(
                    committed.json["checksum"].string == "multipart:\(etag)-3-1000",
                    "S3's multipart ETag, then the part size")
            } else {
                #expect(committed.json["checksum"] == .null, "no hash at commit: \(committed.text)")
            }
            let md5 = Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined()
            let filled = try await eventually {
                try await HTTP.get("\(base)/p.bin").json["checksum"].string == "md5:" + md5
            }
            #expect(filled, "the background task's MD5 shows a moment later")
        }
    }

    @Test func metadataOnlyRecordsWhereTheInstanceAllowsThem() async throws {
        try await TestServer.with({ $0.flavor = .inveniordm }) { server in
            let (id, base) = try await draft(server, ["files": ["enabled": false]])
            let read = try await HTTP.send(.GET, "\(server.api)/records/\(id)/draft", headers: Self.rdm)
            #expect(read.json["files"]["enabled"] == .bool(false))
            let refused = try await HTTP.send(.POST, base, rawArray: [["key": "a.txt"]])
            #expect(refused.status == 403, "files are disabled: InvalidOperationError")
            #expect(refused.json["message"].string == "Files are not enabled.")
            let published = try await HTTP.send(
                .POST, "\(server.api)/records/\(id)/draft/actions/publish", headers: Self.rdm)
            #expect(published.status == 202, "publish needs no files: \(published.text)")
            #expect(published.json["files"]["enabled"] == .bool(false))
        }
    }

    @Test func zenodoRefusesMetadataOnlyInTheDraftsErrors() async throws {
        try await TestServer.with { server in
            let (id, _) = try await draft(server)
            var body: [String: Any] = ["metadata": NativeAPITests.metadata]
            body["files"] = ["enabled": false]
            let updated = try await HTTP.send(
                .PUT, "\(server.api)/records/\(id)/draft", headers: Self.rdm, json: Body(body))
            #expect(updated.status == 200)
            #expect(
                updated.json["files"]["enabled"] == .bool(true), "RDM_ALLOW_METADATA_ONLY_RECORDS is false on Zenodo")
            let messages = updated.json["errors"].array.filter { $0["field"].string == "files.enabled" }.flatMap {
                $0["messages"].array
            }
            #expect(messages.first?.string == "You don't have permissions to manage files options.")
            let zenodoJSON = try await HTTP.send(.PUT, "\(server.api)/records/\(id)/draft", json: Body(body))
            #expect(zenodoJSON.json["errors"] == .missing, "ZenodoSchema has no `errors` (sample 05)")
        }
    }

    @Test func publishNamesMetadataFirstAndFilesOnlyOnceItIsValid() async throws {
        try await TestServer.with { server in
            let created = try await HTTP.send(.POST, "\(server.api)/records", headers: Self.rdm, json: Body([:]))
            let id = try #require(Int(created.json["id"].string ?? ""))
            let publish = "\(server.api)/records/\(id)/draft/actions/publish"
            let first = try await HTTP.send(.POST, publish, headers: Self.rdm)
            let fields = first.json["errors"].array.compactMap { $0["field"].string }
            #expect(!fields.isEmpty && fields.allSatisfy { $0.hasPrefix("metadata.") }, "\(fields)")
            _ = try await HTTP.send(
                .PUT, "\(server.api)/records/\(id)/draft", headers: Self.rdm,
                json: Body(["metadata": NativeAPITests.metadata]))
            _ = try await HTTP.send(.POST, "\(server.api)/records/\(id)/draft/files", rawArray: [["key": "late.bin"]])
            let second = try await HTTP.send(.POST, publish, headers: Self.rdm)
            #expect(second.json["errors"][0]["field"].string == "files")
            #expect(
                second.json["errors"][0]["messages"][0].string
                    == "One or more files have not completed their transfer, please wait.")
        }
    }
}

/// A content PUT that breaks off (issue 27, row A19): InvenioRDM answers 200 with `errors`.
@Suite struct BrokenTransferTests {
    @Test func aBrokenContentPUTAnswers200WithErrorsAndDeletesThePendingFile() async throws {
        try await TestServer.with { server in
            let (id, base) = try await FilesInitFidelityTests().draft(server)
            _ = try await HTTP.send(
                .POST, FaultTests.faultsURL(server),
                json: Body([
                    "method": "PUT", "path": "/api/records/*/draft/files/*/content", "action": "break_transfer",
                ]))
            _ = try await HTTP.send(.POST, base, rawArray: [["key": "a.bin"]])
            let put = try await HTTP.send(
                .PUT, "\(base)/a.bin/content", headers: [("Content-Type", "application/octet-stream")],
                body: Data("abc".utf8))
            #expect(put.status == 200, "FailedFileUploadException is caught by the service")
            #expect(put.json["errors"].string == "File upload transfer failed.")
            #expect(put.json["key"].string == "a.bin")
            let gone = try await HTTP.get("\(base)/a.bin")
            #expect(
                gone.status == 404 && gone.json["message"].string == "Record '\(id)' has no file 'a.bin'.",
                "the file record is deleted")
        }
    }

    @Test func aWrongPartSizeKeepsTheFileAndAPUTToACommittedFileDeletesIt() async throws {
        try await TestServer.with({ $0.flavor = .inveniordm }) { server in
            let (id, base) = try await FilesInitFidelityTests().draft(server)
            _ = try await HTTP.send(
                .POST, base,
                rawArray: [["key": "p.bin", "size": 2000, "transfer": ["type": "M", "parts": 2, "part_size": 1000]]])
            let short = try await HTTP.send(
                .PUT, "\(base)/p.bin/content/1", headers: [("Content-Type", "application/octet-stream")],
                body: Data(count: 999))
            #expect(
                short.status == 200 && short.json["errors"].string == "File upload transfer failed.", "\(short.text)")
            #expect(
                try await HTTP.get("\(base)/p.bin").json["status"].string == "pending",
                "a part's failure keeps the file")
            // A whole-content PUT to a multipart file is a broken transfer too: the file goes.
            let whole = try await HTTP.send(
                .PUT, "\(base)/p.bin/content", headers: [("Content-Type", "application/octet-stream")],
                body: Data(count: 2000))
            #expect(
                whole.status == 200 && whole.json["errors"].string == "File upload transfer failed.", "\(whole.text)")
            #expect(try await HTTP.get("\(base)/p.bin").status == 404)

            _ = try await HTTP.send(.POST, base, rawArray: [["key": "done.txt"]])
            _ = try await HTTP.send(
                .PUT, "\(base)/done.txt/content", headers: [("Content-Type", "application/octet-stream")],
                body: Data("1".utf8))
            _ = try await HTTP.send(.POST, "\(base)/done.txt/commit")
            let again = try await HTTP.send(
                .PUT, "\(base)/done.txt/content", headers: [("Content-Type", "application/octet-stream")],
                body: Data("2".utf8))
            #expect(again.status == 200 && again.json["errors"].string == "File upload transfer failed.")
            #expect(
                try await HTTP.get("\(base)/done.txt").json["message"].string
                    == "Record '\(id)' has no file 'done.txt'.")
        }
    }
}
