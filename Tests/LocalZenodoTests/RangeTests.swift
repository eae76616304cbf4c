import Foundation
import LocalZenodo
import Testing

/// Downloads part-way (issue 13): LocalZenodo answers `Range` as zenodo.org does for record files
/// (zenodo/zenodo#1599): 206 with `Content-Range`, 416 past the end, `ETag: "md5:…"`.
@Suite struct RangeTests {
    @Test func rangesAreServedAndRefusedPastTheEnd() async throws {
        try await TestServer.with { server in
            let data = Data((0..<1000).map { UInt8($0 % 251) })
            let id = try await server.publishedRecord(files: ["range.bin": data])
            let url = "\(server.api)/records/\(id)/files/range.bin/content"
            let whole = try await HTTP.get(url, token: nil)
            #expect(whole.status == 200 && whole.body == data)
            #expect(whole.header("Accept-Ranges") == "bytes")
            #expect(whole.header("ETag") == "\"md5:\(md5Hex(data))\"")
            let tail = try await HTTP.send(.GET, url, token: nil, headers: [("Range", "bytes=600-")])
            #expect(tail.status == 206)
            #expect(tail.header("Content-Range") == "bytes 600-999/1000")
            #expect(tail.body == data.subdata(in: 600..<1000))
            let middle = try await HTTP.send(.GET, url, token: nil, headers: [("Range", "bytes=10-19")])
            #expect(middle.status == 206 && middle.body == data.subdata(in: 10..<20))
            let past = try await HTTP.send(.GET, url, token: nil, headers: [("Range", "bytes=1000-")])
            #expect(past.status == 416)
            #expect(past.header("Content-Range") == "bytes */1000")
            let several = try await HTTP.send(.GET, url, token: nil, headers: [("Range", "bytes=0-1,5-6")])
            #expect(several.status == 200, "several ranges: the whole file")
        }
    }

    @Test func aServerThatIgnoresRangesSendsTheWholeFile() async throws {
        try await TestServer.with({ $0.ignoresRanges = true }) { server in
            let data = Data((0..<100).map { UInt8($0) })
            let id = try await server.publishedRecord(files: ["r.bin": data])
            let reply = try await HTTP.send(.GET, "\(server.api)/records/\(id)/files/r.bin/content", token: nil, headers: [("Range", "bytes=50-")])
            #expect(reply.status == 200 && reply.body == data)
            #expect(reply.header("Accept-Ranges") == nil)
        }
    }
}
