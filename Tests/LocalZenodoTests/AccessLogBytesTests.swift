import Foundation
import LocalZenodo
import TestScratch
import Testing

/// The access log's `bytes=N` is the body bytes actually sent (issue 31): a whole answer its
/// length, a range its range, a download cut off part-way (the `truncate` fault) what went before
/// the cut, not what the answer announced. The line is settled once the body has gone, so the test
/// waits for it (with a deadline), never for a time.
@Suite struct AccessLogBytesTests {
    /// The newest entry for `target` once its bytes are `expected` (or as it is at the deadline).
    static func settled(_ server: TestServer, _ target: String, _ expected: Int) async throws -> AccessLogEntry? {
        func entry() -> AccessLogEntry? { server.server.accessLog.all().last { $0.target.hasSuffix(target) } }
        _ = await eventually(within: 60) { entry()?.bytes == expected }
        return entry()
    }

    @Test func aCutDownloadLogsWhatWentNotWhatWasAnnounced() async throws {
        try await TestServer.with { server in
            let data = Data((0..<200_000).map { UInt8($0 % 251) })
            let id = try await server.publishedRecord(files: ["big.bin": data])
            let url = "\(server.api)/records/\(id)/files/big.bin/content"
            let whole = try await HTTP.get(url, token: nil)
            #expect(whole.body == data)
            #expect(try await Self.settled(server, "big.bin/content", 200_000)?.bytes == 200_000)
            let range = try await HTTP.send(.GET, url, token: nil, headers: [("Range", "bytes=1000-1999")])
            #expect(range.status == 206)
            #expect(try await Self.settled(server, "big.bin/content", 1000)?.bytes == 1000)

            try await FaultTests.inject(
                server,
                [
                    "method": "GET", "path": "/api/records/*/files/big.bin/content", "times": 1, "action": "truncate",
                    "after_bytes": 4096,
                ])
            _ = try? await HTTP.get(url, token: nil)
            let cut = try await Self.settled(server, "big.bin/content", 4096)
            #expect(cut?.bytes == 4096, "\(String(describing: cut))")
            #expect(cut?.line.hasSuffix("bytes=4096") == true)
        }
    }
}
