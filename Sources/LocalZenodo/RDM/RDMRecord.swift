import FoundationEssentials

/// Operations on stored RDM record parts (`metadata`, `custom_fields`, `access`, `pids`).
enum RDMRecord {
    /// A new version's draft: the latest published record without its version, its DOI, and with
    /// today's publication date (as Zenodo's `new_version` and the legacy `newversion` do).
    static func newVersion(of published: JSONValue, today: String) -> JSONValue {
        var record = published
        var metadata = record["metadata"]?.objectValue ?? [:]
        metadata["version"] = nil
        metadata["publication_date"] = .string(today)
        record["metadata"] = .object(metadata)
        record["pids"] = nil
        return record
    }

    /// Legacy metadata through the legacy loader and into RDM parts: what a legacy save stores.
    static func fromLegacyInput(_ legacy: JSONValue, today: String) throws(APIError) -> JSONValue {
        RDMFromLegacy.record(try LegacyMetadataLoader(today: today).load(legacy))
    }
}
