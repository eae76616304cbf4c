import FoundationEssentials
import Hummingbird

/// One request on its way through the routes: who asks, when, and what fault applies.
struct Call {
    var request: Request
    let context: LocalZenodoContext
    let caller: Caller
    let now: Date
    /// Path segments after percent-decoding the whole path, as Werkzeug routes them
    /// (so a key with `%2F` gains a segment and matches no route).
    let segments: [String]
    /// Set by a `wrong_checksum` fault.
    var wrongChecksum = false
    /// The `break_transfer` fault: the body is read and then treated as broken off.
    var breaksTransfer = false
    /// Set by a `truncate` fault: a file's bytes go through the body writer (which cuts them), not
    /// `sendfile`.
    var streamsBody = false

    var method: String { request.method.rawValue }
    var query: String? { request.uri.query }

    func queryValue(_ name: String) -> String? { QueryString.value(of: name, in: query) }

    /// Reads a JSON request body as Zenodo's JSON endpoints do: `application/json` only (415),
    /// decodable (400), at most a few MiB.
    mutating func jsonBody() async throws -> JSONValue {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/json") else { throw APIError.jsonContentType }
        let buffer = try await request.collectBody(upTo: 16 * 1024 * 1024)
        guard buffer.readableBytes > 0 else {
            throw APIError.field("_schema", "Invalid input type.")
        }
        guard let value = JSONValue.parse(Data(buffer.readableBytesView)) else { throw APIError.badJSON }
        return value
    }

    /// `Accept` must allow JSON on the legacy deposit routes (406 otherwise).
    func requireJSONAccept() throws(APIError) {
        guard let accept = request.headers[.accept]?.lowercased() else { return }
        let ok = ["application/json", "*/*", "application/*"].contains { accept.contains($0) }
        if !ok { throw APIError(status: 406, message: "Invalid 'Accept' header. Expected one of: application/json") }
    }
}
