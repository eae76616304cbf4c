import EssentialsExtras
import FoundationEssentials
import ZenodoKit

/// `y` on a record or a deposition: a chooser of what to copy; DOIs go at once, a citation or
/// BibTeX is fetched from the server's serializers first (off the loop) and shown as it is copied.
func openCopy(_ state: inout AppState) -> [Effect] {
    guard let target = copyTarget(state) else { return [] }
    var options: [ChooserOption] = []
    if let doi = target.doi { options.append(ChooserOption(id: "doi", label: "DOI", detail: doi)) }
    if target.reservable {
        options.append(
            ChooserOption(id: "reserve", label: "Reserve a DOI", detail: "registered when published; copied now"))
    }
    if let concept = target.conceptDOI {
        options.append(ChooserOption(id: "concept", label: "Concept DOI", detail: "\(concept) (every version)"))
    }
    if target.published {
        options.append(ChooserOption(id: "citation", label: "Citation", detail: "APA, from the server"))
        options.append(ChooserOption(id: "bibtex", label: "BibTeX", detail: "from the server"))
    }
    state.chooser = Chooser(
        title: "Copy to your clipboard (OSC 52):", purpose: .copy(recordID: target.id), options: options)
    return []
}

func copyChosen(_ state: inout AppState, recordID: Int, _ option: ChooserOption) -> [Effect] {
    guard let target = copyTarget(state), target.id == recordID else { return [] }
    switch option.id {
    case "doi", "concept":
        guard let doi = option.id == "doi" ? target.doi : target.conceptDOI else { return [] }
        state.status = "Copied \(doi)."
        return [.copyToClipboard(doi)]
    case "reserve":
        state.busy = "Reserving a DOI"
        return [.copy(.reserve(depositionID: recordID))]
    case "citation", "bibtex":
        state.busy = "Fetching the \(option.label.lowercased())"
        return [.copy(.fetch(recordID: recordID, option.id == "bibtex" ? .bibtex : .citation(style: "apa")))]
    default:
        return []
    }
}

func applyCopy(_ state: inout AppState, _ message: CopyMessage) -> [Effect] {
    state.busy = nil
    switch message {
    case .fetched(let id, let format, let text):
        let trimmed = text.trimming(.whitespacesAndNewlines)
        let first = trimmed.split(separator: "\n").first.map(String.init) ?? trimmed
        state.status = "Copied \(format == .bibtex ? "the BibTeX of \(id)" : first)"
        return [.copyToClipboard(trimmed)]
    case .reserved(let id, let doi):
        state.status = "Reserved \(doi) for draft \(id) (registered when it is published); copied."
        // The view shows it once the draft is read again.
        return [.copyToClipboard(doi), .loadDeposition(id)]
    case .failed(_, let words):
        state.status = "Not copied: \(words)"
        return []
    }
}
