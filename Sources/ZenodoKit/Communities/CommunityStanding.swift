import FoundationEssentials
import NIOHTTP1

/// Where a record stands with each community it asked for: in it, waiting for a curator, or
/// neither (the server refused or failed, or has no such community). Zenodo's legacy publish turns
/// `communities` into inclusion requests and reports nothing (zenodo-rdm `legacy/services.py`
/// swallows every failure), and its legacy view lists failed slugs as if the record were in them:
/// this reads the record's communities and its requests instead.
public enum CommunityStanding: Sendable, Equatable {
    case member
    case waiting(requestID: String)
    case unknown
    case notAdded

    /// In words, for a line after a publish.
    public func words(_ slug: String) -> String {
        switch self {
        case .member: "in \(slug)"
        case .waiting(let id): "\(slug): waiting for its curators (request \(id); zenodo-tui requests show \(id))"
        case .unknown: "\(slug): no such community on the server; nothing was asked"
        case .notAdded:
            "\(slug): not in it and nothing waits (the server refused it without saying why; zenodo-tui communities add RECORD \(slug) says why)"
        }
    }
}

extension ZenodoClient {
    /// Where record `id` stands with each of `slugs`.
    public func standing(of id: Int, in slugs: [String]) async throws -> [(slug: String, standing: CommunityStanding)] {
        let members = try await recordCommunities(id)
        let requests = (try? await requests(about: id)) ?? []
        var result: [(String, CommunityStanding)] = []
        for slug in slugs {
            guard let community = try? await community(slug) else {
                result.append((slug, .unknown))
                continue
            }
            if members.contains(where: { $0.id == community.id }) {
                result.append((slug, .member))
            } else if let open = requests.first(where: { $0.community == community.id && $0.status == "submitted" }) {
                result.append((slug, .waiting(requestID: open.id)))
            } else {
                result.append((slug, .notAdded))
            }
        }
        return result
    }

    /// `GET /api/records/{id}/communities`.
    public func recordCommunities(_ id: Int) async throws -> [Community] {
        let reply = try await send(.GET, url("/records/\(id)/communities"), idempotent: true, accept: Self.rdmAccept)
        return try reply.hits("the record's communities", Community.init(json:))
    }

    /// One community's answer to an inclusion: the request, or the server's refusal in its words.
    public enum InclusionOutcome: Sendable, Equatable {
        case included(ReviewRequest)
        case refused(community: String, message: String)
    }

    /// Asks for published record `id` to join `slugs` (`POST /api/records/{id}/communities`, 1 to
    /// 10): each accepted at once where the caller may include directly, else waiting for curators;
    /// each refusal in the server's words.
    public func addToCommunities(_ id: Int, _ slugs: [String], comment: String? = nil) async throws
        -> [InclusionOutcome]
    {
        var entries: [JSONValue] = []
        for slug in slugs {
            var entry: [String: JSONValue] = ["id": .string(slug)]
            if let comment, !comment.isEmpty {
                entry["comment"] = ["payload": ["content": .string(comment), "format": "html"]]
            }
            entries.append(.object(entry))
        }
        let answer: JSONValue
        do {
            let reply = try await send(
                .POST, url("/records/\(id)/communities"), json: ["communities": .array(entries)], idempotent: false,
                accept: Self.rdmAccept)
            answer = try reply.json("the inclusion")
        } catch let error as ZenodoError
            where error.status == 400
            && error.fieldErrors.contains(where: {
                $0.serverField.hasPrefix("community:")
            })
        {
            // Nothing processed: the per-community refusals are the answer.
            return error.fieldErrors.map {
                .refused(
                    community: String($0.serverField.dropFirst("community:".count)),
                    message: $0.messages.joined(separator: " "))
            }
        }
        var outcomes: [InclusionOutcome] = []
        for processed in answer["processed"]?.array ?? [] {
            if let request = processed["request"] { outcomes.append(.included(try ReviewRequest(json: request))) }
        }
        for error in answer["errors"]?.array ?? [] {
            outcomes.append(
                .refused(
                    community: error["community_id"]?.string ?? "?", message: error["message"]?.string ?? "refused"))
        }
        return outcomes
    }
}

extension ZenodoClient {
    /// Takes published record `id` out of `slugs` (`DELETE /api/records/{id}/communities`).
    public func removeFromCommunities(_ id: Int, _ slugs: [String]) async throws {
        let entries = slugs.map { JSONValue.object(["id": .string($0)]) }
        _ = try await send(
            .DELETE, url("/records/\(id)/communities"), json: ["communities": .array(entries)], idempotent: true,
            accept: Self.rdmAccept)
    }
}
