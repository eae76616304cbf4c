import EssentialsExtras
import FoundationEssentials
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The whole HTTP surface of LocalZenodo: rate limiting, fault injection, routing and the access log
/// around the route handlers in the `LocalZenodoAPI+*.swift` files.
struct LocalZenodoAPI: HTTPResponder {
    typealias Context = LocalZenodoContext

    let store: DepositStore
    let address: ServerAddress
    let tokens: TokenTable
    let limits: Limits
    let rateLimiter: RateLimiter
    /// `records.search`'s own limit (Zenodo: 30 a minute, `RATELIMIT_PER_ENDPOINT`). It replaces the
    /// guest or user limit for that endpoint: invenio-app's `set_rate_limit` returns the endpoint's
    /// limit string instead of the others, and Flask-Limiter counts each limit string apart. Its
    /// answers carry this limit's headers.
    let searchLimiter: RateLimiter
    let faults: FaultTable
    let faultsAPI: Bool
    let accessLog: AccessLog
    let logger: Logger
    /// The multipart form upload's body limit (nginx's 100 MB in front of Zenodo).
    let formUploadLimit: Int
    /// Part PUTs of multipart uploads are stored (else 403, as on Zenodo today).
    let acceptsMultipartParts: Bool
    /// Answer every download whole (200), ignoring `Range`, as some servers do.
    let ignoresRanges: Bool
    /// Send files' bytes with `sendfile` (else read and written in 1 MiB buffers).
    let sendsFiles: Bool
    /// Serve the container API on ZIP files (list and extract members; `links.container`).
    var containerAPI = true
    /// Communities and their requests.
    var communities = CommunityStore([], tokens: TokenTable(tokens: []), now: Date())
    /// Secret links and grants, by parent.
    var sharing = SharingStore(directory: nil)
    /// Awards, funders, affiliations, names: the lookup vocabularies.
    var vocabularies = VocabularyStore.seeded
    /// The users behind the tokens (for grants and users search).
    var users = UserDirectory(tokens: [], seeds: [])
    /// What a multipart commit answers as the checksum, and after how many seconds the MD5 shows.
    let multipartChecksum: MultipartChecksum
    let multipartChecksumDelay: Double
    /// What time it is for the server.
    let clock: @Sendable () -> Date

