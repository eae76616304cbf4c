import FoundationEssentials
import Hummingbird
import ZenodoVocabularies

extension LocalZenodoAPI {
    /// Dispatches on the decoded path segments; an unknown path is Zenodo's JSON 404, a known path
    /// with the wrong method its JSON 405.
    func route(_ call: inout Call) async throws -> Response {
        let s = call.segments
        let method = call.method
        if s == [""], method == "GET" || method == "HEAD" { return FrontPage.response(links.flavor, links: links) }
        guard s.first == "api" else { throw APIError.noRoute }
        let rest = Array(s.dropFirst())
        switch rest.count {
        // `/api` and `/api/`: no segment, or one empty one.
        case 0,
            1 where rest == [""]:
            guard method == "GET" else { throw APIError.methodNotAllowed }
            return index()
        default: break
        }
        switch rest[0] {
        case "deposit":
            // A plain InvenioRDM has no legacy layer.
            guard links.flavor != .inveniordm, rest.count >= 2, rest[1] == "depositions" else { throw APIError.noRoute }
            try call.requireJSONAccept()
            return try await depositionRoutes(&call, Array(rest.dropFirst(2)))
        case "files":
            return try await bucketRoutes(&call, Array(rest.dropFirst()))
        case "records":
            return try await recordRoutes(&call, Array(rest.dropFirst()))
        case "user" where rest.count == 2 && rest[1] == "records":
            guard method == "GET" else { throw APIError.methodNotAllowed }
            return try await userRecords(call)
        case "communities" where rest.count == 1 || (rest.count == 2 && rest[1].isEmpty):
            guard method == "GET" else { throw APIError.methodNotAllowed }
            return try await searchCommunities(call)
        case "communities" where rest.count == 2:
            guard method == "GET" else { throw APIError.methodNotAllowed }
            return try await readCommunity(call, rest[1])
        case "user" where rest.count == 2 && rest[1] == "communities":
            guard method == "GET" else { throw APIError.methodNotAllowed }
            return try await userCommunities(call)
        case "user" where rest.count == 2 && rest[1] == "requests":
            guard method == "GET" else { throw APIError.methodNotAllowed }
            return try await userRequests(call)
        case "requests" where rest.count >= 2:
            return try await requestRoutes(&call, Array(rest.dropFirst()))
        case "users" where rest.count == 1:
            guard method == "GET" else { throw APIError.methodNotAllowed }
            return try searchUsers(call)
        case "users" where rest.count == 2:
            guard method == "GET" else { throw APIError.methodNotAllowed }
            return try readUser(call, rest[1])
        case let name where VocabularyStore.Kind(rawValue: name) != nil:
            return try vocabularyRoutes(call, VocabularyStore.Kind(rawValue: name)!, Array(rest.dropFirst()))
        case "licenses":
            return Reply.redirect(links.api + "/vocabularies/licenses", status: .movedPermanently)
        case "vocabularies" where rest.count == 2 && rest[1] == "licenses":
            guard method == "GET" else { throw APIError.methodNotAllowed }
            return try licenses(call)
        default:
            throw APIError.noRoute
        }
    }

    private func depositionRoutes(_ call: inout Call, _ rest: [String]) async throws -> Response {
        let method = call.method
        if rest.isEmpty || rest == [""] {
            switch method {
            case "GET": return try await listDepositions(call)
            case "POST": return try await createDeposition(&call)
            default: throw APIError.methodNotAllowed
            }
        }
        guard let id = Int(rest[0]) else { throw APIError.notFound() }
        switch (rest.count, method) {
        case (1, "GET"): return try await getDeposition(call, id)
        case (1, "PUT"): return try await updateDeposition(&call, id)
        case (1, "DELETE"): return try await deleteDraft(call, id)
        case (1, _): throw APIError.methodNotAllowed
        case (2, _) where rest[1] == "files":
            switch method {
            case "GET": return try await listFiles(call, id)
            case "POST": return try await uploadForm(&call, id)
            case "PUT": throw APIError.methodNotAllowed  // sorting files is gone
            default: throw APIError.methodNotAllowed
            }
        case (3, _) where rest[1] == "files":
            switch method {
            case "GET": return try await getFile(call, id, fileID: rest[2])
            case "DELETE": return try await deleteFile(call, id, fileID: rest[2])
            case "PUT": throw APIError.methodNotAllowed  // renaming files is gone
            default: throw APIError.methodNotAllowed
            }
        case (3, _) where rest[1] == "actions":
            guard method == "POST" else { throw APIError.methodNotAllowed }
            switch rest[2] {
            case "publish": return try await publish(call, id)
            case "edit": return try await edit(call, id)
            case "discard": return try await deleteDraft(call, id)
            case "newversion": return try await newVersion(call, id)
            default: throw APIError.noRoute
            }
        default:
            throw APIError.noRoute
        }
    }

