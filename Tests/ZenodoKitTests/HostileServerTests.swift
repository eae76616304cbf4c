import Foundation
import TestScratch
import TestSupport
import Testing
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// A hostile or broken server gets nothing (issue 26): no disk filled by a body that never ends,
/// no command held by a body trickled a byte at a time, no listing that never ends, no redirect
/// to a local socket, and failures on another host named by that host.
@Suite struct HostileServerTests {
    /// What a download of `/api/f` from `server` ended with: its error (`nil` if it succeeded) and
    /// the names left in the directory it wrote into (removed afterwards).
    static func download(from server: RawServer, expectedSize: Int64? = nil) async throws -> (
        error: ZenodoError?, left: [String: Int]
    ) {
        let (client, transport) = try server.client()
        let directory = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var failure: ZenodoError?
        do {
            try await client.download(
                "http://127.0.0.1:\(server.port)/api/f", to: directory.appendingPathComponent("f"), expectedMD5: nil,
                expectedSize: expectedSize)
        } catch let error as ZenodoError {
            failure = error
        }
        await transport.shutdown()
        var left: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            left[name] = (try? Data(contentsOf: directory.appendingPathComponent(name)).count) ?? -1
        }
        return (failure, left)
    }

    /// A record lists a 5-byte file and its content never ends: the download stops at the listed
    /// size and fails in words; nothing past 5 bytes reaches the disk.
    @Test(.timeLimit(.minutes(3)))
    func aDownloadStopsAtTheListedSize() async throws {
        let sent = RawServer.Counter()
        let server = try RawServer { connection in
            // No Content-Length: the body ends when the connection does, which it never does.
            guard
                RawServer.send(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
                    to: connection)
            else { return }
            let filler = [UInt8](repeating: 0x41, count: 1 << 16)
            while true {
                let n = filler.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return }
                sent.add(n)
            }
        }
        defer { server.stop() }
        let (error, left) = try await Self.download(from: server, expectedSize: 5)
        #expect(error?.message.contains("more than the 5 bytes listed") == true, "\(error?.message ?? "accepted")")
        #expect(left["f"] == nil, "nothing under the file's name")
        #expect((left[".f.zenodo-tui-part"] ?? 0) <= 5, "nothing past the listed size was written: \(left)")
        #expect(sent.value < 64 << 20, "it stopped reading early: \(sent.value) bytes left the server")
    }

    /// A `Content-Length` that cannot be the rest of the listed file is refused at the head.
    @Test func aLengthThatDisagreesWithTheListingIsRefusedBeforeAByteIsWritten() async throws {
        let server = try RawServer.lying(declared: 1_000_000, body: Array(repeating: 0x42, count: 1000))
        defer { server.stop() }
        let (error, left) = try await Self.download(from: server, expectedSize: 10)
        #expect(
            error?.message.contains("announced 1000000 bytes from byte 0 for a file listed as 10 bytes") == true,
            "\(error?.message ?? "accepted")")
        #expect(left.isEmpty, "\(left)")
    }

    /// An API answer trickled a byte every 200 ms ends at the exchange's deadline, in words (it
    /// used to end only when the server stopped).
    @Test(.timeLimit(.minutes(3)))
    func aTrickledAnswerEndsAtTheDeadline() async throws {
        let server = try RawServer { connection in
            guard
                RawServer.send(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[",
                    to: connection)
            else { return }
            for _ in 0..<100_000 {
                usleep(200_000)  // the server's pace, not the test's synchronisation
                guard RawServer.send(" ", to: connection) else { return }
            }
        }
        defer { server.stop() }
        let profile = try ServerProfile(parsing: "http://127.0.0.1:\(server.port)/api")
        let transport = HTTPTransport(environment: [:], forHost: profile.host, apiDeadline: 2)
        let client = ZenodoClient(
            profile: profile, credentials: nil, transport: transport, sleep: { _ in })
        let started = ContinuousClock.now
        do {
            _ = try await client.depositions(DepositionQuery(), page: 1, size: 10)
            Issue.record("a trickled answer was waited for to the end")
        } catch let error as ZenodoError {
            #expect(error.message.contains("took more than 2 s to send its answer"), "\(error.message)")
            #expect(error.kind == .network)
        }
        let elapsed = ContinuousClock.now - started
        // The server would go on for 100,000 × 0.2 s (5.5 hours). A busy machine delays the
        // deadline's wake-up: 25 s once, with two CPU hogs beside the whole suite; 2.0 s quiet.
        #expect(elapsed < .seconds(120), "ended near the deadline, not when the server stopped: \(elapsed)")
        await transport.shutdown()
    }

    /// A server whose pages are always full of the same depositions: the listing ends at the
    /// first page with nothing new, after two requests. The limit only catches a listing without
    /// end: the whole suite beside two CPU hogs once took this test past one minute.
    @Test(.timeLimit(.minutes(3)))
    func aServerRepeatingItsPageEndsTheListing() async throws {
        let page = Self.page(ids: Array(1...10))
        let server = try RawServer { connection in
            _ = RawServer.send(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(page.utf8.count)\r\nConnection: close\r\n\r\n\(page)",
                to: connection)
        }
        defer { server.stop() }
        let (client, transport) = try server.client()
        var pages = 0
        var ids: [Int] = []
        for try await items in client.depositionPages(pageSize: 10) {
            pages += 1
            ids += items.map(\.id)
        }
        await transport.shutdown()
        #expect(ids == Array(1...10), "each deposition once")
        #expect(
            server.requests.count == 2, "stopped at the repeated page: \(server.requests.count) requests")
    }

    /// A server with ever new ids: the listing stops at Zenodo's 10,000-result window and says so.
    @Test(.timeLimit(.minutes(2)))
    func anEndlessListingStopsAtZenodosWindow() async throws {
        let counter = RawServer.Counter()
        let server = try RawServer { connection in
            counter.add(1)
            let start = counter.value * 1000
            let page = Self.page(ids: Array(start..<(start + 1000)))
            _ = RawServer.send(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(page.utf8.count)\r\nConnection: close\r\n\r\n\(page)",
                to: connection)
        }
        defer { server.stop() }
        let (client, transport) = try server.client()
        var count = 0
        do {
            for try await items in client.depositionPages(pageSize: 1000) { count += items.count }
            Issue.record("an endless listing ended without a word")
        } catch let error as ZenodoError {
            #expect(error.message.contains("listed 10000 depositions, the most"), "\(error.message)")
        }
        await transport.shutdown()
        #expect(count == 10_000)
        #expect(server.requests.count == 10)
    }

    static func page(ids: [Int]) -> String {
        "["
            + ids.map {
                #"{"id":\#($0),"state":"unsubmitted","submitted":false,"title":"t\#($0)","metadata":{"title":"t\#($0)"},"files":[],"links":{}}"#
            }.joined(separator: ",") + "]"
    }

    /// A download whose answer redirects to `http+unix://` (a local socket of the server's
    /// choosing), `file:` or plain `http` off this machine is refused in words.
    @Test func aRedirectToALocalSocketIsRefused() async throws {
        for location in [
            "http+unix://%2Ftmp%2Fdocker.sock/v1/containers", "file:///etc/passwd", "http://192.0.2.1/data.bin",
        ] {
            let server = try RawServer { connection in
                _ = RawServer.send(
                    "HTTP/1.1 302 Found\r\nLocation: \(location)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    to: connection)
            }
            defer { server.stop() }
            let (error, _) = try await Self.download(from: server)
            #expect(
                error?.message.contains("refusing to follow a redirect") == true,
                "\(location): \(error?.message ?? "followed")")
        }
    }

    /// A failure on the host a redirect led to is named by that host, with its own kind (404 is
    /// "not found", exit 4), not as the configured server's; no token went there.
    @Test func aFailureAfterACrossHostRedirectNamesTheOtherHost() async throws {
        let storage = try RawServer { connection in
            _ = RawServer.send(
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nno object",
                to: connection)
        }
        defer { storage.stop() }
        let server = try RawServer { connection in
            _ = RawServer.send(
                "HTTP/1.1 302 Found\r\nLocation: http://localhost:\(storage.port)/bucket/f\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                to: connection)
        }
        defer { server.stop() }
        let (error, _) = try await Self.download(from: server)
        #expect(error?.kind == .notFound, "\(error?.message ?? "accepted")")
        #expect(error?.message.contains("localhost:\(storage.port)") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("127.0.0.1:\(server.port)") == false, "\(error?.message ?? "")")
        #expect(!storage.requests.joined().lowercased().contains("authorization"))
    }

    /// Loopback is decided by the parsed address: a name that merely starts with `127.` is a name
    /// anyone can point anywhere, and gets neither plain HTTP nor the LOCAL badge.
    @Test func loopbackIsAnAddressNotASpelling() throws {
        #expect(throws: ZenodoError.self) { try ServerProfile(parsing: "http://127.evil.example/api") }
        #expect(throws: ZenodoError.self) { try ServerProfile(parsing: "http://127.0.0.1.nip.io/api") }
        for host in [
            "http://127.0.0.1:9/api", "http://127.3.4.5/api", "http://localhost:1/api",
            "http://[::1]:8/api", "http://[::ffff:127.0.0.1]:8/api",
        ] {
            #expect(try ServerProfile(parsing: host).isLoopback, "\(host)")
        }
        // An IPv6 address keeps one pair of brackets in the address the advice repeats.
        #expect(try ServerProfile(parsing: "http://[::1]:8/api").apiURL == "http://[::1]:8/api")
        #expect(try !ServerProfile(parsing: "https://127.evil.example/api").isLoopback)
    }
}
