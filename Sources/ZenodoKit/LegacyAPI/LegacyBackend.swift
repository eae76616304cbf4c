import FoundationEssentials
import NIOHTTP1

/// Zenodo's legacy deposit API (`/api/deposit/depositions`, buckets) as a backend: what it has
/// (communities in the metadata), what it has not (metadata-only records, multipart transfers,
/// the native fields), and what a save through it can lose of a native record.
struct LegacyBackend: DepositBackend {
    var capabilities: BackendCapabilities { .legacy }

    func depositions(_ client: ZenodoClient, _ query: DepositionQuery, page: Int, size: Int) async throws
        -> [Deposition]
    {
        try await client.legacyDepositions(query, page: page, size: size)
    }

    func deposition(_ client: ZenodoClient, _ id: Int) async throws -> Deposition {
        try await client.legacyDeposition(id)
    }

    func create(_ client: ZenodoClient, metadata: DepositionMetadata?, metadataOnly: Bool) async throws -> Deposition {
        try await client.legacyCreate(metadata, metadataOnly: metadataOnly)
    }

    /// Refused before sending when Zenodo would refuse it or could not carry it (`LegacySaveCheck`).
    func updateMetadata(_ client: ZenodoClient, _ id: Int, _ metadata: DepositionMetadata) async throws -> Deposition {
        try ZenodoClient.refuseUnsendable(metadata)
        return try await client.putMetadata(id, metadata)
    }

    func deleteDraft(_ client: ZenodoClient, _ id: Int) async throws {
        _ = try await client.send(.DELETE, client.url("/deposit/depositions/\(id)"), idempotent: true)
    }

    func files(_ client: ZenodoClient, of id: Int) async throws -> [DepositionFile] {
        try await client.legacyFiles(of: id)
    }

    func deleteFile(_ client: ZenodoClient, _ fileID: String, of id: Int) async throws {
        _ = try await client.send(.DELETE, client.url("/deposit/depositions/\(id)/files/\(fileID)"), idempotent: true)
    }

    /// One PUT into the bucket: the deposit API has no parts (`parts` is not used).
    func upload(
        _ client: ZenodoClient, file: any ByteSource, key: String, target: String, chunkSize: Int, verifyChecksum: Bool,
        parts: PartPlan?, progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> UploadedFile {
        try await client.legacyUpload(
            file: file, key: key, bucketURL: target, chunkSize: chunkSize, verifyChecksum: verifyChecksum,
            progress: progress)
    }

    func publish(_ client: ZenodoClient, _ id: Int) async throws -> Deposition { try await client.legacyPublish(id) }

    func edit(_ client: ZenodoClient, _ id: Int) async throws -> Deposition { try await client.legacyEdit(id) }

    func discard(_ client: ZenodoClient, _ id: Int) async throws {
        _ = try await client.send(
            .POST, client.url("/deposit/depositions/\(id)/actions/discard"), idempotent: false)
    }

    func newVersion(_ client: ZenodoClient, of id: Int) async throws -> Deposition {
        try await client.legacyNewVersion(of: id)
    }

    /// No metadata-only records through the deposit API: giving files back is a no-op, taking them
    /// away is refused in words.
    func setFilesEnabled(_ client: ZenodoClient, _ id: Int, _ enabled: Bool) async throws -> Deposition {
        if enabled { return try await client.deposition(id) }
        throw ZenodoClient.noMetadataOnly(client.profile.displayName, serverSaid: nil)
    }

    func legacyLosses(_ client: ZenodoClient, _ id: Int) async -> [String] {
        await client.nativeFieldsLegacyLoses(id)
    }
}
