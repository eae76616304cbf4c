import EssentialsExtras
import FoundationEssentials

/// One file of a deposition's bucket, as LocalZenodo keeps it.
struct StoredFile: Codable, Sendable, Equatable {
    /// File-instance id (a UUID); changes when the key is replaced.
    var id: String
    var key: String
    var size: Int64
    /// Lower-case hex MD5 of the stored bytes.
    var md5: String
    /// Name of the blob under the store's `blobs/` directory.
    var blob: String
    var versionID: String
    var created: Date
    var updated: Date
    /// A multipart commit computes no MD5 on InvenioRDM: the file shows `multipartChecksum` (the
    /// S3 form, `multipart:<etag>-<parts>-<part size>`) or `null` until a background task has
    /// hashed it (invenio-records-resources `transfer/providers/multipart.py` `commit_file`,
    /// `services/files/tasks.py` `recompute_multipart_checksum_task`). `nil`: shown at once.
    var checksumFrom: Date?
    var multipartChecksum: String?

    var mimetype: String { MimeType.guess(key) }

    /// The `checksum` a reader sees at `now`: `md5:…` once computed, before that the multipart
    /// form or nothing.
    func checksum(at now: Date = Date()) -> String? {
        if let checksumFrom, now < checksumFrom { return multipartChecksum }
        return "md5:" + md5
    }

    /// `checksum(at:)` as JSON (`null` while there is none).
    func checksumJSON(at now: Date) -> JSONValue { checksum(at: now).map(JSONValue.string) ?? .null }
}

/// When a committed file shows its MD5: at once, or from a date on (before it, the S3 form or nothing).
enum CommitChecksum: Sendable {
    case now
    case later(Date, String?)
}

/// The small extension table Zenodo's `mimetype` field shows.
enum MimeType {
    static func guess(_ key: String) -> String {
        let ext = PathText.extensionOf(key).lowercased()
        let table: [String: String] = [
            "csv": "text/csv", "txt": "text/plain", "md": "text/markdown", "json": "application/json",
            "zip": "application/zip", "gz": "application/gzip", "tar": "application/x-tar", "pdf": "application/pdf",
            "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "nc": "application/x-netcdf",
            "h5": "application/x-hdf5", "hdf5": "application/x-hdf5", "xml": "application/xml",
            "yaml": "application/yaml", "yml": "application/yaml", "py": "text/x-python",
            "tsv": "text/tab-separated-values",
            "parquet": "application/octet-stream", "bin": "application/octet-stream",
        ]
        return table[ext] ?? "application/octet-stream"
    }
}
