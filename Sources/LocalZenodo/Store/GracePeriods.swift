import FoundationEssentials

/// What an owner may still do to a published record, and for how long: Zenodo's self-service
/// policies, as invenio-rdm-records 1f23bb9e (`services/request_policies.py`, `config.py`) and
/// zenodo-rdm's `invenio.cfg` have them.
///
/// - File modification: `FileModificationGracePeriodPolicy` (the owner, while `record.created +
///   30 days` is in the future), on Zenodo; InvenioRDM's default is `FileModificationAdminPolicy`
///   alone, so an owner is refused.
/// - Deletion: `RDM_IMMEDIATE_RECORD_DELETION_ENABLED` with `GracePeriodPolicy` (the owner, within
///   30 days) on Zenodo, `RDM_REQUEST_RECORD_DELETION_ENABLED` off; both off by InvenioRDM's default.
/// - Publishing files changed after unlocking: refused once `RDM_FILE_MODIFICATION_PERIOD` (30 + 15
///   days) has passed since `record.created` (`services/components/files.py`).
public struct GracePeriods: Sendable, Equatable {
    /// Seconds after `record.created` during which the owner may unlock the files; nil: never.
    public var fileModification: TimeInterval?
    /// Seconds after `record.created` during which the owner may delete the record; nil: never.
    public var deletion: TimeInterval?
    /// Seconds after `record.created` after which unlocked files can no longer be published.
    public var fileModificationPublish: TimeInterval

    public static let day: TimeInterval = 86_400

    public init(fileModification: TimeInterval?, deletion: TimeInterval?, fileModificationPublish: TimeInterval) {
        self.fileModification = fileModification
        self.deletion = deletion
        self.fileModificationPublish = fileModificationPublish
    }

    /// Zenodo's: 30 days for both, published changes until 45 days.
    public static let zenodo = GracePeriods(
        fileModification: 30 * day, deletion: 30 * day, fileModificationPublish: 45 * day)
    /// InvenioRDM's defaults: neither for an owner.
    public static let inveniordm = GracePeriods(fileModification: nil, deletion: nil, fileModificationPublish: 45 * day)

    /// Both windows `days` long (0: neither), the publishing limit 15 days past them, as Zenodo's.
    public static func days(_ days: Int) -> GracePeriods {
        guard days > 0 else { return inveniordm }
        let window = Double(days) * day
        return GracePeriods(fileModification: window, deletion: window, fileModificationPublish: window + 15 * day)
    }

    /// `expiration_time > now`, the policies' test.
    static func within(_ period: TimeInterval?, since created: Date, now: Date) -> Bool {
        guard let period else { return false }
        return created.addingTimeInterval(period) > now
    }

    /// Policy ids, as the tombstone and the request's payload record them.
    static let fileModificationPolicyID = "file-modification-grace-period-v1"
    static let deletionPolicyID = "grace-period-v1"

    /// The removal reasons an owner may give (`fixtures/data/vocabularies/removal_reasons.yaml`,
    /// those tagged `deletion-request`).
    public static let ownerRemovalReasons = [
        "duplicate", "retracted", "test-record", "copyright", "personal-data",
    ]
}
