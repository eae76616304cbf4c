import FoundationEssentials
import ZenodoKit

/// Metadata from a file: `.zenodo.json` (Zenodo's legacy metadata object, optionally wrapped in
/// `{"metadata": …}`) or `CITATION.cff`. Its fields replace the same fields of the deposition;
/// others are kept.
public enum MetadataFile {
    /// The most read of a metadata file (real ones are a few KiB).
    public static let limit = 1 << 20

    public static func load(_ url: URL) throws -> [String: JSONValue] {
        if url.lastPathComponent.lowercased().hasSuffix(".cff") { return try CitationFile.load(url) }
        let data = try BoundedFile.read(url, limit: limit, what: url.lastPathComponent)
        return try fields(fromJSON: data, name: url.lastPathComponent)
    }

    /// The fields of a `.zenodo.json` already read; `name` is how errors call the file.
    public static func fields(fromJSON data: Data, name: String = ".zenodo.json") throws -> [String: JSONValue] {
        guard let json = try? JSONValue.decode(data) else {
            throw ZenodoError(.validation, "\(name) is not valid JSON")
        }
        guard var object = json.object else {
            throw ZenodoError(.validation, "\(name) must hold a JSON object of Zenodo metadata")
        }
        if let inner = object["metadata"]?.object { object = inner }
        let unknown = object.keys.filter { !DepositionMetadata.knownFields.contains($0) && !$0.hasSuffix("_type") }
            .sorted()
        guard unknown.isEmpty else {
            throw ZenodoError(
                .validation, "\(name) has fields Zenodo does not know: \(unknown.joined(separator: ", "))")
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
