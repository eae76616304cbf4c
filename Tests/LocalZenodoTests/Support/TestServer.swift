import AsyncHTTPClient
import Foundation
import LocalZenodo
import NIOCore
import NIOHTTP1

/// LocalZenodo started in-process on a free loopback port, with two users and the fault API.
struct TestServer {
    static let tokenA = "token-alice-0123456789"
    static let tokenB = "token-bob-9876543210"

    let server: LocalZenodoServer
    var api: String { server.apiURL }

    static func start(_ adjust: (inout LocalZenodoConfiguration) -> Void = { _ in }) async throws -> TestServer {
        var configuration = LocalZenodoConfiguration()
        configuration.port = 0
        configuration.tokens = [tokenA, tokenB]
        configuration.faultsAPI = true
        configuration.logger.logLevel = .warning
        // An instance with subjects (InvenioRDM ships none): the fixtures' MeSH, ANZSRC and LCSH.
        configuration.subjects = SubjectSeed.fixtures
        adjust(&configuration)
        return TestServer(server: try await LocalZenodoServer.start(configuration))
    }

    /// Runs `body` against a fresh server and stops it afterwards, even when `body` throws.
    static func with<T>(
        _ adjust: (inout LocalZenodoConfiguration) -> Void = { _ in }, _ body: (TestServer) async throws -> T
    ) async throws -> T {
        let server = try await start(adjust)
        do {
            let result = try await body(server)
            await server.server.stop()
            return result
        } catch {
            await server.server.stop()
            throw error
        }
    }
}

/// A response as the tests look at it.
struct Reply {
    var status: Int
    var headers: HTTPHeaders
    var body: Data

    var json: JSON { JSON(parse: body) }
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// Plain HTTP against the server: no ZenodoKit, so these tests check the wire, not a client.
enum HTTP {
    /// One client for the test process; redirects are not followed so that they can be checked.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(30)))
    )

    static func send(
        _ method: HTTPMethod, _ url: String, token: String? = TestServer.tokenA, headers: [(String, String)] = [],
        body: Data? = nil, json: Body? = nil
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.headers.add(name: "User-Agent", value: "LocalZenodoTests")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: json.data))
        } else if let body {
            request.body = .bytes(ByteBuffer(data: body))
        }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(60))
        let data = try await response.body.collect(upTo: 256 * 1024 * 1024)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: data))
    }

    /// A JSON array body (the native files init takes one).
    static func send(
        _ method: HTTPMethod, _ url: String, token: String? = TestServer.tokenA, json: Body? = nil,
        rawArray: [[String: Any]]
    ) async throws -> Reply {
        try await send(method, url, token: token, json: Body(array: rawArray))
    }

    static func get(_ url: String, token: String? = TestServer.tokenA) async throws -> Reply {
        try await send(.GET, url, token: token)
    }
}
