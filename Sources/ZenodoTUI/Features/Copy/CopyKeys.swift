import TerminalKit
import ZenodoKit

extension KeyBindings {
    static let copy = KeyBinding(
        [.character("y")], "copy",
        "Copy the DOI (a draft without one gets one reserved), the concept DOI (all versions), the citation or the BibTeX to your clipboard (OSC 52)",
        .copy,
        disabledBecause: { copyTarget($0) == nil ? "nothing with a DOI is shown" : nil })
}

/// What `y` copies from: the record shown, or the deposition (its citation once published).
struct CopyTarget: Equatable {
    var id: Int
    var doi: String?
    var conceptDOI: String?
    var published: Bool
    /// A draft without a DOI: one can be reserved (registered when it is published).
    var reservable = false
}

func copyTarget(_ state: AppState) -> CopyTarget? {
    if let view = state.recordView, state.screen.kind == .record {
        return CopyTarget(id: view.record.id, doi: view.record.doi, conceptDOI: view.record.conceptDOI, published: true)
    }
    guard state.screen.kind == .deposition, let d = state.focusedDeposition else { return nil }
    let doi = d.doi ?? d.metadata.prereservedDOI
    let reservable = doi == nil && !d.submitted && !d.isSummary
    guard doi != nil || d.conceptDOI != nil || reservable else { return nil }
    return CopyTarget(
        id: d.id, doi: doi, conceptDOI: d.conceptDOI, published: d.submitted, reservable: reservable)
}
