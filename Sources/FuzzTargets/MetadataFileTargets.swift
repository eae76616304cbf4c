import Foundation
import MetadataFiles
import ZenodoKit

/// Users' metadata files: `.zenodo.json` and `CITATION.cff`, read as the `import` key and
/// `--metadata` read them, and merged into a deposition's metadata as an import would.
enum MetadataFileTargets {
    static func zenodoJSON(_ data: Data) {
        // `validate`'s line scan reads any text, valid JSON or not.
        let lines = FieldLines.json(String(decoding: data.prefix(MetadataFile.limit), as: UTF8.self))
        guard let fields = try? MetadataFile.fields(fromJSON: data.prefix(MetadataFile.limit)) else { return }
        let merged = MetadataFile.merge(fields, into: DepositionMetadata(raw: [:]))
        for item in PublishChecklist.metadataItems(merged, today: Date(timeIntervalSince1970: 1_790_000_000)) {
            _ = FieldLines.line(of: item.field, in: lines)
        }
        _ = MetadataExport.zenodoJSON(fields)
    }

    static func citation(_ data: Data) {
        guard let yaml = String(data: data.prefix(FuzzTarget.maxInput), encoding: .utf8) else { return }
        guard let fields = try? CitationFile.metadata(fromYAML: yaml) else { return }
        let merged = MetadataFile.merge(fields, into: DepositionMetadata(raw: [:]))
        let lines = FieldLines.cff(yaml)
        for item in PublishChecklist.metadataItems(merged, today: Date(timeIntervalSince1970: 1_790_000_000)) {
            _ = FieldLines.line(of: item.field, in: lines)
        }
        // What is read exports again (the round trip `export --format cff` relies on).
        _ = try? MetadataExport.citationFile(fields, doi: nil)
    }
}
