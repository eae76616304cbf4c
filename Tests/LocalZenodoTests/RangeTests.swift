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

    /// Files go out with `sendfile` (a NIO file region below Hummingbird) unless told otherwise:
    /// the same bytes either way, for the whole file, ranges and `HEAD`, one answer after another
    /// on one kept-alive connection, with JSON answers in between.
    @Test(arguments: [true, false]) func filesSentWithSendfileAreTheBytesStreamed(sendsFiles: Bool) async throws {
        try await TestServer.with({ $0.sendsFiles = sendsFiles }) { server in
            let data = Data((0..<(3 << 20) + 17).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
            let id = try await server.publishedRecord(files: ["big.bin": data])
            let url = "\(server.api)/records/\(id)/files/big.bin/content"
            for _ in 0..<2 {
                let whole = try await HTTP.get(url, token: nil)
                #expect(
                    whole.status == 200 && whole.body == data && whole.header("Content-Length") == String(data.count))
                let part = try await HTTP.send(.GET, url, token: nil, headers: [("Range", "bytes=1048570-2097160")])
                #expect(part.status == 206 && part.body == data.subdata(in: 1_048_570..<2_097_161))
                let suffix = try await HTTP.send(.GET, url, token: nil, headers: [("Range", "bytes=-5")])
                #expect(suffix.status == 206 && suffix.body == data.suffix(5))
                let head = try await HTTP.send(.HEAD, url, token: nil)
                #expect(head.status == 200 && head.body.isEmpty && head.header("Content-Length") == String(data.count))
                let record = try await HTTP.get("\(server.api)/records/\(id)", token: nil)
                #expect(record.status == 200 && record.body.first == UInt8(ascii: "{"))
            }
        }
    }

    @Test func aServerThatIgnoresRangesSendsTheWholeFile() async throws {
        try await TestServer.with({ $0.ignoresRanges = true }) { server in
            let data = Data((0..<100).map { UInt8($0) })
            let id = try await server.publishedRecord(files: ["r.bin": data])
            let reply = try await HTTP.send(
                .GET, "\(server.api)/records/\(id)/files/r.bin/content", token: nil, headers: [("Range", "bytes=50-")])
            #expect(reply.status == 200 && reply.body == data)
            #expect(reply.header("Accept-Ranges") == nil)
        }
    }
}