    private func bucketRoutes(_ call: inout Call, _ rest: [String]) async throws -> Response {
        switch rest.count {
        case 1:
            guard call.method == "GET" else { throw APIError.methodNotAllowed }
            // Zenodo's bucket listing fails in its serializer (zenodo/zenodo#2506).
            throw BucketListingUnsupported()
        case 2 where !rest[1].isEmpty:
            switch call.method {
            case "PUT": return try await putObject(&call, bucket: rest[0], key: rest[1])
            case "GET", "HEAD": return try await getObject(call, bucket: rest[0], key: rest[1])
            case "DELETE": return try await deleteObject(call, bucket: rest[0], key: rest[1])
            default: throw APIError.methodNotAllowed
            }
        default:
            throw APIError.noRoute
        }
    }

    /// `/api/requests/{id}`, `…/actions/{action}`, `…/timeline`, `…/comments`.
    private func requestRoutes(_ call: inout Call, _ rest: [String]) async throws -> Response {
        let id = rest[0]
        switch (rest.count, call.method) {
        case (1, "GET"): return try await readRequest(call, id)
        case (3, "POST") where rest[1] == "actions": return try await requestAction(&call, id, rest[2])
        case (2, "GET") where rest[1] == "timeline": return try await requestTimeline(call, id)
        case (2, "POST") where rest[1] == "comments": return try await commentRequest(&call, id)
        default: throw APIError.noRoute
        }
    }

    private func recordRoutes(_ call: inout Call, _ rest: [String]) async throws -> Response {
        if rest.isEmpty, call.method == "POST" { return try await createRecord(&call) }
        if rest.count >= 2, rest[1] == "draft", let id = Int(rest[0]) {
            return try await draftRoutes(&call, id, Array(rest.dropFirst(2)))
        }
        if rest.count == 2, rest[1] == "versions", call.method == "POST", let id = Int(rest[0]) {
            return try await newRecordVersion(call, id)
        }
        if rest.count == 2, rest[1] == "file-modification" || rest[1] == "request-deletion", let id = Int(rest[0]) {
            guard call.method == "POST" else { throw APIError.methodNotAllowed }
            return rest[1] == "file-modification"
                ? try await fileModification(&call, id) : try await requestDeletion(&call, id)
        }
        if rest.count == 2, rest[1] == "communities", let id = Int(rest[0]) {
            switch call.method {
            case "GET": return try await recordCommunities(call, id)
            case "POST": return try await addToCommunities(&call, id)
            case "DELETE": return try await removeFromCommunities(&call, id)
            default: throw APIError.methodNotAllowed
            }
        }
        if rest.count == 3, rest[1] == "access", rest[2] == "request", let id = Int(rest[0]) {
            guard call.method == "POST" else { throw APIError.methodNotAllowed }
            return try await requestAccess(&call, id)
        }
        if rest.count >= 3, rest[1] == "access", let id = Int(rest[0]) {
            return try await sharingRoutes(&call, id, Array(rest.dropFirst(2)))
        }
        if rest.count == 2, rest[1] == "requests", call.method == "GET", let id = Int(rest[0]) {
            return try await recordRequests(call, id)
        }
        if rest.count == 2, rest[1] == "quota-increase", let id = Int(rest[0]) {
            guard call.method == "POST" else { throw APIError.methodNotAllowed }
            return try await increaseQuota(&call, id)
        }
        guard call.method == "GET" || call.method == "HEAD" else { throw APIError.methodNotAllowed }
        if rest.isEmpty { return try await searchRecords(call) }
        if rest == [""] { return Reply.redirect(links.api + "/records", status: .movedPermanently) }
        guard let id = Int(rest[0]) else { throw APIError.notFound() }
        switch rest.count {
        case 1: return try await getRecord(call, id)
        case 2 where rest[1] == "files": return try await recordFiles(call, id)
        case 2 where rest[1] == "versions": return try await recordVersions(call, id)
        case 3 where rest[1] == "versions" && rest[2] == "latest": return try await latestVersion(call, id)
        default: break
        }
        if rest.count >= 4, rest[1] == "files", rest[3] == "container" {
            return rest.count == 4
                ? try await containerListing(call, id, key: rest[2], draft: false)
                : try await containerItem(call, id, key: rest[2], path: rest[4...].joined(separator: "/"), draft: false)
        }
        if rest.count >= 4, rest[1] == "files", rest.last == "content" {
            return try await recordContent(
                call, id, key: rest[2..<(rest.count - 1)].joined(separator: "/"), draft: false)
        }
        throw APIError.noRoute
    }

