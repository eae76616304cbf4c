import EssentialsExtras
import FoundationEssentials
import Hummingbird

extension LocalZenodoAPI {
    /// `RECORDS_RESOURCES_ZIP_MAX_LISTING_ENTRIES`: a listing stops (`truncated`) at this many
    /// entries and directories together.
    static let containerListingLimit = 1000

    /// `GET /api/records/{id}/files/{key}/container`: a ZIP's members as invenio-records-resources
    /// lists them (`ZipExtractor.list`, `ContainerListResult.to_dict`): `entries` (files: `key`
    /// without a trailing slash, `size`, `compressed_size`, `mimetype`, `crc` as a number, a
    /// `links.content` to extract it), `directories` (their `key`, `links`, and the keys of the
    /// files directly in them, or null), `total` (files listed) and `truncated`, at 1,000 entries
    /// and directories together. A key that is not a `.zip`: 400 "No extractor found for the file
    /// 'KEY'."; an archive that cannot be read: the 999 its handler answers.
    func containerListing(_ call: Call, _ id: Int, key: String, draft: Bool) async throws -> Response {
        let (file, url) = try await containerFile(call, id, key: key, draft: draft)
        let zip = try Self.readZip(url, key: file.key)
        let base = "\(links.api)/records/\(id)\(draft ? "/draft" : "")/files/\(Self.pathEncoded(key))/container/"
        var entries: [JSONValue] = []
        var directories: [(key: String, json: [String: JSONValue])] = []
        var truncated = false
        for member in zip.members {
            let memberKey = Self.normalised(member.name)
            if member.isDirectory {
                directories.append(
                    (
                        memberKey,
                        ["key": .string(memberKey), "links": ["content": .string(base + Self.pathEncoded(memberKey))]]
                    ))
            } else {
                entries.append([
                    "key": .string(memberKey), "size": .int(Int(member.size)),
                    "compressed_size": .int(Int(member.compressedSize)), "mimetype": .string(Self.mimetype(memberKey)),
                    "crc": .int(Int(member.crc)), "links": ["content": .string(base + Self.pathEncoded(memberKey))],
                ])
            }
            if entries.count + directories.count >= Self.containerListingLimit {
                truncated = true
                break
            }
        }
        var children: [String: [JSONValue]] = [:]
        for entry in entries {
            let entryKey = entry["key"]?.stringValue ?? ""
            let parent = entryKey.contains("/") ? String(entryKey[..<entryKey.lastIndex(of: "/")!]) : "."
            children[parent, default: []].append(.string(entryKey))
        }
        let listing: JSONValue = [
            "entries": .array(entries),
            "truncated": .bool(truncated),
            "total": .int(entries.count),
            "directories": .array(
                directories.map { directory in
                    var json = directory.json
                    json["entries"] = children[directory.key].map(JSONValue.array) ?? .null
                    return .object(json)
                }),
        ]
        return Reply.json(listing)
    }

    /// `GET /api/records/{id}/files/{key}/container/{path}`: one member's content (inflated,
    /// checked against its CRC as `zipfile` does); an unknown path is
    /// `FileKeyNotFoundError`'s 404. A path naming a directory *entry* of the archive
    /// (`item.filename.rstrip("/") == path` and `is_dir()`, extractors/zip.py `open`) is answered
    /// with a new ZIP of what is under it (`_zip_directory`: names relative to the directory, its
    /// folders as entries, members deflated), sent without a length (a generator),
    /// `application/octet-stream`, as `<directory name>.zip`; a folder the archive does not list as
    /// an entry is 404, as there.
    func containerItem(_ call: Call, _ id: Int, key: String, path: String, draft: Bool) async throws -> Response {
        let (file, url) = try await containerFile(call, id, key: key, draft: draft)
        let zip = try Self.readZip(url, key: file.key)
        guard let member = zip.members.first(where: { $0.name.hasSuffix("/") ? false : $0.name == path }) else {
            if let folder = zip.members.first(where: { $0.isDirectory && String($0.name.dropLast()) == path }) {
                return try Self.zipDirectory(zip, folder.name, key: file.key)
            }
            throw APIError.notFound("Record '\(id)' has no file '\(path)'.")
        }
        let content: Data
        do {
            content = try zip.content(of: member)
        } catch let unreadable as StoredZip.Unreadable {
            throw APIError(status: 999, message: "Invalid file content for file '\(file.key)': \(unreadable.reason).")
        }
        var response = Reply.bytes(content, contentType: Self.mimetype(path))
        response.headers[.contentDisposition] = "attachment; filename=\"\(PathText.lastComponent(path))\""
        return response
    }

