import FoundationEssentials

/// Writes InvenioRDM's own JSON (`application/vnd.inveniordm.v1+json`; samples 07–09, 24, 25):
/// records and drafts with `metadata`, `access`, `pids`, `parent`, `versions`, `files.entries`,
/// and file entries with `status` pending or completed.
struct RDMJSON {
    var links: Links
    /// The server's time, for what shows only from a date on (a multipart file's MD5).
    var now = Date()

    /// A draft (`draft: true`) or the published record of a deposition.
    func record(_ d: StoredDeposition, draft: Bool, isLatest: Bool) -> JSONValue {
        let parts = (draft ? d.draft : d.published) ?? .object([:])
        let recordURL = links.record(d.id)
        var pids = parts["pids"]?.objectValue ?? [:]
        if d.isPublished && !draft || (draft && d.isPublished) {
            pids["doi"] =
                pids["doi"] ?? [
                    "identifier": .string(links.registeredDOI(d.id)), "provider": "datacite", "client": "datacite",
                ]
            pids["oai"] = ["identifier": .string("oai:\(links.host):\(d.id)"), "provider": "oai"]
        }
        var parent: [String: JSONValue] = [
            "id": .string(String(d.conceptrecid)), "access": ["owned_by": ["user": .string(String(d.owner))]],
        ]
        if d.isPublished || d.versionIndex > 1 {
            parent["pids"] = [
                "doi": [
                    "identifier": .string(links.registeredDOI(d.conceptrecid)), "provider": "datacite",
                    "client": "datacite",
                ]
            ]
        }
        var access = parts["access"]?.objectValue ?? ["record": "public", "files": "public"]
        if access["embargo"] == nil { access["embargo"] = ["active": false, "reason": .null] }
        access["status"] = .string(Self.accessStatus(access))
        let files =
            draft
            ? d.files.map { completedEntry($0, d, draft: true) } + d.pendingFiles.map { pendingEntry($0, d) }
            : d.recordFiles.map { completedEntry($0, d, draft: false) }
        var linkSet: [String: JSONValue] = [
            "self": .string(draft ? recordURL + "/draft" : recordURL),
            "self_html": .string(draft ? links.origin + "/uploads/\(d.id)" : links.html(record: d.id)),
            "parent": .string(links.record(d.conceptrecid)),
            "parent_html": .string(links.html(record: d.conceptrecid)),
            "files": .string(draft ? recordURL + "/draft/files" : recordURL + "/files"),
            "versions": .string(recordURL + "/versions"),
            "latest": .string(recordURL + "/versions/latest"),
            "latest_html": .string(links.html(record: d.id) + "/latest"),
            "reserve_doi": .string(recordURL + "/draft/pids/doi"),
            "publish": .string(recordURL + "/draft/actions/publish"),
            "record": .string(recordURL),
            "draft": .string(recordURL + "/draft"),
            // Without a condition (invenio-rdm-records services/config.py `quota_increase`).
            "quota_increase": .string(recordURL + "/quota-increase"),
        ]
        if draft {
            linkSet["files_import"] = .string(recordURL + "/draft/actions/files-import")
        } else {
            // `when=is_published` (services/config.py): on every published record, whatever the policy.
            linkSet["request_deletion"] = .string(recordURL + "/request-deletion")
            linkSet["file_modification"] = .string(recordURL + "/file-modification")
        }
        if let doi = pids["doi"]?["identifier"]?.stringValue {
            linkSet["doi"] = .string(links.resolver(doi))
            linkSet["self_doi"] = .string(links.resolver(doi))
        }
        // `DraftStatus` (records/systemfields/draft_status.py): the review's status decides.
        let status: String
        if !draft || d.isPublished {
            status = "published"
        } else if let review = d.review {
            switch review.status {
            case "created": status = d.versionIndex > 1 ? "new_version_draft_with_review" : "draft_with_review"
            case "submitted": status = "in_review"
            case "declined", "expired": status = review.status
            default: status = d.versionIndex > 1 ? "new_version_draft" : "draft"
            }
        } else {
            status = d.versionIndex > 1 ? "new_version_draft" : "draft"
        }
        if !d.communities.isEmpty {
            let ids = d.communities.map(CommunityStore.uuid(for:))
            parent["communities"] = ["ids": .array(ids.map(JSONValue.string)), "default": .string(ids[0])]
        }
        if draft, let review = d.review, !d.isPublished {
            parent["review"] = [
                "id": .string(review.id), "type": "community-submission",
                "receiver": ["community": .string(review.community)], "status": .string(review.status),
            ]
            linkSet["review"] = .string(recordURL + "/draft/review")
            if review.status == "created" {
                linkSet["submit-review"] = .string(recordURL + "/draft/actions/submit-review")
            }
        }
        var filesPart: JSONValue = [
            "enabled": .bool(parts["files"]?["enabled"] != .bool(false)), "order": [], "count": .int(files.count),
            "total_bytes": .int(Int((draft ? d.files : d.recordFiles).reduce(0) { $0 + $1.size })),
            "entries": .object(
                Dictionary(files.map { ($0["key"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })),
        ]
        // Without `read_files` only `enabled` is dumped (`FilesSchema.field_dump_permissions`).
        if d.filesHidden { filesPart = ["enabled": filesPart["enabled"] ?? true] }
        var record: JSONValue = [
            "id": .string(String(d.id)),
            "created": .string(Timestamp.string(d.created)),
            "updated": .string(Timestamp.string(d.modified)),
            "revision_id": .int(d.revision),
            "links": .object(linkSet),
            "parent": .object(parent),
            "versions": ["is_latest": .bool(isLatest), "is_latest_draft": .bool(draft), "index": .int(d.versionIndex)],
            "is_published": .bool(d.isPublished),
            "is_draft": .bool(draft),
            "pids": .object(pids),
            "metadata": parts["metadata"] ?? .object([:]),
            "custom_fields": parts["custom_fields"] ?? .object([:]),
            "access": .object(access),
            "files": filesPart,
            "status": .string(status),
        ]
        // `RDMRecordSchema.stats` (`this_version`, `all_versions`: `StatsSchema`), dumped for
        // records only (`RDMRecord.stats`; a draft has no such field). LocalZenodo aggregates no
        // events, so they stay at zero, as a record's are until Zenodo's hourly aggregation.
        if !draft {
            let zero: JSONValue = [
                "views": 0, "unique_views": 0, "downloads": 0, "unique_downloads": 0, "data_volume": 0.0,
            ]
            record["stats"] = ["this_version": zero, "all_versions": zero]
        }
        return record
    }

    /// `access.status`: open, embargoed, restricted or metadata-only, as InvenioRDM computes it.
    static func accessStatus(_ access: [String: JSONValue]) -> String {
        if access["embargo"]?["active"] == .bool(true) { return "embargoed" }
        if access["record"] == "restricted" { return "restricted" }
        return access["files"] == "public" ? "open" : "restricted"
    }

    /// A file list answer: `{enabled, entries, default_preview, order, links}`.
    func fileList(_ d: StoredDeposition, draft: Bool) -> JSONValue {
        let base = links.record(d.id) + (draft ? "/draft/files" : "/files")
        let entries =
            draft
            ? d.files.map { completedEntry($0, d, draft: true) } + d.pendingFiles.map { pendingEntry($0, d) }
            : d.files.map { completedEntry($0, d, draft: false) }
        return [
            "enabled": .bool(!d.filesDisabled), "entries": .array(entries), "default_preview": .null, "order": [],
            "links": ["self": .string(base), "archive": .string(base + "-archive")],
        ]
    }

    func completedEntry(_ f: StoredFile, _ d: StoredDeposition, draft: Bool) -> JSONValue {
        let url = links.record(d.id) + (draft ? "/draft/files/" : "/files/") + Links.encodeKey(f.key)
        var entryLinks: [String: JSONValue] = ["self": .string(url), "content": .string(url + "/content")]
        if draft { entryLinks["commit"] = .string(url + "/commit") }
        // `is_container` (invenio-rdm-records services/config.py): by the key's extension.
        if !draft, links.containerAPI, f.key.lowercased().hasSuffix(".zip") {
            entryLinks["container"] = .string(url + "/container")
        }
        return [
            "created": .string(Timestamp.string(f.created)), "updated": .string(Timestamp.string(f.updated)),
            "mimetype": .string(f.mimetype), "version_id": .string(f.versionID), "file_id": .string(f.id),
            "bucket_id": .string(d.bucketID), "metadata": .null, "access": ["hidden": false],
            "links": .object(entryLinks), "key": .string(f.key), "transfer": ["type": "L"], "status": "completed",
            "checksum": f.checksumJSON(at: now), "size": .int(Int(f.size)), "storage_class": "L",
        ]
    }

    func pendingEntry(_ f: PendingFile, _ d: StoredDeposition) -> JSONValue {
        let url = links.record(d.id) + "/draft/files/" + Links.encodeKey(f.key)
        var entryLinks: [String: JSONValue] = [
            "self": .string(url), "content": .string(url + "/content"), "commit": .string(url + "/commit"),
        ]
        var transfer: [String: JSONValue] = ["type": "L"]
        if let parts = f.parts, let partSize = f.partSize {
            transfer = ["type": "M", "parts": .int(parts), "part_size": .int(Int(partSize))]
            // A multipart entry has its parts' links and no `content` one; they expire in 14 days
            // (invenio-records-resources `transfer/providers/multipart.py`, links of a pending file).
            entryLinks["content"] = nil
            entryLinks["parts"] = .array(
                (1...max(1, parts)).map { part in
                    [
                        "part": .int(part), "url": .string(url + "/content/\(part)"),
                        "expiration": .string(Timestamp.string(f.created + 14 * 86400)),
                    ]
                })
        }
        var entry: [String: JSONValue] = [
            "created": .string(Timestamp.string(f.created)), "updated": .string(Timestamp.string(f.updated)),
            "metadata": .null, "access": ["hidden": false], "links": .object(entryLinks), "key": .string(f.key),
            "transfer": .object(transfer), "status": "pending",
        ]
        if let checksum = f.declaredChecksum { entry["checksum"] = .string(checksum) }
        if let size = f.contentSize ?? f.declaredSize { entry["size"] = .int(Int(size)) }
        return .object(entry)
    }

    /// A page of records or drafts: `{hits: {hits, total}, links, sortBy}`.
    func page(_ items: [JSONValue], total: Int, selfURL: String, sort: String) -> JSONValue {
        [
            "hits": ["hits": .array(items), "total": .int(total)], "links": ["self": .string(selfURL)],
            "sortBy": .string(sort),
        ]
    }
}