    /// `/api/records/{id}/draft/…`: the native draft API.
    private func draftRoutes(_ call: inout Call, _ id: Int, _ rest: [String]) async throws -> Response {
        let method = call.method
        switch (rest.count, rest.first) {
        case (0, _):
            switch method {
            case "GET": return try await readDraft(call, id)
            case "PUT": return try await updateDraft(&call, id)
            case "POST": return try await editRecord(call, id)
            case "DELETE": return try await discardDraft(call, id)
            default: throw APIError.methodNotAllowed
            }
        case (1, "review"):
            switch call.method {
            case "GET": return try await readReview(call, id)
            case "PUT": return try await putReview(&call, id)
            case "DELETE": return try await deleteReview(call, id)
            default: throw APIError.methodNotAllowed
            }
        case (2, "actions") where rest[1] == "submit-review":
            guard call.method == "POST" else { throw APIError.methodNotAllowed }
            return try await submitReview(&call, id)
        case (2, "actions"):
            guard method == "POST" else { throw APIError.methodNotAllowed }
            switch rest[1] {
            case "publish": return try await publishDraft(call, id)
            case "files-import": return try await importFiles(call, id)
            default: throw APIError.noRoute
            }
        case (2, "pids") where rest[1] == "doi":
            guard method == "POST" else { throw APIError.methodNotAllowed }
            return try await reserveDOI(call, id)
        case (1, "files"):
            switch method {
            case "GET": return try await listDraftFiles(call, id)
            case "POST": return try await initDraftFiles(&call, id)
            default: throw APIError.methodNotAllowed
            }
        case (2, "files"):
            switch method {
            case "GET": return try await readDraftFile(call, id, key: rest[1])
            case "DELETE": return try await deleteDraftFile(call, id, key: rest[1])
            default: throw APIError.methodNotAllowed
            }
        case (3, "files") where rest[2] == "content":
            switch method {
            case "GET", "HEAD": return try await recordContent(call, id, key: rest[1], draft: true)
            case "PUT": return try await putDraftContent(&call, id, key: rest[1])
            default: throw APIError.methodNotAllowed
            }
        case (3, "files") where rest[2] == "commit":
            guard method == "POST" else { throw APIError.methodNotAllowed }
            return try await commitDraftFile(call, id, key: rest[1])
        case (4, "files") where rest[2] == "content":
            guard method == "PUT", let part = Int(rest[3]) else { throw APIError.methodNotAllowed }
            return try await putDraftPart(&call, id, key: rest[1], part: part)
        default:
            throw APIError.noRoute
        }
    }

    /// `GET /api/`: where things are.
    private func index() -> Response {
        Reply.json([
            "links": [
                "self": .string(links.api + "/"),
                "depositions": .string(links.api + "/deposit/depositions"),
                "records": .string(links.api + "/records"),
                "files": .string(links.api + "/files"),
                "licenses": .string(links.api + "/licenses"),
            ]
        ])
    }

    /// `GET /api/vocabularies/licenses`: the RDM vocabulary (`licenses.csv`, 444 ids), not the
    /// legacy ids; `q` matches id and title words. As invenio-vocabularies' `VocabularySearchOptions`
    /// (aefca12) and invenio-records-resources' pagination: 25 a page by default, sorted by title
    /// without a query ("bestmatch" with one, approximated here by file order).
    private func licenses(_ call: Call) throws -> Response {
        let words = (call.queryValue("q") ?? "").lowercased().split(separator: " ").map(String.init)
        var matches = LicenseTables.vocabulary.filter { licence in
            let text = (licence.id + " " + licence.title).lowercased()
            return words.allSatisfy { text.contains($0) }
        }
        if words.isEmpty { matches.sort { $0.title.lowercased() < $1.title.lowercased() } }
        let page = max(1, Int(call.queryValue("page") ?? "") ?? 1)
        let size = max(1, Int(call.queryValue("size") ?? "") ?? 25)
        let hits = matches.dropFirst((page - 1) * size).prefix(size).map { licence -> JSONValue in
            [
                "id": .string(licence.id), "title": ["en": .string(licence.title)], "type": "licenses",
                "props": ["url": .string(licence.url), "scheme": .string(licence.scheme)],
                "links": ["self": .string(links.api + "/vocabularies/licenses/" + licence.id)],
            ]
        }
        return Reply.json([
            "hits": ["hits": .array(Array(hits)), "total": .int(matches.count)],
            "sortBy": words.isEmpty ? "title" : "bestmatch",
        ])
    }
}

/// Raised for `GET /api/files/{bucket}`, which Zenodo answers with a 500.
struct BucketListingUnsupported: Error {}
