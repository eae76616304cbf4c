/// Why an owner deletes a record: the removal reasons InvenioRDM accepts from an owner (its
/// `removalreasons` vocabulary, the entries tagged `deletion-request`; invenio-rdm-records
/// `fixtures/data/vocabularies/removal_reasons.yaml`, checked by `requests/record_deletion.py`).
/// The tombstone shows the reason to everyone who follows the DOI.
public enum RemovalReason: String, CaseIterable, Sendable {
    case testRecord = "test-record"
    case duplicate
    case retracted
    case copyright
    case personalData = "personal-data"

    /// The vocabulary's English title.
    public var title: String {
        switch self {
        case .testRecord: "Test upload of a record"
        case .duplicate: "Duplicate of another record"
        case .retracted: "Retraction/Withdrawal of a record"
        case .copyright: "Copyright infringement"
        case .personalData: "Personal data issue"
        }
    }

    /// The ids, for help texts and errors.
    public static var spelled: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