    /// A directory of the container as a ZIP of its own.
    static func zipDirectory(_ zip: StoredZip, _ folder: String, key: String) throws -> Response {
        var members: [ZipWriter.Member] = []
        for entry in zip.members where entry.name.utf8.starts(with: folder.utf8) && entry.name != folder {
            let relative = String(decoding: entry.name.utf8.dropFirst(folder.utf8.count), as: UTF8.self)
            do {
                members.append(.init(name: relative, bytes: entry.isDirectory ? [] : Array(try zip.content(of: entry))))
            } catch let unreadable as StoredZip.Unreadable {
                throw APIError(status: 999, message: "Invalid file content for file '\(key)': \(unreadable.reason).")
            }
        }
        let bytes = ZipWriter.make(members, deflate: true)
        let name = PathText.lastComponent(String(folder.dropLast()))
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/octet-stream", .contentDisposition: "attachment; filename=\"\(name).zip\"",
            ],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(bytes: bytes))
                try await writer.finish(nil)
            })
    }

    private func containerFile(_ call: Call, _ id: Int, key: String, draft: Bool) async throws -> (StoredFile, URL) {
        guard containerAPI else { throw APIError.noRoute }
        var deposition: StoredDeposition
        if draft {
            deposition = try await shared(call, id, needs: .preview)
        } else {
            let found = try await liveRecord(id)
            deposition = found
            deposition.files = found.recordFiles
        }
        guard let file = deposition.files.first(where: { $0.key == key }) else {
            throw APIError.notFound("Record '\(id)' has no file '\(key)'.")
        }
        if !draft, !canReadFiles(call, deposition, level: await accessLevel(call, deposition)) {
            throw APIError.permissionDenied
        }
        guard key.lowercased().hasSuffix(".zip") else {
            throw APIError(status: 400, message: "No extractor found for the file '\(key)'.")
        }
        return (file, await store.blobURL(file))
    }

    private static func readZip(_ url: URL, key: String) throws -> StoredZip {
        do {
            return try StoredZip(url: url)
        } catch let unreadable as StoredZip.Unreadable {
            throw APIError(status: 999, message: "Invalid file content for file '\(key)': \(unreadable.reason).")
        }
    }

    /// `str(PurePosixPath(name))`: no trailing slash, no empty or `.` parts.
    static func normalised(_ name: String) -> String {
        let parts = name.split(separator: "/").filter { $0 != "." }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    static func pathEncoded(_ path: String) -> String {
        let allowed = ScalarSet.urlPathAllowed.subtracting(ScalarSet(charactersIn: "?#%"))
        return path.percentEncoded(allowing: allowed)
    }

    /// `mimetypes.guess_type`, for the common extensions (as Python 3.11's table answers them).
    static func mimetype(_ name: String) -> String {
        switch PathText.extensionOf(name).lowercased() {
        case "txt": return "text/plain"
        case "md": return "text/markdown"
        case "csv": return "text/csv"
        case "json": return "application/json"
        case "py": return "text/x-python"
        case "html", "htm": return "text/html"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "pdf": return "application/pdf"
        case "zip": return "application/zip"
        case "nc": return "application/x-netcdf"
        default: return "application/octet-stream"
        }
    }
}
