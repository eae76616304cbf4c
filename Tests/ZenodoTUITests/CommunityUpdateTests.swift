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

extension CommunityUpdateTests {
    /// The list's one request for every review may have left before a review was cancelled here:
    /// its late answer does not bring the cancelled review back.
    @Test func aLateListOfReviewsDoesNotUndoACancel() throws {
        var state = Fixtures.state()
        let draft = try #require(state.list.items.first { $0.state == .unsubmitted })
        _ = update(&state, .reviewLoaded(draft.id, try Self.review(draft.id, "submitted")))
        _ = update(&state, .reviewCancelled(draft.id))
        _ = update(&state, .reviewsFound([draft.id: try Self.review(draft.id, "submitted")]))
        #expect(state.reviews[draft.id] == nil)
    }
}

extension CommunityUpdateTests {
    /// A review read that left before the cancel (a comment's re-read) and lands after it does
    /// not bring the cancelled request back.
    @Test func aReviewReadFromBeforeTheCancelIsStale() throws {
        var state = Fixtures.state()
        let draft = try #require(state.list.items.first { $0.state == .unsubmitted })
        let review = try Self.review(draft.id, "submitted")
        _ = update(&state, .reviewLoaded(draft.id, review))
        _ = update(&state, .reviewCancelled(draft.id))
        _ = update(&state, .reviewLoaded(draft.id, review))
        #expect(state.reviews[draft.id] == nil)
    }
}
