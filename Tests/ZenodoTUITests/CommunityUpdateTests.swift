import Foundation
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// The list's review badges (issue 32): once the list is in, the user's submissions are read in
/// one request, and a draft waiting for a community, or declined by one, says so in its row.
@Suite struct CommunityUpdateTests {
    static func review(_ record: Int, _ status: String, id: String = "r1") throws -> ReviewRequest {
        try ReviewRequest(json: [
            "id": .string(id), "type": "community-submission", "status": .string(status),
            "topic": ["record": .string(String(record))],
        ])
    }

    @Test func aListFullyLoadedAsksForTheReviewsAndDraftsShowTheirs() throws {
        var state = Fixtures.state()
        let drafts = state.list.items.filter { $0.state == .unsubmitted }
        try #require(drafts.count >= 2)
        let effects = update(
            &state, .depositionsLoaded(state.list.items, first: true, done: true, generation: state.list.generation))
        #expect(effects == [.loadReviews])
        _ = update(
            &state,
            .reviewsFound([
                drafts[0].id: try Self.review(drafts[0].id, "submitted"),
                drafts[1].id: try Self.review(drafts[1].id, "declined", id: "r2"),
            ]))
        let screen = render(state).text
        #expect(screen.contains("in review") && screen.contains("declined"), "\(screen)")
    }
}
