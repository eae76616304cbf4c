/// A file of a deposition as the legacy API lists it (`filename`, `filesize`, bare MD5).
public struct DepositionFile: Sendable, Hashable, Identifiable {
    /// File-instance id; changes when the file is replaced.
    public var id: String
    public var filename: String
    public var size: Int64
    /// Lower-case hex MD5 (no prefix), `nil` if the server sent none.
    public var md5: String?
    public var selfURL: String?
    public var downloadURL: String?

    public init(
        id: String, filename: String, size: Int64, md5: String?, selfURL: String? = nil, downloadURL: String? = nil
    ) {
        self.id = id
        self.filename = filename
        self.size = size
        self.md5 = md5
        self.selfURL = selfURL
        self.downloadURL = downloadURL
    }

    /// An upload Zenodo started but never completed (begun through the native API, or broken
    /// off): the `/files` listing shows it with `"id": null` and the checksum it was *declared*
    /// with, so its MD5 proves nothing and it cannot be deleted by id.
    public var isPending: Bool { id.hasPrefix(Self.pendingPrefix) }
    static let pendingPrefix = "pending:"

    public init(json: JSONValue) throws(DecodingFailure) {
        guard let filename = json["filename"]?.string ?? json["key"]?.string else {
            throw DecodingFailure(what: "file without a filename")
        }
        let id: String
        if let given = json.lenientString("id") {
            id = given
        } else if json["id"] == nil || json["id"] == .null {
            id = Self.pendingPrefix + filename
        } else {
            throw DecodingFailure(what: "file \(filename) with an id that is not text")
        }
        self.init(
            id: id, filename: filename, size: Int64(json["filesize"]?.int ?? json["size"]?.int ?? 0),
            md5: MD5Checksum.bare(json["checksum"]?.string), selfURL: json["links"]?["self"]?.string,
            downloadURL: json["links"]?["download"]?.string)
    }
}

/// The answer to a bucket PUT: the stored object, with an `md5:`-prefixed checksum.
public struct BucketObject: Sendable, Hashable {
    public var key: String
    public var size: Int64
    public var md5: String?
    public var mimetype: String?
    public var versionID: String?
    public var selfURL: String?

    public init(json: JSONValue) throws(DecodingFailure) {
        guard let key = json["key"]?.string else { throw DecodingFailure(what: "bucket object without a key") }
        self.key = key
        size = Int64(json["size"]?.int ?? 0)
        md5 = MD5Checksum.bare(json["checksum"]?.string)
        mimetype = json["mimetype"]?.string
        versionID = json["version_id"]?.string
        selfURL = json["links"]?["self"]?.string
    }
}
