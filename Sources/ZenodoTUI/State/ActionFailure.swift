import FoundationEssentials
import ZenodoKit

/// An action that did not happen, said for the screen: Zenodo's field errors are kept by legacy
/// path so the form can show them next to their fields.
public struct ActionFailure: Sendable, Equatable {
    public enum Operation: String, Sendable {
        case create, save
        case importFile = "import"
        case publish, edit, discard
        case metadataOnly = "metadata-only"
        case deleteDraft = "delete draft"
        case deleteFile = "delete file"
        case newVersion = "new version"
        case fixFiles = "fix files"
        case deleteRecord = "delete record"
        case submit = "submit"
        case cancelReview = "cancel the review"
        case includeInCommunity = "add to a community"
        case commentOnReview = "comment on the review"
    }
    public var action: Operation
    public var depositionID: Int?
    public var message: String
    public var fieldErrors: [String: [String]]
    /// Zenodo answered (the field errors are its own); `false` when the client refused to send.
    public var fromServer: Bool

    public init(
        _ action: Operation, depositionID: Int?, message: String, fieldErrors: [String: [String]] = [:],
        fromServer: Bool = true
    ) {
        self.action = action
        self.depositionID = depositionID
        self.message = message
        self.fieldErrors = fieldErrors
        self.fromServer = fromServer
    }

    /// From any error: a `ZenodoError`'s field errors are kept; other errors become their text.
    public init(_ action: Operation, depositionID: Int?, error: any Error) {
        if let error = error as? ZenodoError {
            var fields: [String: [String]] = [:]
            for field in error.fieldErrors { fields[field.field, default: []] += field.messages }
            self.init(
                action, depositionID: depositionID, message: error.message, fieldErrors: fields,
                fromServer: error.status != nil)
        } else {
            self.init(action, depositionID: depositionID, message: String(describing: error))
        }
    }
}
