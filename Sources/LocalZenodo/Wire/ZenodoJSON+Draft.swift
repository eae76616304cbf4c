import FoundationEssentials

extension ZenodoJSON {
    /// A draft in Zenodo JSON: what Zenodo answers on the native draft routes to a caller that does
    /// not ask for `application/vnd.inveniordm.v1+json` (samples 05, 10 and 12: `POST /api/records`,
    /// `PUT …/draft`, `POST …/versions`). `status: "draft"`; a `doi` only once one is reserved;
    /// `conceptdoi` once the concept has a published version; file links point into the draft.
    func draft(_ d: StoredDeposition, versions: [StoredDeposition]) -> JSONValue {
        let legacy = d.currentMetadata
        let recordURL = links.record(d.id)
        let doi = d.draft?["pids"]?["doi"]?["identifier"]?.stringValue
        let hasPublished = versions.contains { $0.isPublished }
        var metadata =
            self.metadata(legacy, deposition: d, versions: versions.filter(\.isPublished), doi: doi).objectValue ?? [:]
        if doi == nil { metadata["doi"] = nil }
        if d.isPublished == false {
            // Not among the published versions yet: `index` counts them, and it is not the last.
            let published = versions.filter(\.isPublished).count
            metadata["relations"] = [
                "version": [
                    [
                        "index": .int(published), "is_last": false,
                        "parent": ["pid_type": "recid", "pid_value": .string(String(d.conceptrecid))],
                    ]
                ]
            ]
        }
        var linkSet: [String: JSONValue] = [
            "self": .string(recordURL + "/draft"),
            "self_html": .string(links.origin + "/uploads/\(d.id)"),
            "preview_html": .string(links.html(record: d.id) + "?preview=1"),
            "reserve_doi": .string(recordURL + "/draft/pids/doi"),
            "files": .string(recordURL + "/draft/files"),
            "archive": .string(recordURL + "/draft/files-archive"),
            "versions": .string(recordURL + "/versions"),
            "record": .string(recordURL),
            "record_html": .string(links.html(record: d.id)),
            "publish": .string(recordURL + "/draft/actions/publish"),
            "review": .string(recordURL + "/draft/review"),
        ]
        var object: [String: JSONValue] = [
            "created": .string(Timestamp.string(d.created)),
            "modified": .string(Timestamp.string(d.modified)),
            "updated": .string(Timestamp.string(d.modified)),
            "id": .int(d.id),
            "recid": .string(String(d.id)),
            "conceptrecid": .string(String(d.conceptrecid)),
            "metadata": .object(metadata),
            "title": .string(legacy["title"]?.stringValue ?? ""),
            "revision": .int(d.revision),
            "owners": [["id": .string(String(d.owner))]],
            "status": "draft",
            "state": .string(d.state.rawValue),
            "submitted": .bool(d.isPublished),
            "files": .array(
                d.files.map { f in
                    [
                        "id": .string(f.id), "key": .string(f.key), "size": .int(Int(f.size)),
                        "checksum": f.checksumJSON(at: now),
                        "links": ["self": .string(links.draftContent(d.id, key: f.key))],
                    ]
                }),
        ]
        if let doi {
            object["doi"] = .string(doi)
            object["doi_url"] = .string(links.resolver(doi))
            linkSet["doi"] = .string(links.resolver(doi))
            linkSet["self_doi"] = .string(links.resolver(doi))
        }
        if hasPublished {
            let conceptDOI = links.registeredDOI(d.conceptrecid)
            object["conceptdoi"] = .string(conceptDOI)
            linkSet["parent_doi"] = .string(links.resolver(conceptDOI))
            linkSet["parent_doi_html"] = .string(links.origin + "/doi/" + conceptDOI)
        }
        object["links"] = .object(linkSet)
        return .object(object)
    }
}
