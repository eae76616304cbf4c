import FoundationEssentials

/// InvenioRDM's native API (`/api/records/{id}/draft`, draft files) as a backend, for any InvenioRDM
/// repository and for Zenodo: the native fields, metadata-only records and multipart transfers
/// where the server allows them; communities are review requests there, not metadata.
struct NativeBackend: DepositBackend {
    var capabilities: BackendCapabilities { .native }

    func depositions(_ client: ZenodoClient, _ query: DepositionQuery, page: Int, size: Int) async throws
        -> [Deposition]
    {
        try await client.rdmDepositions(query, page: page, size: size)
    }

    func deposition(_ client: ZenodoClient, _ id: Int) async throws -> Deposition {
        try await client.rdmDeposition(id)
    }

    func create(_ client: ZenodoClient, metadata: DepositionMetadata?, metadataOnly: Bool) async throws -> Deposition {
        try await client.rdmCreate(metadata, metadataOnly: metadataOnly)
    }

    /// A draft save drops what the record schema refuses (with only a warning), so it is refused here.
    func updateMetadata(_ client: ZenodoClient, _ id: Int, _ metadata: DepositionMetadata) async throws -> Deposition {
        let problems = RDMChecklist.problems(metadata)
        guard problems.isEmpty else {
            throw ZenodoError(
                .validation, "Not sent: the repository would refuse or drop this metadata (nothing was changed).",
                fieldErrors: problems)
        }
        return try await client.rdmUpdate(id, metadata)
    }

    func deleteDraft(_ client: ZenodoClient, _ id: Int) async throws { try await client.rdmDiscard(id) }

    func files(_ client: ZenodoClient, of id: Int) async throws -> [DepositionFile] { try await client.rdmFiles(id) }

    func deleteFile(_ client: ZenodoClient, _ fileID: String, of id: Int) async throws {
        try await client.rdmDeleteFile(fileID, of: id)
    }

    /// In parts when the plan says so, the file is larger than a part and the server has not
    /// refused parts before; else as one content PUT.
    func upload(
        _ client: ZenodoClient, file: any ByteSource, key: String, target: String, chunkSize: Int, verifyChecksum: Bool,
        parts: PartPlan?, progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> UploadedFile {
        if let parts, try file.identity().size > parts.partSize,
            client.memory?.facts(for: client.profile.apiURL)?.multipartRefused != true
        {
            if let uploaded = try await client.rdmMultipartUpload(
                file: file, key: key, filesURL: target, chunkSize: chunkSize, plan: parts, progress: progress)
            {
                return uploaded
            }
        }
        return try await client.rdmUpload(
            file: file, key: key, filesURL: target, chunkSize: chunkSize, progress: progress)
    }

    func publish(_ client: ZenodoClient, _ id: Int) async throws -> Deposition { try await client.rdmPublish(id) }

    func edit(_ client: ZenodoClient, _ id: Int) async throws -> Deposition { try await client.rdmEdit(id) }

    func discard(_ client: ZenodoClient, _ id: Int) async throws { try await client.rdmDiscard(id) }

    func newVersion(_ client: ZenodoClient, of id: Int) async throws -> Deposition {
        try await client.rdmNewVersion(id)
    }

    func setFilesEnabled(_ client: ZenodoClient, _ id: Int, _ enabled: Bool) async throws -> Deposition {
        try await client.rdmSetFilesEnabled(id, enabled)
    }

    /// Saved natively, nothing is lost.
    func legacyLosses(_ client: ZenodoClient, _ id: Int) async -> [String] { [] }
}
