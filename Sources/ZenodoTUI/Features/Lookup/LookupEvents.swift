import ZenodoKit

/// `L` in the form: a grant found on the server as it is typed and added to Funding (issue 33).
/// The slice's own effect, message and chooser use, each routed once by the shell.
public enum LookupEffect: Sendable, Equatable {
    /// The vocabulary searched for `query`, after a pause in typing (a newer query drops it).
    case search(VocabularyEntry.Kind, query: String)
}

public enum LookupMessage: Sendable, Equatable {
    case found(VocabularyEntry.Kind, query: String, [VocabularyEntry])
    case failed(query: String, String)
}

/// What the lookup chooser adds its entry to.
public enum LookupUse: Sendable, Equatable {
    /// A line of the form's Funding (`funder :: number`).
    case funding(depositionID: Int)
    /// A custom award (no id in the awards vocabulary, as InvenioRDM allows): its funder is
    /// chosen from the funders, then `funder :: number — title` is added to Funding.
    case customAward(depositionID: Int, number: String, title: String)
    /// A subject of the server's subjects vocabulary, added to Subjects as `Label [id]`.
    case subjects(depositionID: Int)
    /// A person of the form: their name (with ORCID and affiliation) from `names`, or their
    /// affiliation from `affiliations` (ROR).
    case person(depositionID: Int, PeopleList, index: Int, VocabularyEntry.Kind)

    var kind: VocabularyEntry.Kind {
        switch self {
        case .funding: .awards
        case .customAward: .funders
        case .subjects: .subjects
        case .person(_, _, _, let kind): kind
        }
    }
}
