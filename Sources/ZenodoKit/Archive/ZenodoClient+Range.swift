import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOHTTP1

extension ZenodoClient {
    /// Bytes `range` of a file (`Range: bytes=a-b`), answered `206` with the matching
    /// `Content-Range`. Redirects are followed (the token only to this server); a server that
    /// answers the whole file instead (`200`: Zenodo's application ignores ranges,
    /// `FILES_REST_ALLOW_RANGE_REQUESTS`) is refused in words once it has sent more than the range,
    /// unless the whole file is the range. Retried as any GET is.
    public func readRange(_ url: String, _ range: Range<Int64>) async throws -> [UInt8] {
        precondition(!range.isEmpty)
        var current = url
        for _ in 0..<5 {
            try Self.checkRedirectTarget(current)
            let sameHost = profile.owns(current)
            let step = try await retrying(true) { try await self.rangeOnce(current, range, sameHost: sameHost) }
            switch step {
            case .bytes(let bytes): return bytes
            case .redirect(let location):
                current = URL(string: location, relativeTo: URL(string: current))?.absoluteString ?? location
            }
        }
        throw ZenodoError(.network, "too many redirects for \(Self.shown(url))")
    }

    private enum RangeStep {
        case bytes([UInt8])
        case redirect(String)
    }

    private func rangeOnce(_ url: String, _ range: Range<Int64>, sameHost: Bool) async throws -> RangeStep {
        var request = makeRequest(.GET, url, accept: nil, withToken: sameHost)
        request.headers.add(name: "Range", value: "bytes=\(range.lowerBound)-\(range.upperBound - 1)")
        if sameHost { try await paceForRateLimit() }
        let shownHost = sameHost ? profile.displayName : Self.hostName(of: url)
        let response: HTTPClientResponse
        do {
            response = try await transport.client.execute(request, deadline: Deadline.transfer.value)
        } catch {
            throw Self.transportError(error, host: shownHost, proxy: transport.proxyDescription)
        }
        if sameHost { record(rateLimitFrom: response.headers) }
        let status = Int(response.status.code)
        if (300..<400).contains(status), let location = response.headers.first(name: "Location") {
            return .redirect(location)
        }
        let wanted = Int(range.count)
        let body: ByteBuffer
        do {
            // One byte more than the range: a whole file instead of the range shows at once.
            body = try await response.body.collect(upTo: status == 200 ? wanted + 1 : max(wanted, 1 << 20))
        } catch is NIOTooManyBytesError {
            throw ZenodoError(
                .unexpected,
                "\(shownHost) answers the whole file instead of bytes \(range.lowerBound)-\(range.upperBound - 1) (it does not serve ranges)",
                status: status)
        } catch {
            throw Self.transportError(error, host: shownHost, proxy: transport.proxyDescription)
        }
        let bytes = Array(buffer: body)
        switch status {
        case 206:
            let said = response.headers.first(name: "Content-Range") ?? ""
            guard said.hasPrefix("bytes \(range.lowerBound)-"), bytes.count == wanted else {
                throw ZenodoError(
                    .unexpected,
                    "\(shownHost) answered bytes \(said.isEmpty ? "without a Content-Range" : said) for \(range.lowerBound)-\(range.upperBound - 1) (\(bytes.count) bytes)"
                )
            }
            return .bytes(bytes)
        case 200 where range.lowerBound == 0 && bytes.count == wanted:
            return .bytes(bytes)
        default:
            let reply = APIResponse(status: status, headers: response.headers, body: Data(bytes))
            try check(reply, sentToken: request.headers.contains(name: "Authorization"), search: false)
            throw ZenodoError(
                .unexpected, "\(shownHost) answered \(status) to a request for bytes of \(Self.shown(url))",
                status: status)
        }
    }
}
