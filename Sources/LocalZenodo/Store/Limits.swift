/// Zenodo's per-record limits (`invenio.cfg`): 100 files, 50 GB, 255-character keys, and the
/// self-service increase of a draft's quota by up to 150 GB of a user's additional storage.
/// Settable for tests by `serve --max-files`, `--quota` and `--no-quota-increase`.
public struct Limits: Sendable {
    public var maxFiles: Int
    /// The default bucket quota and largest file in bytes (decimal GB, as Zenodo counts):
    /// `RDM_FILES_DEFAULT_QUOTA_SIZE`, `RDM_FILES_DEFAULT_MAX_FILE_SIZE` (zenodo-rdm invenio.cfg).
    public var quota: Int64
    public var maxKeyLength: Int
    /// `RDM_FILES_DEFAULT_MAX_ADDITIONAL_QUOTA_SIZE`: what one user may add across all records.
    public var maxAdditionalQuota: Int64 = 150_000_000_000
    /// `RDM_IMMEDIATE_QUOTA_INCREASE_ENABLED`: true on Zenodo (zenodo-rdm 9103200, 2026-07-30),
    /// false by default in invenio-rdm-records; nil: as the flavour has it (off for `inveniordm`).
    public var immediateQuotaIncrease: Bool?
    /// The owner's windows on a published record (file modification, deletion); nil: as the
    /// flavour has it (`GracePeriods.zenodo`, or `.inveniordm`'s none).
    public var gracePeriods: GracePeriods?

    public init(maxFiles: Int = 100, quota: Int64 = 50_000_000_000, maxKeyLength: Int = 255) {
        self.maxFiles = maxFiles
        self.quota = quota
        self.maxKeyLength = maxKeyLength
    }

    static let tooManyFiles = APIError(
        status: 400, message: "Uploading selected files will result in exceeding the max amount per record.")
    static let quotaExceeded = APIError(status: 400, message: "Bucket quota exceeded.")
    static let fileTooLarge = APIError(status: 400, message: "File size limit exceeded.")
    static let emptyFile = APIError(status: 400, message: "Empty files are not accepted.")
    static let keyTooLong = APIError(status: 400, message: "Filename is too long.")

    /// Why storing `size` bytes under `key` would break a limit, counting what is already there
    /// (a replaced key frees its old size); `nil` when it fits.
    func problem(deposition: StoredDeposition, key: String, size: Int64) -> APIError? {
        if size == 0 { return Self.emptyFile }
        if key.count > maxKeyLength { return Self.keyTooLong }
        if size > maxFileSize(deposition) { return Self.fileTooLarge }
        let replaced = deposition.files.first { $0.key == key }
        if replaced == nil, deposition.files.count + deposition.pendingFiles.count >= maxFiles {
            return Self.tooManyFiles
        }
        if deposition.totalBytes - (replaced?.size ?? 0) + size > quota(deposition) { return Self.quotaExceeded }
        return nil
    }

    /// A deposition's quota: raised by its owner, or the default.
    func quota(_ deposition: StoredDeposition) -> Int64 { deposition.quota ?? quota }

    func maxFileSize(_ deposition: StoredDeposition) -> Int64 { deposition.maxFileSize ?? quota }

    /// What a native files init of `count` keys breaks, as InvenioRDM's `FileMetadataComponent.init_files`
    /// checks it (invenio-records-resources `services/files/components/metadata.py`): the files the
    /// draft would have, pending ones included (`record.files.count` counts every entry), against the
    /// maximum, for the whole request at once; a declared size over the quota. The size is optional
    /// and emptiness is not checked here: InvenioRDM checks it on the stored file at commit.
    func initProblem(deposition: StoredDeposition, count: Int, declaredSizes: [Int64]) -> APIError? {
        let existing = deposition.files.count + deposition.pendingFiles.count
        if existing <= maxFiles, existing + count > maxFiles { return Self.tooManyFiles }
        for size in declaredSizes where size > maxFileSize(deposition) { return Self.fileTooLarge }
        let declared = declaredSizes.reduce(0, +)
        if declared > 0, deposition.totalBytes + declared > quota(deposition) { return Self.quotaExceeded }
        return nil
    }
}
