import Foundation
import MetadataFiles
import ZenodoKit

/// Users' metadata files: `.zenodo.json` and `CITATION.cff`, read as the `import` key and
/// `--metadata` read them, and merged into a deposition's metadata as an import would.
enum MetadataFileTargets {
    static func zenodoJSON(_ data: Data) {
        guard let fields = try? MetadataFile.fields(fromJSON: data.prefix(MetadataFile.limit)) else { return }
        let merged = MetadataFile.merge(fields, into: DepositionMetadata(raw: [:]))
        _ = PublishChecklist.metadataItems(merged, today: Date(timeIntervalSince1970: 1_790_000_000))
    }

    static func citation(_ data: Data) {
        guard let yaml = String(data: data.prefix(FuzzTarget.maxInput), encoding: .utf8) else { return }
        guard let fields = try? CitationFile.metadata(fromYAML: yaml) else { return }
        let merged = MetadataFile.merge(fields, into: DepositionMetadata(raw: [:]))
        _ = PublishChecklist.metadataItems(merged, today: Date(timeIntervalSince1970: 1_790_000_000))
    }
}
