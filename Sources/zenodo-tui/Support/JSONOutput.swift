import FoundationEssentials
import ZenodoKit

/// The stable `--json` shapes (documented in the README); independent of Zenodo's wire format so
/// that scripts do not break when Zenodo's does.
struct ZenodoJSONOutput {
    let data: Data
    init(_ value: JSONValue) { data = value.encoded(pretty: true) }
}

enum JSONShapes {
    /// A record's use, as `search --json` and `show --json` give it.
    static func stats(_ s: RecordAbout.Stats) -> JSONValue {
        [
            "views": .int(s.views), "downloads": .int(s.downloads), "unique_views": .int(s.uniqueViews),
            "unique_downloads": .int(s.uniqueDownloads),
        ]
    }

    static func date(_ date: Date?) -> JSONValue {
        guard let date else { return .null }
        return .string(date.formatted(.iso8601))
    }

    /// One deposition in `list --json`.
    static func summary(_ d: Deposition) -> JSONValue {
        [
            "id": .int(d.id),
            "concept_id": d.conceptRecordID.map(JSONValue.string) ?? .null,
            "state": .string(d.state.rawValue),
            "status": .string(d.status.rawValue),
            "title": .string(d.title),
            "doi": d.doi.map(JSONValue.string) ?? .null,
            "prereserved_doi": d.metadata.prereservedDOI.map(JSONValue.string) ?? .null,
            "file_count": .int(d.files.count),
            // On the native API each record carries its use; the deposit API's listing has none.
            "stats": RecordAbout.Stats(rdm: d.rdmRecord?["stats"]).map(stats) ?? .null,
            "size": .int(Int(d.totalSize)),
            "created": date(d.created),
            "modified": date(d.modified),
            "html_url": d.htmlURL.map(JSONValue.string) ?? .null,
        ]
    }

    /// `show --json`: the summary plus the metadata as Zenodo holds it and the files.
    static func detail(_ d: Deposition) -> JSONValue {
        var object = summary(d)
        object["metadata"] = d.metadata.json
        object["files"] = .array(
            d.files.map { f in
                [
                    "id": .string(f.id), "filename": .string(f.filename), "size": .int(Int(f.size)),
                    "md5": f.md5.map(JSONValue.string) ?? .null,
                ]
            })
        return object
    }
}
