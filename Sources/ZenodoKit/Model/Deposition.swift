import FoundationEssentials

/// A deposition as the legacy deposit API returns it: a draft, a published record, or a published
/// record with an open edit.
public struct Deposition: Sendable, Identifiable {
    public enum State: String, Sendable {
        /// Never published (a first draft or a new-version draft).
        case unsubmitted
        /// Published, with an edit draft open.
        case inprogress
        /// Published, no draft.
        case done
        case unknown
    }

    /// What a person would call it: the badge the list shows.
    public enum Status: String, Sendable {
        case draft
        case newVersion = "new version"
        case published, editing
    }

    public var id: Int
    public var conceptRecordID: String?
    public var doi: String?
    public var conceptDOI: String?
    public var owner: Int?
    public var title: String
    public var state: State
    public var submitted: Bool
    public var created: Date?
    public var modified: Date?
    public var metadata: DepositionMetadata
    public var files: [DepositionFile]
    /// `links` as sent; `links.bucket` only on single GETs.
    public var links: [String: String]
    /// The InvenioRDM record this was read from, when the server speaks the native API.
    public var rdmRecord: JSONValue?

    /// A metadata-only record (native API: `files.enabled` false): published without files.
    public var isMetadataOnly: Bool { rdmRecord?["files"]?["enabled"] == .bool(false) }

    public init(json: JSONValue) throws(DecodingFailure) {
        id = try json.requireInt("id", in: "deposition")
        conceptRecordID = json.lenientString("conceptrecid")
        doi = json["doi"]?.string
        conceptDOI = json["conceptdoi"]?.string
        owner = json["owner"]?.int
        metadata = DepositionMetadata(raw: json["metadata"]?.object ?? [:])
        title = json["title"]?.string ?? metadata.title ?? ""
        state = json["state"]?.string.flatMap(State.init(rawValue:)) ?? .unknown
        submitted = json["submitted"]?.bool ?? false
        created = json["created"]?.string.flatMap(ZenodoDate.parse)
        modified = json["modified"]?.string.flatMap(ZenodoDate.parse)
        var files: [DepositionFile] = []
        for file in json["files"]?.array ?? [] { files.append(try DepositionFile(json: file)) }
        self.files = files
        links = (json["links"]?.object ?? [:]).compactMapValues(\.string)
    }

    /// A lighter copy for long lists: the metadata fields a list shows, searches and sorts by
    /// (title, type, creators, dates, version, reserved DOI) and the web link. Never PUT a
    /// summary back: read the deposition again before editing it.
    public func summary() -> Deposition {
        var copy = self
        let kept = [
            "title", "upload_type", "creators", "publication_date", "version", "prereserve_doi", "access_right",
        ]
        copy.metadata = DepositionMetadata(raw: metadata.raw.filter { kept.contains($0.key) })
        copy.links = links.filter { $0.key == "html" || $0.key == "bucket" }
        copy.isSummary = true
        return copy
    }

    /// Whether this is a `summary()` (not to be edited or PUT).
    public private(set) var isSummary = false

    public var status: Status {
        switch state {
        case .inprogress: return .editing
        case .done: return .published
        case .unsubmitted, .unknown: return conceptDOI != nil || submitted ? .newVersion : .draft
        }
    }

    /// Set by this client once the server unlocked the edit draft's files (`unlockFiles`): the API
    /// says nothing of a bucket's lock (Zenodo's bucket listing fails, zenodo/zenodo#2506), so what
    /// is not known is `false` and the server decides an attempt.
    public var filesUnlocked = false

    /// Files can be added or removed before the first publish, and in a published record's edit
    /// draft once its files were unlocked within the server's grace period (`unlockFiles`).
    public var filesEditable: Bool { state == .unsubmitted || (state == .inprogress && filesUnlocked) }

    public var bucketURL: String? { links["bucket"] }

    /// Where a file's bytes can be read: its `download` link, except that a published record
    /// without a draft names the draft's content there, which answers 404 (zenodo/zenodo-rdm#1196,
    /// sample 21): the record's own content is read instead.
    public func contentURL(of file: DepositionFile) -> String? {
        guard let link = file.downloadURL else { return nil }
        return state == .done ? link.replacing("/draft/files/", with: "/files/") : link
    }
    public var htmlURL: String? { links["html"] }
    public var totalSize: Int64 { files.reduce(0) { $0 + $1.size } }
    /// The DOI registered at publish, or the one Zenodo will register.
    public var doiOrPrereserved: String? { doiToRegister(testDOIs: false) }

    /// The DOI this deposition has, or the one publishing will register: `prereserve_doi` says
    /// `10.5281/zenodo.N` on sandbox too, where `10.5072/zenodo.N` is registered (samples 06, 11,
    /// 12, 22). `testDOIs` comes from the server profile; a `10.5072` concept DOI also tells.
    public func doiToRegister(testDOIs: Bool) -> String? {
        if let doi, !doi.isEmpty { return doi }
        guard let reserved = metadata.prereservedDOI else { return nil }
        let test = testDOIs || (conceptDOI?.hasPrefix("10.5072/") ?? false)
        if test, reserved.hasPrefix("10.5281/") { return "10.5072/" + reserved.dropFirst("10.5281/".count) }
        return reserved
    }
}
