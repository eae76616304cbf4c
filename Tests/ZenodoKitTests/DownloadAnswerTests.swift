import Foundation
import TestScratch
import TestSupport
import Testing

@testable import ZenodoKit

/// How a download reads its answer (issue 13): the head alone decides where the body goes, and an
/// error page is read only as far as its message needs.
@Suite struct DownloadAnswerTests {
    @Test func theHeadDecidesWhereTheBodyGoes() {
        typealias A = ZenodoClient.DownloadAnswer
        let answer = ZenodoClient.answer(status:location:contentRange:have:)
        #expect(answer(200, nil, nil, 0) == A.body(offset: 0))
        #expect(
            answer(200, nil, nil, 500) == A.body(offset: 0),
            "a server that ignores the range: the whole file, from the start")
        #expect(answer(206, nil, "bytes 500-999/1000", 500) == A.body(offset: 500), "the rest, after the copy")
        #expect(
            answer(206, nil, "bytes 400-999/1000", 500) == A.body(offset: 0),
            "a range that does not continue the copy replaces it")
        #expect(answer(206, nil, nil, 500) == A.body(offset: 0))
        #expect(answer(206, nil, "bytes 0-99/1000", 0) == A.body(offset: 0))
        #expect(answer(302, "https://files.example/x", nil, 0) == A.redirect("https://files.example/x"))
        #expect(answer(302, nil, nil, 0) == A.failure, "a redirect to nowhere is an error")
        #expect(answer(416, nil, "bytes */1000", 1000) == A.nothingLeft)
        #expect(answer(404, nil, nil, 0) == A.failure)
        #expect(answer(503, nil, nil, 500) == A.failure)
    }

    /// A 100 MB error page where a file was expected: the message comes from the first MiB, the
    /// rest is not read (the connection is closed), and nothing is left on disk.
    @Test func aHugeErrorPageIsReadOnlyAsFarAsItsMessage() async throws {
        let sent = RawServer.Counter()
        let server = try RawServer.endless(
            status: "500 Internal Server Error", contentType: "text/html", contentLength: 100 << 20, sent: sent)
        defer { server.stop() }
        let (client, transport) = try server.client()
        let directory = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("data.bin")
        do {
            _ = try await client.download(
                "http://127.0.0.1:\(server.port)/api/records/1/files/data.bin/content", to: target, expectedMD5: nil)
            Issue.record("an error page was saved")
        } catch let error as ZenodoError {
            #expect(error.message.contains("500"), "\(error.message)")
        }
        await transport.shutdown()
        // The server stops sending once the client has closed: far less than the page's 100 MB
        // (the socket buffers on both sides hold a few MiB).
        #expect(sent.value < 32 << 20, "\(sent.value) bytes of the page were sent")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "nothing on disk")
    }
}

/// What a download refuses from a hostile server, as pure rules (issue 26).
@Suite struct DownloadGuardTests {
    /// Cutting off an answer longer than the listed size is final: `download` retries a corrupted
    /// copy, but the same server would send the same endless body again.
    @Test func anOversizedAnswerIsNotTriedAgain() {
        var policy = RetryPolicy(maxAttempts: 5)
        policy.retriesIntegrity = true
        #expect(policy.delay(after: ZenodoClient.oversize(listed: 5), attempt: 1, waited: 0) == nil)
        #expect(
            policy.delay(after: ZenodoError(.integrity, "checksum mismatch"), attempt: 1, waited: 0) != nil,
            "a corrupted copy still is")
    }

    @Test func aLengthMustBeTheRestOfTheListedFile() {
        #expect(ZenodoClient.lengthProblem(contentLength: 10, offset: 0, listed: 10) == nil)
        #expect(
            ZenodoClient.lengthProblem(contentLength: 6, offset: 4, listed: 10) == nil, "a resumed answer: the rest")
        #expect(
            ZenodoClient.lengthProblem(contentLength: nil, offset: 0, listed: 10) == nil,
            "chunked: bounded as it arrives")
        #expect(ZenodoClient.lengthProblem(contentLength: 11, offset: 0, listed: 10) != nil)
        #expect(ZenodoClient.lengthProblem(contentLength: 10, offset: 4, listed: 10) != nil)
    }

    @Test func aDownloadGoesOnlyToTheWeb() throws {
        try ZenodoClient.checkRedirectTarget("https://zenodo.org/api/records/1/files/a/content")
        try ZenodoClient.checkRedirectTarget("http://127.0.0.1:8766/api/files/a")
        for refused in [
            "http+unix://%2Fvar%2Frun%2Fdocker.sock/x", "file:///etc/passwd", "ftp://example.org/a",
            "http://example.org/a", "gopher://x/",
        ] {
            #expect(throws: ZenodoError.self, "\(refused)") { try ZenodoClient.checkRedirectTarget(refused) }
        }
    }
}
