/// Zenodo's per-record limits (`invenio.cfg`): 100 files, 50 GB, 255-character keys.
/// Settable for tests by `serve --max-files` and `--quota`.
public struct Limits: Sendable {
    public var maxFiles: Int
    /// Bucket quota in bytes (decimal GB, as Zenodo counts).
    public var quota: Int64
    public var maxKeyLength: Int

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
        if size > quota { return Self.fileTooLarge }
        let replaced = deposition.files.first { $0.key == key }
        if replaced == nil, deposition.files.count + deposition.pendingFiles.count >= maxFiles {
            return Self.tooManyFiles
        }
        if deposition.totalBytes - (replaced?.size ?? 0) + size > quota { return Self.quotaExceeded }
        return nil
    }

    /// What a native files init of `count` keys breaks, as InvenioRDM's `FileMetadataComponent.init_files`
    /// checks it (invenio-records-resources `services/files/components/metadata.py`): the files the
    /// draft would have, pending ones included (`record.files.count` counts every entry), against the
    /// maximum, for the whole request at once; a declared size over the quota. The size is optional
    /// and emptiness is not checked here: InvenioRDM checks it on the stored file at commit.
    func initProblem(deposition: StoredDeposition, count: Int, declaredSizes: [Int64]) -> APIError? {
        let existing = deposition.files.count + deposition.pendingFiles.count
        if existing <= maxFiles, existing + count > maxFiles { return Self.tooManyFiles }
        for size in declaredSizes where size > quota { return Self.fileTooLarge }
        let declared = declaredSizes.reduce(0, +)
        if declared > 0, deposition.totalBytes + declared > quota { return Self.quotaExceeded }
        return nil
    }
}
