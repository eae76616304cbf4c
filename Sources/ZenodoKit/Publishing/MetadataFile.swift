import Foundation

/// Metadata from a file: `.zenodo.json` (Zenodo's legacy metadata object, optionally wrapped in
/// `{"metadata": …}`) or `CITATION.cff`. Its fields replace the same fields of the deposition;
/// others are kept.
public enum MetadataFile {
    /// The most read of a metadata file (real ones are a few KiB).
    public static let limit = 1 << 20

    public static func load(_ url: URL) throws -> [String: JSONValue] {
        if url.lastPathComponent.lowercased().hasSuffix(".cff") { return try CitationFile.load(url) }
        let data = try BoundedFile.read(url, limit: limit, what: url.lastPathComponent)
        guard let json = try? JSONValue.decode(data) else {
            throw ZenodoError(.validation, "\(url.lastPathComponent) is not valid JSON")
        }
        guard var object = json.object else {
            throw ZenodoError(.validation, "\(url.lastPathComponent) must hold a JSON object of Zenodo metadata")
        }
        if let inner = object["metadata"]?.object { object = inner }
        let unknown = object.keys.filter { !DepositionMetadata.knownFields.contains($0) && !$0.hasSuffix("_type") }.sorted()
        guard unknown.isEmpty else {
            throw ZenodoError(.validation, "\(url.lastPathComponent) has fields Zenodo does not know: \(unknown.joined(separator: ", "))")
        }
        return object
    }

    /// The deposition's metadata with the file's fields applied.
    public static func merge(_ fields: [String: JSONValue], into metadata: DepositionMetadata) -> DepositionMetadata {
        var merged = metadata
        for (key, value) in fields { merged.raw[key] = value }
        return merged
    }
}
