import Crypto
import Foundation
import TestScratch
import Testing

/// `/api/files/{bucket}/{key}`: streamed, hashed, limited like Zenodo's bucket.
@Suite struct BucketTests {
    @Test func zenodosDocumentedFlowWithCurl() async throws {
        try await TestServer.with { server in
            let auth = "Authorization: Bearer \(TestServer.tokenA)"
            let created = try await Curl.run([
                "-H", auth, "-H", "Content-Type: application/json", "-d", "{}", server.depositions,
            ])
            #expect(created.status == 201)
            let draft = JSON(parse: Data(created.body.utf8))
            let bucket = try #require(draft["links"]["bucket"].string)

            let file = TestScratch.file("curl.bin")
            defer { try? FileManager.default.removeItem(at: file) }
            var data = Data(count: 3 * 1024 * 1024 + 17)
            for i in stride(from: 0, to: data.count, by: 4096) { data[i] = UInt8(i / 4096 % 251) }
            try data.write(to: file)
            let put = try await Curl.run(["-v", "-H", auth, "--upload-file", file.path, "\(bucket)/data%20file.bin"])
            #expect(put.status == 201)
            #expect(put.trace.contains("> Expect: 100-continue"), "curl asks before sending a body over 1 MiB")
            #expect(
                put.trace.contains("< HTTP/1.1 100 Continue"),
                "and LocalZenodo answers, so curl does not stall a second")
            let object = JSON(parse: Data(put.body.utf8))
            #expect(object["key"].string == "data file.bin")
            #expect(object["checksum"].string == "md5:" + md5Hex(data))

            let listed = try await Curl.run(["-H", auth, server.depositions])
            #expect(JSON(parse: Data(listed.body.utf8)).array.count == 1)
            let got = try await Curl.run(["-H", auth, "\(server.depositions)/\(draft["id"].int!)"])
            let files = JSON(parse: Data(got.body.utf8))["files"]
            #expect(files[0]["filename"].string == "data file.bin")
            #expect(files[0]["filesize"].int == data.count)
            #expect(files[0]["checksum"].string == md5Hex(data))

            let download = try await HTTP.get("\(bucket)/data%20file.bin")
            #expect(download.body == data)
        }
    }

    @Test func rejectsWrongContentTypeEmptyFilesLongKeysAndSlashes() async throws {
        try await TestServer.with { server in
            let bucket = try await server.create()["links"]["bucket"].string!
            let zip = try await HTTP.send(
                .PUT, "\(bucket)/a.zip", headers: [("Content-Type", "application/zip")], body: Data("x".utf8))
            #expect(zip.status == 415)
            #expect(
                zip.json["message"].string == "Invalid 'Content-Type' header. Expected one of: application/octet-stream"
            )
            let none = try await HTTP.send(.PUT, "\(bucket)/none.txt", body: Data("x".utf8))
            #expect(none.status == 201, "no Content-Type is accepted")
            let empty = try await server.put(Data(), key: "empty.txt", bucket: bucket)
            #expect(empty.status == 400)
            #expect(empty.json["message"].string == "Empty files are not accepted.")
            let long = try await server.put(Data("x".utf8), key: String(repeating: "k", count: 256), bucket: bucket)
            #expect(long.json["message"].string == "Filename is too long.")
            let exact = try await server.put(Data("x".utf8), key: String(repeating: "k", count: 255), bucket: bucket)
            #expect(exact.status == 201)
            let slash = try await HTTP.send(
                .PUT, "\(bucket)/dir%2Ffile.txt", headers: [("Content-Type", "application/octet-stream")],
                body: Data("x".utf8))
            #expect(slash.status == 404, "Zenodo decodes %2F before routing, so no route matches")
            #expect(slash.json["status"].int == 404)
        }
    }

    @Test func sameKeyReplacesAndUnicodeKeysRoundTrip() async throws {
        try await TestServer.with { server in
            let draft = try await server.create()
            let bucket = draft["links"]["bucket"].string!
            _ = try await server.put(Data("one".utf8), key: "Données été.csv", bucket: bucket)
            let second = try await server.put(Data("second".utf8), key: "Données été.csv", bucket: bucket)
            #expect(second.status == 201)
            let files = try await server.deposition(draft["id"].int!)["files"].array
            #expect(files.count == 1)
            #expect(files[0]["filename"].string == "Données été.csv", "bucket keys are stored as given")
            #expect(files[0]["checksum"].string == md5Hex(Data("second".utf8)))
            let key = "Données été.csv".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await HTTP.get("\(bucket)/\(key)").text == "second")
            #expect(try await HTTP.send(.DELETE, "\(bucket)/\(key)").status == 204)
            #expect(try await server.deposition(draft["id"].int!)["files"].array.isEmpty)
            #expect(try await HTTP.send(.DELETE, "\(bucket)/\(key)").status == 404)
        }
    }

    @Test func fileCountAndQuotaLimitsUseZenodosMessages() async throws {
        try await TestServer.with({ $0.limits = .init(maxFiles: 2, quota: 1000) }) { server in
            let bucket = try await server.create()["links"]["bucket"].string!
            #expect(try await server.put(Data(count: 400), key: "a", bucket: bucket).status == 201)
            #expect(try await server.put(Data(count: 400), key: "b", bucket: bucket).status == 201)
            let third = try await server.put(Data(count: 1), key: "c", bucket: bucket)
            #expect(third.status == 400)
            #expect(
                third.json["message"].string
                    == "Uploading selected files will result in exceeding the max amount per record.")
            let replace = try await server.put(Data(count: 500), key: "b", bucket: bucket)
            #expect(replace.status == 201, "replacing a key frees its old size and count")
            let over = try await server.put(Data(count: 700), key: "a", bucket: bucket)
            #expect(over.status == 400)
            #expect(over.json["message"].string == "Bucket quota exceeded.")
            let huge = try await server.put(Data(count: 1001), key: "a", bucket: bucket)
            #expect(huge.json["message"].string == "File size limit exceeded.")
        }
    }

    @Test func publishedBucketsAreLockedAndOtherUsersAreRefused() async throws {
        try await TestServer.with { server in
            let id = try await server.publishedRecord()
            let bucket = try await server.deposition(id)["links"]["bucket"].string!
            #expect(try await server.put(Data("x".utf8), key: "late.txt", bucket: bucket).status == 403)
            #expect(try await HTTP.send(.DELETE, "\(bucket)/readings.csv").status == 403)
            let draftBucket = try await server.create()["links"]["bucket"].string!
            #expect(
                try await server.put(Data("x".utf8), key: "x", bucket: draftBucket, token: TestServer.tokenB).status
                    == 403)
            #expect(try await HTTP.get("\(server.api)/files/00000000-0000-0000-0000-000000000000/x").status == 404)
        }
    }

    @Test func bucketListingFailsAsOnZenodo() async throws {
        try await TestServer.with { server in
            let bucket = try await server.create()["links"]["bucket"].string!
            let listing = try await HTTP.get(bucket)
            #expect(listing.status == 500)
            #expect(listing.json["error_id"].exists)
        }
    }

    /// A 256 MiB upload streamed through the server: its MD5 is right and the server's memory does
    /// not grow with the file (the server runs as its own process so its RSS can be read).
    @Test func largeUploadStreamsWithFlatMemory() async throws {
        let process = try ServeProcess.start(["--token", TestServer.tokenA])
        defer { process.stop() }
        let draft = JSON(
            parse: try await Curl.run([
                "-H", "Authorization: Bearer \(TestServer.tokenA)", "-H", "Content-Type: application/json", "-d", "{}",
                process.api + "/deposit/depositions",
            ]).body.data(using: .utf8)!)
        let size = 256 * 1024 * 1024
        let file = TestScratch.file("big.bin")
        defer { try? FileManager.default.removeItem(at: file) }
        var md5 = Insecure.MD5()
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        var chunk = Data(count: 1 << 20)
        for i in 0..<(size >> 20) {
            chunk[0] = UInt8(i & 0xff)
            chunk[chunk.count - 1] = UInt8((i * 7) & 0xff)
            md5.update(data: chunk)
            handle.write(chunk)
        }
        try handle.close()
        let expected = md5.finalize().map { String(format: "%02x", $0) }.joined()
        let before = process.peakRSSKiB()
        let put = try await Curl.run([
            "-H", "Authorization: Bearer \(TestServer.tokenA)", "--upload-file", file.path,
            draft["links"]["bucket"].string! + "/big.bin",
        ])
        #expect(put.status == 201)
        #expect(JSON(parse: Data(put.body.utf8))["checksum"].string == "md5:" + expected)
        let growth = process.peakRSSKiB() - before
        #expect(growth < 64 * 1024, "peak RSS grew by \(growth) KiB for a 256 MiB upload")
    }
}
