import FoundationEssentials

/// What a backend can do, asked by the front ends instead of guessing the API from the data they
/// were given: the form's rows, the actions a key offers, the words of a refusal.
public struct BackendCapabilities: Sendable, Equatable {
    /// The API spoken (shown by `doctor`; the hand-over to the agent carries it).
    public var api: ServerProfile.API
    /// The record carries what only the native API has (subjects with vocabulary ids, funding,
    /// more licences, titles, languages and descriptions, affiliations): the form shows them.
    public var nativeFields: Bool
    /// Communities are named in the metadata (`communities`, the legacy API); on the native API
    /// they are review requests, not metadata, and the form does not offer the field.
    public var communitiesInMetadata: Bool
    /// A draft can be made metadata-only (`files.enabled` false), where the server allows it.
    public var metadataOnlyRecords: Bool
    /// Large files can go in parts (InvenioRDM's multipart transfer), where the server allows it.
    public var multipartUploads: Bool
    /// A save through this API can lose what the native record holds (`legacyLosses` says what).
    public var savesCanLoseNativeFields: Bool
    /// The API has a route for the owner to raise a record's quota (invenio-rdm-records:
    /// `POST /api/records/{id}/quota-increase`, where the server enables it; Zenodo does for every
    /// user since zenodo-rdm 9103200). The deposit API has none; but Zenodo, the only server with
    /// it, serves the records route for the same record ids, so `ZenodoClient.increaseQuota` is
    /// tried for both, and a server without it is said in words (issue 30).
    public var quotaRequests: Bool
    /// The API has a route to unlock a published version's files for a grace period
    /// (invenio-rdm-records: `POST /api/records/{id}/file-modification`; Zenodo: 30 days). The
    /// deposit API has none. Asked by issue 31's fix window.
    public var fileModification: Bool

    public static let legacy = BackendCapabilities(
        api: .legacy, nativeFields: false, communitiesInMetadata: true, metadataOnlyRecords: false,
        multipartUploads: false, savesCanLoseNativeFields: true, quotaRequests: false, fileModification: false)
    public static let native = BackendCapabilities(
        api: .rdm, nativeFields: true, communitiesInMetadata: false, metadataOnlyRecords: true,
        multipartUploads: true, savesCanLoseNativeFields: false, quotaRequests: true, fileModification: true)
}

/// The deposit operations of one API: Zenodo's legacy deposit API (`LegacyBackend`) or
/// InvenioRDM's native one (`NativeBackend`). A `ZenodoClient` holds the one its profile names,
/// chosen once when the client is made; its public operations only forward to it, so no code
/// outside the two backends asks which API is spoken. A new action is one method here and one in
/// each backend (a refusal in words where the API has no such thing).
public protocol DepositBackend: Sendable {
    var capabilities: BackendCapabilities { get }

    func depositions(_ client: ZenodoClient, _ query: DepositionQuery, page: Int, size: Int) async throws
        -> [Deposition]
    func deposition(_ client: ZenodoClient, _ id: Int) async throws -> Deposition
    func create(_ client: ZenodoClient, metadata: DepositionMetadata?, metadataOnly: Bool) async throws -> Deposition
    func updateMetadata(_ client: ZenodoClient, _ id: Int, _ metadata: DepositionMetadata) async throws -> Deposition
    func deleteDraft(_ client: ZenodoClient, _ id: Int) async throws
    func files(_ client: ZenodoClient, of id: Int) async throws -> [DepositionFile]
    func deleteFile(_ client: ZenodoClient, _ fileID: String, of id: Int) async throws
    /// One file into the draft (`target`: the legacy bucket, or the native files link), verified.
    func upload(
        _ client: ZenodoClient, file: any ByteSource, key: String, target: String, chunkSize: Int, verifyChecksum: Bool,
        parts: PartPlan?, progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> UploadedFile
    func publish(_ client: ZenodoClient, _ id: Int) async throws -> Deposition
    func edit(_ client: ZenodoClient, _ id: Int) async throws -> Deposition
    /// Throws away the edits (the caller has checked there are edits to throw away).
    func discard(_ client: ZenodoClient, _ id: Int) async throws
    func newVersion(_ client: ZenodoClient, of id: Int) async throws -> Deposition
    func setFilesEnabled(_ client: ZenodoClient, _ id: Int, _ enabled: Bool) async throws -> Deposition
    /// What a save of deposition `id` through this API would lose (empty when nothing).
    func legacyLosses(_ client: ZenodoClient, _ id: Int) async -> [String]
}

extension ServerProfile.API {
    /// The backend that speaks this API: the one place the choice is made.
    public var backend: any DepositBackend {
        switch self {
        case .rdm: NativeBackend()
        case .legacy: LegacyBackend()
        }
    }
}
