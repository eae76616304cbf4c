import FoundationEssentials

/// A published record in "Zenodo JSON" (`/api/records/{id}`): not the deposition shape.
/// `recid` and `conceptrecid` are strings, files carry `md5:` checksums and `…/content` links.
public struct Record: Sendable, Identifiable {
    public struct File: Sendable, Hashable {
        public var id: String?
        public var key: String
        public var size: Int64
        /// Lower-case hex MD5.
        public var md5: String?
        /// The `…/files/{key}/content` download URL.
        public var contentURL: String?
    }

    public var id: Int
    public var conceptRecordID: String?
    public var doi: String?
    public var conceptDOI: String?
    public var title: String
    public var created: Date?
    public var updated: Date?
    public var metadata: JSONValue
    public var files: [File]
    public var links: [String: String]
    /// Position in the version chain (0 = first) and whether it is the latest.
    public var versionIndex: Int?
    public var isLatestVersion: Bool?
    public var raw: JSONValue

    public init(json: JSONValue) throws(DecodingFailure) {
        id = try json.requireInt("id", in: "record")
        conceptRecordID = json.lenientString("conceptrecid")
        doi = json["doi"]?.string
        conceptDOI = json["conceptdoi"]?.string
        metadata = json["metadata"] ?? .object([:])
        title = json["title"]?.string ?? metadata["title"]?.string ?? ""
        created = json["created"]?.string.flatMap(ZenodoDate.parse)
        updated = (json["updated"] ?? json["modified"])?.string.flatMap(ZenodoDate.parse)
        files = (json["files"]?.array ?? []).compactMap { file in
            guard let key = file["key"]?.string ?? file["filename"]?.string else { return nil }
            return File(
                id: file.lenientString("id"), key: key, size: Int64(file["size"]?.int ?? file["filesize"]?.int ?? 0),
                md5: MD5Checksum.bare(file["checksum"]?.string),
                contentURL: file["links"]?["self"]?.string ?? file["links"]?["content"]?.string)
        }
        links = (json["links"]?.object ?? [:]).compactMapValues(\.string)
        let version = metadata["relations"]?["version"]?.array?.first
        versionIndex = version?["index"]?.int
        isLatestVersion = version?["is_last"]?.bool
        raw = json
    }

    /// `resource_type.type` (and subtype), as Zenodo JSON spells them.
    public var resourceType: String? { metadata["resource_type"]?["type"]?.string }
    public var license: String? { metadata["license"]?["id"]?.string ?? metadata["license"]?.string }
    public var accessRight: String? { metadata["access_right"]?.string }
}

/// One page of `GET /api/records`.
public struct RecordPage: Sendable {
    public var records: [Record]
    public var total: Int
    public var nextURL: String?
    /// Community slugs of the filter that name no community: Zenodo drops them, and with none
    /// left applies no community filter at all (row B7 of zenodo-source-2026-12.md).
    public var ignoredCommunities: [String] = []

    public init(records: [Record], total: Int, nextURL: String?, ignoredCommunities: [String] = []) {
        self.records = records
        self.total = total
        self.nextURL = nextURL
        self.ignoredCommunities = ignoredCommunities
    }
}