    var links: Links { address.links }
    var legacy: LegacyJSON { LegacyJSON(links: links) }
    var zenodo: ZenodoJSON { ZenodoJSON(links: links, now: clock()) }

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let now = clock()
        let rawPath = request.uri.path
        let decoded = rawPath.percentDecoded ?? rawPath
        let caller = Caller.identify(headers: request.headers, query: request.uri.query, tokens: tokens)
        var call = Call(
            request: request, context: context, caller: caller, now: now,
            segments: decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init))

        var response: Response
        if call.segments.first == "_faults" {
            response = await outcome { try await faultsRoute(&call) }
        } else {
            let isSearch =
                (call.method == "GET" || call.method == "HEAD")
                && (call.segments == ["api", "records"] || call.segments == ["api", "records", ""])
            let verdict = (isSearch ? searchLimiter : rateLimiter).check(user: caller.user, now: now)
            if verdict.allowed {
                response = await outcome {
                    try await store.liftExpiredEmbargoes(now: now)
                    return try await withFaults(&call)
                }
            } else {
                response = Reply.error(
                    APIError(
                        status: 429, message: "\(verdict.limit) per 1 minute",
                        headers: [("retry-after", String(verdict.retryAfter))]))
            }
            // The application adds these to every answer it gives, lower-case as on the wire
            // (samples 05, 20, 23); a gateway page (nginx's own 502/503/504) has none. A 429 keeps
            // its own `retry-after` (an injected one may have none, to test backing off).
            if !Reply.isGatewayPage(response) {
                response.headers[Self.limitHeader] = String(verdict.limit)
                response.headers[Self.remainingHeader] = String(verdict.remaining)
                response.headers[Self.resetHeader] = String(verdict.reset)
                if response.status != .tooManyRequests {
                    response.headers[Self.retryAfterHeader] = String(verdict.retryAfter)
                }
            }
        }
        let query = QueryString.redacted(request.uri.query)
        let entry = AccessLogEntry(
            method: request.method.rawValue, target: rawPath + (query.map { "?" + $0 } ?? ""),
            status: response.status.code, credential: caller.credential.rawValue,
            bytes: response.headers[.contentLength].flatMap(Int.init),
            userAgent: request.headers[.userAgent], milliseconds: Self.milliseconds(since: started))
        let number = accessLog.append(entry)
        // The line is printed once the body has gone, with the bytes that went.
        let declared = response.body.contentLength
        let body = response.body
        let log = accessLog
        let logger = self.logger
        let isHead = request.method == .head
        response.body = ResponseBody(contentLength: declared) { writer in
            let sent = SentBytes()
            do {
                try await body.write(CountingWriter(inner: writer, sent: sent))
            } catch {
                Self.settle(entry, number, sent: sent.value, log: log, logger: logger)
                throw error
            }
            // A file region goes below the writer (`FileRegionSender`, sendfile) once the body's end
            // does: an end that went means the region went before it.
            Self.settle(
                entry, number, sent: sent.value == 0 && !isHead ? (declared ?? 0) : sent.value, log: log, logger: logger
            )
        }
        return response
    }

    /// The entry's bytes as sent, in the log and on its printed line (the logger's message is
    /// lazy: the settling is not left inside it).
    private static func settle(_ entry: AccessLogEntry, _ number: Int, sent: Int, log: AccessLog, logger: Logger) {
        var settled = log.settle(number, sent: sent) ?? entry
        settled.bytes = sent
        logger.info("\(settled.line)")
    }

    /// Turns thrown errors into Zenodo's JSON answers; anything unexpected is a 500 with an `error_id`.
    private func outcome(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as APIError {
            return Reply.error(error)
        } catch is CancellationError {
            return Reply.error(APIError(status: 503, message: "The server is shutting down."))
        } catch {
            let id = UUID().uuidString.lowercased().replacing("-", with: "")
            logger.error("internal error \(id): \(error)")
            var body = APIError(status: 500, message: "Internal server error.").json
            body["error_id"] = .string(id)
            return Reply.json(body, status: .internalServerError)
        }
    }

    /// Applies the first matching fault rule, if any, around the route.
    private func withFaults(_ call: inout Call) async throws -> Response {
        guard let fault = faults.take(method: call.method, path: call.request.uri.path) else {
            return try await route(&call)
        }
        logger.notice("fault \(fault.action.rawValue) on \(call.method) \(call.request.uri.path)")
        switch fault.action {
        case .status:
            return Self.faultResponse(fault)
        case .stall:
            try await faults.stall(fault.seconds ?? 0)
            return try await route(&call)
        case .drop:
            return try await drop(&call, afterBytes: fault.afterBytes ?? 0)
        case .breakTransfer:
            call.breaksTransfer = true
            return try await route(&call)
        case .wrongChecksum:
            call.wrongChecksum = true
            return try await route(&call)
        case .commitThenStatus:
            _ = try await route(&call)
            return Self.faultResponse(fault)
        case .truncate:
            call.streamsBody = true
            var response = try await route(&call)
            let limit = fault.afterBytes ?? 0
            let body = response.body
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                let cutter = CuttingWriter(inner: writer, limit: limit)
                try await body.write(cutter)
            }
            return response
        }
    }

    /// Reads `afterBytes` of the body (or all of it, if shorter), then closes the connection.
    private func drop(_ call: inout Call, afterBytes: Int) async throws -> Response {
        var seen = 0
        if afterBytes > 0 {
            for try await chunk in call.request.body {
                seen += chunk.readableBytes
                if seen >= afterBytes { break }
            }
        }
        try? await call.context.channel.close()
        throw CancellationError()
    }

    /// The answer a `status` fault gives: JSON from the app, HTML from the gateway for 502/503/504.
    static func faultResponse(_ fault: FaultRule) -> Response {
        let status = fault.status ?? 500
        switch status {
        case 502: return Reply.html(status: 502, title: "Bad Gateway")
        case 503: return Reply.html(status: 503, title: "Service Temporarily Unavailable")
        case 504: return Reply.html(status: 504, title: "Gateway Time-out")
        case 429:
            var error = APIError(status: 429, message: "100 per 1 minute")
            if let seconds = fault.retryAfter { error.headers.append(("Retry-After", String(seconds))) }
            if let date = fault.retryAfterDate { error.headers.append(("Retry-After", date)) }
            return Reply.error(error)
        default:
            let message = HTTPResponse.Status(code: status).reasonPhrase
            return Reply.error(APIError(status: status, message: message.isEmpty ? "Error." : message))
        }
    }

    static let limitHeader = HTTPField.Name("x-ratelimit-limit")!
    static let remainingHeader = HTTPField.Name("x-ratelimit-remaining")!
    static let resetHeader = HTTPField.Name("x-ratelimit-reset")!
    static let retryAfterHeader = HTTPField.Name("retry-after")!

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
