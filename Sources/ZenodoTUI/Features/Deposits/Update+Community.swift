import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// A draft submitted to a community from the deposition view (issue 32): `C` opens a chooser
/// that searches the server's communities as it is typed, the question says who reviews, and the
/// answer is published at once or waiting for curators; `C` on a draft in review cancels it.
func communityKey(_ state: inout AppState) -> [Effect] {
    guard let deposition = state.focusedDeposition else { return [] }
    let id = deposition.id
    if let review = state.reviews[id], review.status == "submitted" {
        state.overlay = .confirm(
            Confirmation(
                title: "Cancel the review request?",
                lines: [
                    (deposition.title, .strong),
                    ("The request to the community is withdrawn; the draft is a plain draft again,", .plain),
                    ("which can be published, or submitted again.", .plain),
                ], question: "Cancel it? y / N", yes: .run(.cancelReview(id, requestID: review.id))))
        return []
    }
    let published = deposition.submitted
    state.chooser = Chooser(
        title: published
            ? "Add record \(id) to which community? (type to search)"
            : "Submit draft \(id) to which community? (type to search)",
        purpose: .community(published ? .include(depositionID: id) : .submit(depositionID: id)),
        options: [], note: "Searching…")
    return [.searchCommunities(query: "")]
}

/// `C` on the records search: a community from the server's, or all.
func chooseRecordsCommunity(_ state: inout AppState) -> [Effect] {
    state.chooser = Chooser(
        title: "Only the records of which community? (type to search)", purpose: .community(.filterRecords),
        options: [], note: "Searching…")
    return [.searchCommunities(query: "")]
}

/// A community chosen: the question before submitting or adding, or the records filtered.
func communityChosen(_ state: inout AppState, _ use: CommunityUse, slug: String) -> [Effect] {
    switch use {
    case .submit(let id):
        return askSubmit(&state, id, slug: slug)
    case .include(let id):
        state.overlay = .confirm(
            communityQuestion(
                state, id, slug: slug, verb: "Add", what: "record",
                then: [
                    "The record stays as published; where you may add records directly it is in at once,",
                    "else the community's curators decide (the request shows in zenodo-tui requests).",
                ], yes: .includeInCommunity(id, slug: slug)))
        return []
    case .filterRecords:
        state.records.community = slug.isEmpty ? nil : slug
        state.status = "Community: \(state.records.community ?? "all")"
        state.records.selection = 0
        return newSearch(&state)
    }
}

/// The question after choosing: who reviews, what happens.
func askSubmit(_ state: inout AppState, _ id: Int, slug: String) -> [Effect] {
    state.overlay = .confirm(
        communityQuestion(
            state, id, slug: slug, verb: "Submit", what: "draft",
            then: [
                "Where you may add records to it, the draft is published at once, in it;",
                "otherwise it waits for the curators, and cannot be published or deleted meanwhile (C cancels).",
            ], yes: .submitToCommunity(id, slug: slug)))
    return []
}

/// "Submit to…?" or "Add to…?": the deposition, the community's policy in words, what follows.
private func communityQuestion(
    _ state: AppState, _ id: Int, slug: String, verb: String, what: String, then: [String], yes: Effect
) -> Confirmation {
    let community = state.communitiesFound[slug]
    let title = state.details[id]?.title ?? state.list.items.first { $0.id == id }?.title ?? "\(what) \(id)"
    return Confirmation(
        title: "\(verb) to \(community?.title ?? slug)?",
        lines: [
            (title, .strong),
            ("Community \(slug): \(community?.policyWords ?? "its policies could not be read").", .plain),
        ] + then.map { ($0, .plain) }, question: "\(verb == "Add" ? "Add it" : verb)? y / N", yes: .run(yes))
}

func applyCommunityResult(_ state: inout AppState, _ message: Message) -> [Effect] {
    switch message {
    case .reviewLoaded(let id, let review, let community, let events):
        // A read that left before this session cancelled the request is not the draft's state.
        if let review, state.cancelledReviews.contains(review.id) { return [] }
        state.reviews[id] = review
        state.reviewsKnown.insert(id)
        state.reviewEvents[id] = review == nil ? nil : events
        if let community { state.communitiesFound[community.slug] = community }
    case .reviewsFound(let found):
        for (id, review) in found where !state.reviewsKnown.contains(id) { state.reviews[id] = review }
    case .reviewCommented(let id):
        state.busy = nil
        state.status = "Comment sent to the community's curators."
        return [.loadReview(id)]
    case .reviewCancelled(let id):
        state.busy = nil
        if let request = state.reviews[id]?.id { state.cancelledReviews.insert(request) }
        state.reviews[id] = nil
        state.reviewsKnown.insert(id)
        state.status = "Review of \(id) cancelled: a plain draft again (P publishes it, C submits it again)."
        return [.loadDeposition(id)]
    case .communitiesFound(let query, let found):
        for community in found { state.communitiesFound[community.slug] = community }
        guard var chooser = state.chooser, case .community(let use) = chooser.purpose, chooser.filter == query
        else { return [] }
        chooser.options = found.map {
            ChooserOption(
                id: $0.slug, label: $0.slug, detail: $0.title + ($0.reviewPolicy == "closed" ? " · reviewed" : ""))
        }
        if use == .filterRecords { chooser.options.insert(ChooserOption(id: "", label: "All communities"), at: 0) }
        chooser.note = found.isEmpty ? "No community matches." : nil
        state.chooser = chooser
    case .includedInCommunity(let id, let slug, let outcome):
        state.busy = nil
        switch outcome {
        case .included(let request) where request.status == "accepted":
            state.status = "Record \(id) is in \(slug)."
        case .included(let request):
            state.status = "Asked: record \(id) waits for \(slug)'s curators (request \(request.id))."
        case .refused(_, let message):
            state.status = "\(slug) refused record \(id): \(message)"
        }
        return [.loadDeposition(id)]
    case .submittedToCommunity(let id, let slug, let outcome):
        state.busy = nil
        state.reviewsKnown.insert(id)
        switch outcome {
        case .accepted:
            state.reviews[id] = nil
            state.status = "Accepted: draft \(id) is published and in \(slug)."
        case .submitted(let request):
            state.reviews[id] = request
            state.status = "Submitted to \(slug): waiting for its curators (C cancels the request)."
        }
        return [.loadDeposition(id)]
    default:
        break
    }
    return []
}

/// The comment typed at `m`: sent, then the review read again (its timeline shows it).
func reviewCommentTyped(_ state: inout AppState, _ id: Int, _ text: String) -> [Effect] {
    let comment = text.trimming(.whitespaces)
    guard !comment.isEmpty else {
        state.status = "Comment: type something for the curators (Esc gives up)."
        return []
    }
    guard let review = state.reviews[id] else { return [] }
    state.prompt = nil
    state.busy = "Sending the comment"
    return [.commentOnReview(id, requestID: review.id, text: comment)]
}

/// The review's lines in the deposition view: its state, then its latest comments and actions.
enum CommunityReviewLine {
    static func text(_ review: ReviewRequest, _ state: AppState) -> String? {
        let slug = state.communitiesFound.values.first { $0.id == review.community }?.slug ?? "a community"
        return "Community review (\(slug)): \(review.meaning)"
    }

    /// The last `count` events, oldest first: comments with who wrote them, actions in brackets.
    static func events(_ events: [RequestEvent], count: Int = 3) -> [String] {
        events.suffix(count).map { event in
            let who = event.user.map { "user \($0)" } ?? "the server"
            if let action = event.action { return "  [\(action)] by \(who)" }
            return "  \(who): \(event.content)"
        }
    }
}
