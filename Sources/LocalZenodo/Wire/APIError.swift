/// An error answer in Zenodo's shape: `{"status", "message", "errors": [{"field", "messages"}]}`.
struct APIError: Error, Sendable {
    struct FieldError: Sendable, Equatable {
        var field: String
        var messages: [String]
    }

    var status: Int
    var message: String
    var errors: [FieldError] = []
    /// Extra response headers, e.g. `Retry-After` on a 429.
    var headers: [(String, String)] = []
    /// More members of the body, e.g. a deleted record's `tombstone`.
    var extra: [String: JSONValue] = [:]

    var json: JSONValue {
        var body: [String: JSONValue] = ["status": .int(status), "message": .string(message)]
        body.merge(extra) { own, _ in own }
        if !errors.isEmpty {
            body["errors"] = .array(
                errors.map { ["field": .string($0.field), "messages": .array($0.messages.map(JSONValue.string))] })
        }
        return .object(body)
    }

    static func notFound(_ message: String = "The persistent identifier does not exist.") -> APIError {
        APIError(status: 404, message: message)
    }

    /// A deleted record read: 410 with its tombstone (`RecordDeletedException`'s handler in
    /// invenio-rdm-records `resources/config.py`, the tombstone visible).
    static func deleted(_ tombstone: JSONValue) -> APIError {
        APIError(status: 410, message: "Record deleted", extra: ["tombstone": tombstone])
    }

    static let noRoute = APIError(
        status: 404,
        message:
            "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."
    )
    static let methodNotAllowed = APIError(status: 405, message: "The method is not allowed for the requested URL.")
    static let permissionDenied = APIError(status: 403, message: "Permission denied.")
    /// An unhandled exception in Zenodo's code (sample 17: no `error_id` on this path).
    static let serverFailure = APIError(
        status: 500,
        message:
            "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application."
    )
    static let badJSON = APIError(status: 400, message: "Unable to decode JSON data in request body.")
    static let jsonContentType = APIError(
        status: 415, message: "Invalid 'Content-Type' header. Expected one of: application/json")
    static let octetContentType = APIError(
        status: 415, message: "Invalid 'Content-Type' header. Expected one of: application/octet-stream")
    /// A body that ended early or broke off (invenio-records-resources `FailedFileUploadException`).
    static let uploadTransferFailed = APIError(
        status: 400, message: "The file upload transfer failed, please try again.")
    static let badQuery = APIError(status: 400, message: "Invalid querystring parameters.")

    static func validation(_ errors: [FieldError]) -> APIError {
        APIError(status: 400, message: "A validation error occurred.", errors: errors)
    }

    static func field(_ field: String, _ message: String) -> APIError {
        validation([FieldError(field: field, messages: [message])])
    }
}
