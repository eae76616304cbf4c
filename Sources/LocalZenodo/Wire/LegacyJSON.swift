import FoundationEssentials

/// Writes the legacy deposit API's JSON (`LegacySchema`, `LegacyFilesRESTSchema`) from stored state.
struct LegacyJSON {
    var links: Links

    /// A deposition as a single GET shows it (`listItem` drops `links.bucket`, as Zenodo's index does).
    func deposition(_ d: StoredDeposition, listItem: Bool = false) -> JSONValue {
        var metadata = d.currentMetadata.objectValue ?? [:]
        // zenodo-rdm `resolve_communities`: the legacy field's slugs and the record's communities.
        let listed = (metadata["communities"]?.arrayValue ?? []).compactMap { $0["identifier"]?.stringValue }
        let union = listed + d.communities.filter { !listed.contains($0) }
        if !union.isEmpty { metadata["communities"] = .array(union.map { ["identifier": .string($0)] }) }
        LegacyDates.dumpMetadata(&metadata)
        let doi = links.registeredDOI(d.id)
        let conceptDOI = links.registeredDOI(d.conceptrecid)
        metadata["prereserve_doi"] = ["doi": .string(links.reservedDOI(d.id)), "recid": .int(d.id)]
        if d.isPublished { metadata["doi"] = .string(doi) }
        var object: [String: JSONValue] = [
            "created": .string(Timestamp.string(d.created)),
            "modified": .string(Timestamp.string(d.modified)),
            "id": .int(d.id),
            "record_id": .int(d.id),
            "conceptrecid": .string(String(d.conceptrecid)),
            "owner": .int(d.owner),
            "title": .string(metadata["title"]?.stringValue ?? ""),
            "state": .string(d.state.rawValue),
            "submitted": .bool(d.isPublished),
            "metadata": .object(metadata),
            "files": .array(d.files.map { embeddedFile($0, deposition: d) }),
            "links": depositionLinks(d, listItem: listItem),
        ]
        if d.isPublished {
            object["doi"] = .string(doi)
            object["doi_url"] = .string(links.doi(doi))
        }
        if hasConceptDOI(d) { object["conceptdoi"] = .string(conceptDOI) }
        return .object(object)
    }

    /// The concept DOI exists once any version of the concept was published; LocalZenodo
    /// records that on each version as `versionIndex > 1 || isPublished`.
    private func hasConceptDOI(_ d: StoredDeposition) -> Bool { d.isPublished || d.versionIndex > 1 }

    private func depositionLinks(_ d: StoredDeposition, listItem: Bool) -> JSONValue {
        let deposit = links.deposition(d.id)
        let asRecord = d.state == .done
        var object: [String: JSONValue] = [
            "self": .string(asRecord ? links.record(d.id) : deposit),
            "html": .string(asRecord ? links.html(record: d.id) : links.html(deposit: d.id)),
            "files": .string(asRecord ? links.record(d.id) + "/files" : deposit + "/files"),
            "latest_draft": .string(deposit),
            "latest_draft_html": .string(links.html(deposit: d.id)),
            "publish": .string(deposit + "/actions/publish"),
            "edit": .string(deposit + "/actions/edit"),
            "discard": .string(deposit + "/actions/discard"),
            "newversion": .string(deposit + "/actions/newversion"),
        ]
        if !listItem { object["bucket"] = .string(links.bucket(d.bucketID)) }
        object["badge"] = .string(links.badge(d.isPublished ? links.registeredDOI(d.id) : ""))
        if d.isPublished {
            let doi = links.registeredDOI(d.id)
            let conceptDOI = links.registeredDOI(d.conceptrecid)
            object["doi"] = .string(links.doi(doi))
            object["parent_doi"] = .string(links.doi(conceptDOI))
            object["conceptbadge"] = .string(links.badge(conceptDOI))
            object["record"] = .string(links.record(d.id))
            object["record_html"] = .string(links.origin + "/record/\(d.id)")
            object["latest"] = .string(links.record(d.id) + "/versions/latest")
            object["latest_html"] = .string(links.html(record: d.id) + "/latest")
        }
        return .object(object)
    }

    /// A file inside a deposition: bare MD5, and the draft download link Zenodo always writes
    /// there (broken for published records without a draft: zenodo/zenodo-rdm#1196).
    func embeddedFile(_ f: StoredFile, deposition d: StoredDeposition) -> JSONValue {
        file(f, deposition: d, download: links.draftContent(d.id, key: f.key))
    }

    /// A file as `/deposit/depositions/{id}/files` lists it, with the download link that works.
    func listedFile(_ f: StoredFile, deposition d: StoredDeposition) -> JSONValue {
        let download = d.state == .done ? links.recordContent(d.id, key: f.key) : links.draftContent(d.id, key: f.key)
        // Zenodo writes `filesize` here as a float (sample 03: `762000.0`), an int inside a
        // deposition (sample 02).
        return file(f, deposition: d, download: download, size: .double(Double(f.size)))
    }

    private func file(
        _ f: StoredFile, deposition d: StoredDeposition, download: String, size: JSONValue? = nil
    ) -> JSONValue {
        [
            "id": .string(f.id),
            "filename": .string(f.key),
            "filesize": size ?? .int(Int(f.size)),
            "checksum": .string(f.md5),
            // `{links.files}/{file_id}`: the record's files once published (sample 21).
            "links": [
                "self": .string((d.state == .done ? links.record(d.id) : links.deposition(d.id)) + "/files/\(f.id)"),
                "download": .string(download),
            ],
        ]
    }

    /// A pending file as the `/files` listing shows it: no id, the size and checksum it was
    /// declared with.
    func pendingFile(_ f: PendingFile, deposition d: StoredDeposition) -> JSONValue {
        [
            "id": .null, "filename": .string(f.key), "filesize": .double(Double(f.contentSize ?? f.declaredSize ?? 0)),
            "checksum": f.declaredChecksum.map { .string(String($0.split(separator: ":", maxSplits: 1).last ?? "")) }
                ?? .null,
            "links": ["download": .string(links.draftContent(d.id, key: f.key))],
        ]
    }

    /// The bucket PUT answer: `md5:`-prefixed checksum.
    func bucketObject(_ f: StoredFile, bucket: String, checksum: String? = nil) -> JSONValue {
        let url = links.object(bucket: bucket, key: f.key)
        return [
            "created": .string(Timestamp.string(f.created)),
            "updated": .string(Timestamp.string(f.updated)),
            "version_id": .string(f.versionID),
            "key": .string(f.key),
            "size": .int(Int(f.size)),
            "mimetype": .string(f.mimetype),
            "checksum": .string("md5:" + (checksum ?? f.md5)),
            "is_head": true,
            "delete_marker": false,
            "links": [
                "self": .string(url),
                "version": .string(url + "?version_id=\(f.versionID)"),
                "uploads": .string(url + "?uploads=1"),
            ],
        ]
    }
}
