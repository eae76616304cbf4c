import FoundationEssentials

/// Everything that can go wrong talking to Zenodo, said in words a user acts on.
///
/// `kind` tells failures apart (for exit codes, retries, and the UI); `message` is the sentence to
/// show; `fieldErrors` carry Zenodo's validation errors mapped back to the legacy field names the
/// user edits. Never contains the token.
public struct ZenodoError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The token is missing, refused or lacks permission (401/403).
        case auth
        case notFound
        /// Zenodo refused the content (400 with field errors, 412, 413, 415, …).
        case validation
        case rateLimited
        /// No answer: connection refused or dropped, DNS, TLS, timeout.
        case network
        /// 5xx.
        case server
        /// A checksum did not match what was sent or expected.
        case integrity
        /// A local file is missing, unreadable, or changed while it was read.
        case localFile
        /// Something the client refuses to do (a foreign host, plain HTTP, a guarded action).
        case refused
        case configuration
        case unexpected
    }

    public struct FieldError: Sendable, Hashable {
        /// The legacy field name (`creators`, `upload_type`, `license`, …).
        public var field: String
        /// The path as Zenodo sent it (`metadata.creators.0.person_or_org.family_name`).
        public var serverField: String
        public var messages: [String]
    }

    public var kind: Kind
    public var message: String
    public var status: Int?
    /// Zenodo's own `message`, when it sent one.
    public var serverMessage: String?
    public var fieldErrors: [FieldError]
    /// Seconds to wait before retrying, from `Retry-After`.
    public var retryAfter: Double?
    /// A network failure that another attempt cannot fix soon (see `NetworkFailure`).
    public var permanent = false

    public init(
        _ kind: Kind, _ message: String, status: Int? = nil, serverMessage: String? = nil,
        fieldErrors: [FieldError] = [],
        retryAfter: Double? = nil
    ) {
        self.kind = kind
        self.message = message
        self.status = status
        self.serverMessage = serverMessage
        self.fieldErrors = fieldErrors
        self.retryAfter = retryAfter
    }

    public var description: String {
        guard !fieldErrors.isEmpty else { return message }
        let fields = fieldErrors.map { "  \($0.field): \($0.messages.joined(separator: " "))" }
        return ([message] + fields).joined(separator: "\n")
    }
}
