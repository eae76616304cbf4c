/// A record's storage as Zenodo counts it (decimal GB): a default quota and largest file of 50 GB
/// (`RDM_FILES_DEFAULT_QUOTA_SIZE`, `RDM_FILES_DEFAULT_MAX_FILE_SIZE`), which the owner can raise
/// by themselves, at once, to what a batch needs, from up to 150 GB of additional storage shared
/// by all their records (`RDM_FILES_DEFAULT_MAX_ADDITIONAL_QUOTA_SIZE`; zenodo-rdm `invenio.cfg`,
/// switched on for every user in 9103200, 2026-07-30). Neither API says a record's quota: it is
/// the default until this client raised it (`DepositionLimits.quota`).
public enum RecordQuota {
    public static let defaultQuota: Int64 = 50_000_000_000
    public static let maxAdditional: Int64 = 150_000_000_000
    static let gigabyte: Int64 = 1_000_000_000

    /// The default quota of the server's records: Zenodo's 50 GB, or `ZENODO_TUI_RECORD_QUOTA`
    /// (bytes) for a repository configured otherwise (InvenioRDM's own default is 10 GB).
    public static func defaultQuota(environment: [String: String]) -> Int64 {
        environment["ZENODO_TUI_RECORD_QUOTA"].flatMap { Int64($0) }.flatMap { $0 > 0 ? $0 : nil } ?? defaultQuota
    }

    /// What the deposition would hold once `files` are in: what is there, less what they replace,
    /// plus them.
    public static func projectedTotal(files: [LocalFile], deposition: Deposition) -> Int64 {
        let existing = Dictionary(deposition.files.map { ($0.filename, $0.size) }, uniquingKeysWith: { a, _ in a })
        let replaced = Set(files.map(\.key)).intersection(existing.keys)
        return existing.values.reduce(0, +) - replaced.reduce(0) { $0 + (existing[$1] ?? 0) }
            + files.reduce(0) { $0 + $1.size }
    }

    /// More than the quota allows: by how much, and the increase that would hold it.
    public struct Need: Sendable, Equatable {
        /// The bytes the deposition would hold, and its largest file.
        public var total: Int64
        public var largest: Int64
        /// The quota as known (the default unless raised).
        public var quota: Int64
        /// The quota to ask for, in whole GB: the total (or the largest file) rounded up.
        public var gigabytes: Int
        /// The most a self-service increase can give one record.
        public var ceiling: Int64

        public var over: Int64 { max(total, largest) - quota }
        public var selfService: Bool { Int64(gigabytes) * RecordQuota.gigabyte <= ceiling }

        /// For pre-flight: by how much, and what to do.
        public var explanation: String {
            let head =
                "the deposition would hold \(ByteFormat.decimal(total)), \(ByteFormat.decimal(over)) more than its quota of \(ByteFormat.decimal(quota))"
            if selfService {
                return head
                    + ": --request-quota raises this record's quota to \(gigabytes) GB (the self-service increase: up to \(ByteFormat.decimal(ceiling)) per record, from your \(ByteFormat.decimal(RecordQuota.maxAdditional)) of additional storage across all records)"
            }
            return head
                + ", beyond what the self-service increase gives (\(ByteFormat.decimal(ceiling)) per record): split the dataset across records (e.g. --pack-per-dir into several drafts), or ask the repository's support for a larger quota"
        }
    }

    /// nil when the files fit the quota (and each the largest file, which the quota also sets).
    public static func need(
        files: [LocalFile], deposition: Deposition, quota: Int64, standard: Int64 = defaultQuota
    ) -> Need? {
        let total = projectedTotal(files: files, deposition: deposition)
        let largest = files.map(\.size).max() ?? 0
        guard total > quota || largest > quota else { return nil }
        let wanted = max(total, largest)
        return Need(
            total: total, largest: largest, quota: quota, gigabytes: Int((wanted + gigabyte - 1) / gigabyte),
            ceiling: max(quota, standard + maxAdditional))
    }

    /// The need when the quota is all that stands in the way of `files` and the self-service
    /// increase covers it: pre-flight with the quota raised to it finds nothing. nil otherwise
    /// (no need, one too large, or other problems an increase would not mend).
    public static func coverable(
        files: [LocalFile], deposition: Deposition, limits: DepositionLimits
    ) -> Need? {
        guard
            let need = need(files: files, deposition: deposition, quota: limits.quota, standard: limits.standardQuota),
            need.selfService
        else { return nil }
        var raised = limits
        raised.quota = Int64(need.gigabytes) * gigabyte
        return Preflight.problems(files: files, deposition: deposition, limits: raised).isEmpty ? need : nil
    }
}
