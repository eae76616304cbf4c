import FoundationEssentials
import ZenodoKit

extension EffectRunner {
    /// The community effects: each in its own task, answering with one message.
    func performCommunity(_ effect: Effect) {
        guard let client else { return }
        let inbox = self.inbox
        Task.detached {
            switch effect {
            case .loadReview(let id):
                guard let review = try? await client.review(of: id) else {
                    inbox.send(.reviewLoaded(id, nil))
                    return
                }
                var community: Community?
                if let uuid = review.community { community = try? await client.community(uuid) }
                let events = (try? await client.timeline(of: review.id)) ?? []
                inbox.send(.reviewLoaded(id, review, community: community, events: events))
            case .loadReviews:
                let requests = (try? await client.requests()) ?? []
                var newest: [Int: ReviewRequest] = [:]
                for request in requests where request.type == "community-submission" {
                    guard let record = request.record.flatMap(Int.init) else { continue }
                    if let known = newest[record], (known.created ?? .distantPast) > (request.created ?? .distantPast) {
                        continue
                    }
                    newest[record] = request
                }
                inbox.send(.reviewsFound(newest))
            case .commentOnReview(let id, let requestID, let text):
                do {
                    try await client.comment(on: requestID, text)
                    inbox.send(.reviewCommented(id))
                } catch {
                    inbox.send(.actionFailed(ActionFailure(.commentOnReview, depositionID: id, error: error)))
                }
            case .searchCommunities(let query):
                let found = (try? await client.communities(matching: query)) ?? []
                inbox.send(.communitiesFound(query: query, found))
            case .includeInCommunity(let id, let slug):
                do {
                    let outcome = try await client.addToCommunities(id, [slug]).first
                    inbox.send(
                        .includedInCommunity(
                            id, slug: slug,
                            outcome ?? .refused(community: slug, message: "the server answered nothing about it")))
                } catch {
                    inbox.send(.actionFailed(ActionFailure(.includeInCommunity, depositionID: id, error: error)))
                }
            case .submitToCommunity(let id, let slug):
                do {
                    inbox.send(.submittedToCommunity(id, slug: slug, try await client.submit(id, to: slug)))
                } catch {
                    inbox.send(.actionFailed(ActionFailure(.submit, depositionID: id, error: error)))
                }
            case .cancelReview(let id, let requestID):
                do {
                    _ = try await client.act("cancel", on: requestID)
                    inbox.send(.reviewCancelled(id))
                } catch {
                    inbox.send(.actionFailed(ActionFailure(.cancelReview, depositionID: id, error: error)))
                }
            default:
                break
            }
        }
    }
}
