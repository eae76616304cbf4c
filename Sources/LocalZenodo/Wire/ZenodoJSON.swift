import FoundationEssentials

/// Writes the records API's "Zenodo JSON" (`zenodojson.py`): not the deposition shape.
/// `recid` and `conceptrecid` are strings, `resource_type` and `license` are objects, files carry
/// `md5:` checksums and `…/content` links, and there is no bucket link.
struct ZenodoJSON {
    var links: Links
    /// The server's time, for what shows only from a date on (a multipart file's MD5).
    var now = Date()

    /// `versions` are the concept's published versions, oldest first (for `relations.version`).
    func record(_ d: StoredDeposition, versions: [StoredDeposition]) -> JSONValue {
        let published = d.legacyPublished ?? .object([:])
        let doi = links.registeredDOI(d.id)
        let conceptDOI = links.registeredDOI(d.conceptrecid)
        let recordURL = links.record(d.id)
        var object: [String: JSONValue] = [
            "created": .string(Timestamp.string(d.publishedAt ?? d.created)),
            "updated": .string(Timestamp.string(d.modified)),
            "modified": .string(Timestamp.string(d.modified)),
            "id": .int(d.id),
            "recid": .string(String(d.id)),
            "conceptrecid": .string(String(d.conceptrecid)),
            "doi": .string(doi),
            "conceptdoi": .string(conceptDOI),
            "doi_url": .string(links.resolver(doi)),
            "title": .string(published["title"]?.stringValue ?? ""),
            "metadata": metadata(published, deposition: d, versions: versions),
            "revision": .int(d.revision),
            "owners": [["id": .string(String(d.owner))]],  // a string since 2024 (sample 05; 13 has the old int)
            "status": "published",
            "state": "done",
            "submitted": true,
            "stats": [
                "downloads": 0, "unique_downloads": 0, "views": 0, "unique_views": 0, "volume": 0,
                "version_downloads": 0, "version_unique_downloads": 0, "version_unique_views": 0,
                "version_views": 0, "version_volume": 0,
            ],
            "swh": .object([:]),
            "files": .array(
                (d.filesHidden ? [] : d.files).map { f in
                    [
                        "id": .string(f.id), "key": .string(f.key), "size": .int(Int(f.size)),
                        "checksum": f.checksumJSON(at: now),
                        "links": ["self": .string(links.recordContent(d.id, key: f.key))],
                    ]
                }),
            "links": [
                "self": .string(recordURL),
                "self_html": .string(links.html(record: d.id)),
                "self_doi": .string(links.resolver(doi)),
                "doi": .string(links.resolver(doi)),
                "parent": .string(links.record(d.conceptrecid)),
                "parent_html": .string(links.html(record: d.conceptrecid)),
                "parent_doi": .string(links.resolver(conceptDOI)),
                "parent_doi_html": .string(links.origin + "/doi/" + conceptDOI),
                "badge": .string(links.badge(doi)),
                "conceptbadge": .string(links.badge(conceptDOI)),
                "files": .string(recordURL + "/files"),
                "archive": .string(recordURL + "/files-archive"),
                "latest": .string(recordURL + "/versions/latest"),
                "latest_html": .string(links.html(record: d.id) + "/latest"),
                "versions": .string(recordURL + "/versions"),
            ],
        ]
        if d.state == .inprogress { object["links"]?["draft"] = .string(recordURL + "/draft") }
        return .object(object)
    }

    /// `doi`: the record's (a draft has one only once reserved).
    func metadata(_ legacy: JSONValue, deposition d: StoredDeposition, versions: [StoredDeposition], doi: String? = nil)
        -> JSONValue
    {
        var m = legacy.objectValue ?? [:]
        LegacyDates.dumpMetadata(&m)
        m["prereserve_doi"] = nil
        m["doi"] = .string(doi ?? links.registeredDOI(d.id))
        if let type = m.removeValue(forKey: "upload_type")?.stringValue {
            let subtype = m.removeValue(forKey: "\(type)_type")?.stringValue
            var resourceType: [String: JSONValue] = [
                "type": .string(type), "title": .string(ServerVocabulary.title(type: type, subtype: subtype)),
            ]
            if let subtype { resourceType["subtype"] = .string(subtype) }
            m["resource_type"] = .object(resourceType)
        }
        if let license = m["license"]?.stringValue { m["license"] = ["id": .string(license)] }
        // Zenodo JSON's `metadata.communities` is the record's membership (`parent.communities`,
        // by slug; the source document's 2-D), not what the legacy field asked for.
        m["communities"] = d.communities.isEmpty ? nil : .array(d.communities.map { ["id": .string($0)] })
        let index = versions.firstIndex { $0.id == d.id } ?? 0
        // `dump_relations` (zenodojson.py): no `count`, no `last_child`.
        m["relations"] = [
            "version": [
                [
                    "index": .int(index),
                    "is_last": .bool(index == versions.count - 1),
                    "parent": ["pid_type": "recid", "pid_value": .string(String(d.conceptrecid))],
                ]
            ]
        ]
        return .object(m)
    }

    /// `GET /api/records/{id}/files`: the native files listing.
    func fileEntries(_ d: StoredDeposition) -> JSONValue {
        let recordURL = links.record(d.id)
        return [
            "enabled": true,
            "default_preview": .null,
            "order": [],
            "entries": .array(
                d.files.map { f in
                    [
                        "key": .string(f.key), "size": .int(Int(f.size)), "checksum": f.checksumJSON(at: now),
                        "mimetype": .string(f.mimetype), "status": "completed", "id": .string(f.id),
                        "file_id": .string(f.id), "version_id": .string(f.versionID),
                        "created": .string(Timestamp.string(f.created)),
                        "updated": .string(Timestamp.string(f.updated)),
                        "storage_class": "L", "metadata": .object([:]),
                        "links": [
                            "self": .string(recordURL + "/files/" + Links.encodeKey(f.key)),
                            "content": .string(links.recordContent(d.id, key: f.key)),
                        ],
                    ]
                }),
            "links": ["self": .string(recordURL + "/files"), "archive": .string(recordURL + "/files-archive")],
        ]
    }
}
