import FoundationEssentials
import StarMatch

/// One injected fault: applies to the next `times` requests whose method and path match.
///
/// JSON form, e.g. `{"method":"PUT","path":"/api/files/*","times":2,"action":"drop","after_bytes":1048576}`.
public struct FaultRule: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable {
        /// Close the connection after `after_bytes` of the request body.
        case drop
        /// Answer `status` (with `Retry-After` for a 429) without doing anything.
        case status
        /// Wait `seconds` before handling the request.
        case stall
        /// Store the upload but report a wrong MD5.
        case wrongChecksum = "wrong_checksum"
        /// Do the request, then answer `status` instead of its result.
        case commitThenStatus = "commit_then_status"
        /// Answer, but close the connection after `after_bytes` of the response body (a download
        /// cut off part-way).
        case truncate
        /// Read the request body, then handle it as a transfer that broke off part-way (what the
        /// server sees when a client goes away mid-body): a native content PUT deletes the pending
        /// file and answers 200 with `errors`, a part PUT keeps it, a bucket PUT answers 400.
        case breakTransfer = "break_transfer"
    }

    public var method: String?
    /// A path pattern where `*` matches any run of characters, e.g. `/api/files/*`.
    public var path: String
    public var times: Int
    public var action: Action
    public var afterBytes: Int?
    public var status: Int?
    public var retryAfter: Int?
    public var retryAfterDate: String?
    public var seconds: Double?

    enum CodingKeys: String, CodingKey {
        case method, path, times, action, status, seconds
        case afterBytes = "after_bytes"
        case retryAfter = "retry_after"
        case retryAfterDate = "retry_after_date"
    }

    public init(
        method: String? = nil, path: String, times: Int = 1, action: Action, afterBytes: Int? = nil, status: Int? = nil,
        retryAfter: Int? = nil, retryAfterDate: String? = nil, seconds: Double? = nil
    ) {
        self.method = method
        self.path = path
        self.times = times
        self.action = action
        self.afterBytes = afterBytes
        self.status = status
        self.retryAfter = retryAfter
        self.retryAfterDate = retryAfterDate
        self.seconds = seconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decodeIfPresent(String.self, forKey: .method)?.uppercased()
        path = try c.decodeIfPresent(String.self, forKey: .path) ?? "*"
        times = try c.decodeIfPresent(Int.self, forKey: .times) ?? 1
        action = try c.decode(Action.self, forKey: .action)
        afterBytes = try c.decodeIfPresent(Int.self, forKey: .afterBytes)
        status = try c.decodeIfPresent(Int.self, forKey: .status)
        retryAfter = try c.decodeIfPresent(Int.self, forKey: .retryAfter)
        retryAfterDate = try c.decodeIfPresent(String.self, forKey: .retryAfterDate)
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds)
        guard times >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .times, in: c, debugDescription: "times must be at least 1")
        }
        if action == .status || action == .commitThenStatus, !(100...599).contains(status ?? 0) {
            throw DecodingError.dataCorruptedError(
                forKey: .status, in: c, debugDescription: "status must be an HTTP status")
        }
        if action == .stall, (seconds ?? -1) < 0 {
            throw DecodingError.dataCorruptedError(forKey: .seconds, in: c, debugDescription: "stall needs seconds")
        }
    }

    func matches(method: String, path: String) -> Bool {
        if let want = self.method, want != method.uppercased() { return false }
        return Self.glob(self.path, matches: path)
    }

    /// `*` matches any run of characters (slashes included); everything else literally.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        starMatch(pattern.utf8, text.utf8)
    }
}
