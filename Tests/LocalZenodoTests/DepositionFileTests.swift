import Foundation
import Testing

/// `/api/deposit/depositions/{id}/files`: the old form upload, listing, deletion, and the 405s.
@Suite struct DepositionFileTests {
    static func multipart(filename: String, name: String?, content: Data, boundary: String = "XyZzy") -> Data {
        var body = Data()
        if let name {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n\(name)\r\n".utf8))
        }
        body.append(
            Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .utf8))
        body.append(content)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return body
    }

    @Test func formUploadMakesKeysSafeAndAnswersALegacyFile() async throws {
        try await TestServer.with { server in
            let id = try await server.create()["id"].int!
            let content = Data("col\n1\n".utf8)
            let reply = try await HTTP.send(
                .POST, "\(server.depositions)/\(id)/files",
                headers: [("Content-Type", "multipart/form-data; boundary=XyZzy")],
                body: Self.multipart(filename: "ignored.csv", name: "../Données été.csv", content: content))
            #expect(reply.status == 201)
            #expect(reply.json["filename"].string == "Donnees_ete.csv")
            #expect(reply.json["checksum"].string == md5Hex(content))
            #expect(reply.json["filesize"].int == content.count)
            let fileID = try #require(reply.json["id"].string)

            let listed = try await HTTP.get("\(server.depositions)/\(id)/files")
            #expect(listed.json.array.map { $0["id"].string } == [fileID])
            let one = try await HTTP.get("\(server.depositions)/\(id)/files/\(fileID)")
            #expect(one.json["filename"].string == "Donnees_ete.csv")
            let download = try await HTTP.get(one.json["links"]["download"].string!)
            #expect(download.body == content)

            #expect(try await HTTP.send(.PUT, "\(server.depositions)/\(id)/files", json: Body([:])).status == 405)
            #expect(
                try await HTTP.send(.PUT, "\(server.depositions)/\(id)/files/\(fileID)", json: Body(["filename": "x"]))
                    .status == 405)
            #expect(try await HTTP.send(.DELETE, "\(server.depositions)/\(id)/files/\(fileID)").status == 204)
            #expect(try await HTTP.get("\(server.depositions)/\(id)/files").json.array.isEmpty)
            #expect(try await HTTP.get("\(server.depositions)/\(id)/files/\(fileID)").status == 404)
        }
    }

    /// The form upload inits a file: a key that exists is refused, not replaced (row D4).
    @Test func aFormUploadToAKeyThatExistsIs400() async throws {
        try await TestServer.with { server in
            let id = try await server.create()["id"].int!
            func upload(_ text: String) async throws -> Reply {
                try await HTTP.send(
                    .POST, "\(server.depositions)/\(id)/files",
                    headers: [("Content-Type", "multipart/form-data; boundary=XyZzy")],
                    body: Self.multipart(filename: "a.csv", name: nil, content: Data(text.utf8)))
            }
            #expect(try await upload("1\n").status == 201)
            let again = try await upload("2\n")
            #expect(again.status == 400)
            #expect(again.json["message"].string == "File with key a.csv already exists.")
            let listed = try await HTTP.get("\(server.depositions)/\(id)/files")
            #expect(listed.json.array.first?["checksum"].string == md5Hex(Data("1\n".utf8)), "the first stays")
        }
    }

    @Test func formUploadOverTheProxyLimitGetsAnHTML413() async throws {
        try await TestServer.with({ $0.formUploadLimit = 1000 }) { server in
            let id = try await server.create()["id"].int!
            let reply = try await HTTP.send(
                .POST, "\(server.depositions)/\(id)/files",
                headers: [("Content-Type", "multipart/form-data; boundary=XyZzy")],
                body: Self.multipart(filename: "big.bin", name: nil, content: Data(count: 2000)))
            #expect(reply.status == 413)
            #expect(reply.header("Content-Type") == "text/html")
            #expect(reply.text.contains("413 Request Entity Too Large"))
        }
    }

    @Test func publishedFilesCannotBeDeletedButListWithRecordLinks() async throws {
        try await TestServer.with { server in
            let id = try await server.publishedRecord()
            let files = try await HTTP.get("\(server.depositions)/\(id)/files")
            #expect(files.status == 200)
            let file = files.json[0]
            #expect(file["links"]["download"].string == "\(server.api)/records/\(id)/files/readings.csv/content")
            #expect(try await HTTP.get(file["links"]["download"].string!, token: nil).text == "a,b\n1,2\n")
            let embedded = try await server.deposition(id)["files"][0]["links"]["download"].string!
            #expect(embedded.contains("/draft/files/"), "the embedded link points at the draft route, as on Zenodo")
            #expect(
                try await HTTP.get(embedded).status == 404, "and is broken for a published record (zenodo-rdm#1196)")
            let deleted = try await HTTP.send(.DELETE, "\(server.depositions)/\(id)/files/\(file["id"].string!)")
            #expect(deleted.status == 403)
        }
    }
}
