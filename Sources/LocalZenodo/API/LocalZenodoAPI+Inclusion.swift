import FoundationEssentials
import Hummingbird

/// A published record added to communities (`community-inclusion`), as the source document's
/// section 2-C and 2-E give it (invenio-rdm-records `services/communities/service.py`
/// `add`/`_include`, zenodo-rdm `legacy/services.py` `publish`).
extension LocalZenodoAPI {
    /// `POST /api/records/{id}/communities` `{"communities": [{"id", "require_review"?, "comment"?}]}`:
    /// 1 to 10, no duplicates; 200 `{"processed": [{community_id, request_id, request}], "errors":
    /// [{community_id, message}]}`, or 400 when nothing was processed.
    func addToCommunities(_ call: inout Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        let user = try call.caller.requireUser()
        guard deposition.isLive else { throw APIError.notFound() }
        let body = try await call.jsonBody()
        let asked = body["communities"]?.arrayValue ?? []
        guard !asked.isEmpty, asked.count <= 10 else {
            throw APIError.field("communities", "Too many communities passed, 10 max allowed.")
        }
        let keys = asked.compactMap { $0["id"]?.stringValue?.lowercased() }
        guard Set(keys).count == keys.count, keys.count == asked.count else {
            throw APIError.field("communities", "Duplicated communities \(keys.joined(separator: ", ")).")
        }
        var processed: [JSONValue] = []
        var errors: [JSONValue] = []
        for (key, entry) in zip(keys, asked) {
            let outcome = await includeRecord(
                deposition, key, by: user, requireReview: entry["require_review"] == .bool(true),
                checkSubmission: true, comment: entry["comment"]?["payload"]?["content"]?.stringValue, now: call.now)
            switch outcome {
            case .success(let request):
                processed.append([
                    "community_id": .string(request.receiver), "request_id": .string(request.id),
                    "request": requestJSON.request(request, caller: user, curates: false),
                ])
            case .failure(let message):
                errors.append(["community_id": .string(key), "message": .string(message.message)])
            }
        }
        let answer: JSONValue = ["processed": .array(processed), "errors": .array(errors)]
        return Reply.json(answer, status: processed.isEmpty ? .badRequest : .ok)
    }

    /// `GET /api/records/{id}/communities`: the record's communities.
    func recordCommunities(_ call: Call, _ id: Int) async throws -> Response {
        let record = try await liveRecord(id)
        var found: [JSONValue] = []
        for slug in record.communities {
            if let community = await communities.community(slug) { found.append(requestJSON.community(community)) }
        }
        return Reply.json(["hits": ["hits": .array(found), "total": .int(found.count)]])
    }

    /// `DELETE /api/records/{id}/communities` `{"communities": [{"id"}]}`: 200, or 400 with
    /// `errors` when nothing was removed.
    func removeFromCommunities(_ call: inout Call, _ id: Int) async throws -> Response {
        let deposition = try await owned(call, id)
        let body = try await call.jsonBody()
        var removed: [JSONValue] = []
        var errors: [JSONValue] = []
        for entry in body["communities"]?.arrayValue ?? [] {
            let key = entry["id"]?.stringValue ?? ""
            guard let community = await communities.community(key), deposition.communities.contains(community.slug)
            else {
                errors.append(["community_id": .string(key), "message": "The record does not belong to the community."])
                continue
            }
            for version in await store.versions(concept: deposition.conceptrecid) {
                try await store.update(version.id, now: call.now) { $0.communities.removeAll { $0 == community.slug } }
            }
            removed.append(["community_id": .string(community.id)])
        }
        return Reply.json(
            ["processed": .array(removed), "errors": .array(errors)], status: removed.isEmpty ? .badRequest : .ok)
    }

    struct InclusionRefusal: Error { var message: String }

    /// `_include`: an inclusion request made and submitted, accepted at once where the submitter
    /// may include directly; the per-community refusals in the source's words.
    func includeRecord(
        _ deposition: StoredDeposition, _ key: String, by user: Int, requireReview: Bool, checkSubmission: Bool,
        comment: String?, now: Date
    ) async -> Result<StoredRequest, InclusionRefusal> {
        guard let community = await communities.community(key) else {
            return .failure(InclusionRefusal(message: "Community not found."))
        }
        if deposition.communities.contains(community.slug) {
            return .failure(InclusionRefusal(message: "The record is already included in this community."))
        }
        let open = await communities.requests(about: deposition.id).contains {
            $0.type == "community-inclusion" && $0.receiver == community.id && $0.status.isOpen
        }
        if open {
            return .failure(InclusionRefusal(message: "There is already an open inclusion request for this community."))
        }
        if checkSubmission, !community.maySubmit(user) {
            return .failure(
                InclusionRefusal(message: "Submission to this community is only allowed to community members."))
        }
        let title = deposition.published?["metadata"]?["title"]?.stringValue ?? ""
        let made = await communities.create(
            type: "community-inclusion", title: title, createdBy: user, receiver: community.id, topic: deposition.id,
            now: now)
        await communities.update(made.id, now: now) { $0.move(to: .submitted, by: user, comment: comment, now: now) }
        if community.includesDirectly(user), !requireReview {
            try? await accept(made.id, by: user, comment: nil, now: now)
        }
        return .success(await communities.request(made.id) ?? made)
    }

    /// After a legacy publish (zenodo-rdm `LegacyRecordService.publish`): each slug of the legacy
    /// `communities` asked for inclusion, **every failure swallowed**; the field is popped only when
    /// at least one include returned (the record committed again), so a pending inclusion is absent
    /// from the legacy list until accepted, and slugs that all failed stay shown.
    func legacyInclusions(_ id: Int, by user: Int, now: Date) async {
        guard let deposition = await store.deposition(id),
            let slugs = deposition.published?["custom_fields"]?["legacy:communities"]?.arrayValue?.compactMap(
                \.stringValue),
            !slugs.isEmpty
        else { return }
        var anyReturned = false
        for slug in slugs {
            let current = await store.deposition(id) ?? deposition
            if case .success = await includeRecord(
                current, slug, by: user, requireReview: false, checkSubmission: false, comment: nil, now: now)
            {
                anyReturned = true
            }
        }
        guard anyReturned else { return }
        try? await store.update(id, now: now) { d in
            guard var record = d.published, var custom = record["custom_fields"]?.objectValue else { return }
            custom["legacy:communities"] = nil
            record["custom_fields"] = .object(custom)
            d.published = record
        }
    }
}
