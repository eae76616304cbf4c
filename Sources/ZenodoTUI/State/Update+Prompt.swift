import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// Keys while a prompt has the focus: the one handler of every prompt. Enter keeps the text,
/// Esc cancels and Tab completes or moves on, as the modal binding table says (`KeyMode.text`);
/// every other key edits the text (`TextField`). What keeping, cancelling and typing mean is the
/// prompt's purpose's.
func promptKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard var prompt = state.prompt else { return [] }
    switch KeyBindings.command(for: key, in: .text) {
    case .keep?:
        return keepPrompt(&state, prompt)
    case .cancel?:
        state.prompt = nil
        return promptCancelled(&state, prompt.purpose)
    case .keepAndNext?:
        return promptTab(&state, prompt)
    default:
        // Pasted text: control characters are not part of a prompt's text.
        if case .character(let c) = key, c.isASCII, c.asciiValue.map({ $0 < 0x20 || $0 == 0x7f }) ?? false {
            return []
        }
        let before = prompt.text
        guard prompt.field.apply(key) else { return promptOtherKey(&state, prompt.purpose, key) }
        state.prompt = prompt
        return prompt.text == before ? [] : promptChanged(&state, prompt)
    }
}

/// Opens a prompt (closing any other).
func openPrompt(_ state: inout AppState, _ purpose: PromptPurpose, text: String = "") {
    state.prompt = Prompt(purpose, text: text)
}

/// Enter: the text acted on. A text that cannot be used keeps the prompt open and says why.
private func keepPrompt(_ state: inout AppState, _ prompt: Prompt) -> [Effect] {
    let text = prompt.text
    switch prompt.purpose {
    case .listFilter, .searchQuery, .archiveFilter:
        state.prompt = nil
        return []
    case .uploadPath:
        state.prompt = nil
        let path = PathText.standardizing(text)
        if text.hasSuffix("/") { return [.listDirectory(path)] }
        if !(state.picker?.chosen.contains(path) ?? true) { state.picker?.chosen.append(path) }
        return [.listDirectory(PathText.parent(of: path))]
    case .recordsFilter(let kind):
        return applyRecordsFilter(&state, kind, text.trimming(.whitespaces))
    case .sharePerson:
        return sharePersonTyped(&state, text)
    case .reviewComment(let id):
        return reviewCommentTyped(&state, id, text)
    case .destination:
        return destinationTyped(&state, text)
    case .folderName:
        let name = text.trimming(.whitespaces)
        if let problem = FolderPickerState.problem(withName: name) {
            state.status = "New directory: \(problem)."
            return []
        }
        state.prompt = nil
        guard let folders = state.folders else { return [] }
        return [.makeDirectory(PathText.appending(folders.directory, name))]
    case .importPath:
        state.prompt = nil
        let path = PathText.expandingTilde(text)
        state.busy = "Reading \(path)"
        return [
            .importMetadata(
                path: PathText.isAbsolute(path)
                    ? path : PathText.appending(state.startDirectory, path))
        ]
    }
}

/// Esc: nothing kept; a live filter goes back to none.
private func promptCancelled(_ state: inout AppState, _ purpose: PromptPurpose) -> [Effect] {
    if purpose == .listFilter {
        state.list.filter = ""
        state.list.selection = 0
    }
    if purpose == .archiveFilter {
        state.archive?.filter = ""
        state.archive?.selection = 0
    }
    return []
}

/// Tab: a path is completed; the search box hands the keys to the results.
private func promptTab(_ state: inout AppState, _ prompt: Prompt) -> [Effect] {
    switch prompt.purpose {
    case .uploadPath: return [.completePath(prompt.text)]
    case .searchQuery:
        state.prompt = nil
        return []
    default: return []
    }
}

/// The text changed: the live prompts act on it at once.
private func promptChanged(_ state: inout AppState, _ prompt: Prompt) -> [Effect] {
    switch prompt.purpose {
    case .listFilter:
        state.list.filter = prompt.text
        state.list.selection = 0
        return []
    case .archiveFilter:
        state.archive?.filter = prompt.text
        state.archive?.selection = 0
        return []
    case .searchQuery:
        state.records.query = prompt.text
        state.records.selection = 0
        return newSearch(&state)
    case .uploadPath:
        state.picker?.completions = []
        return []
    default:
        return []
    }
}

/// A key that is no edit: what the screen's bindings make of it (up and down move the list under
/// a filter; down hands the search box's keys to the results).
private func promptOtherKey(_ state: inout AppState, _ purpose: PromptPurpose, _ key: Key) -> [Effect] {
    let action = KeyBindings.binding(for: key, on: state.screen)?.action
    switch (purpose, action) {
    case (.listFilter, .up?), (.listFilter, .down?):
        let visible = state.list.visible.count
        state.list.selection = max(0, min(state.list.selection + (action == .up ? -1 : 1), visible - 1))
    case (.searchQuery, .down?):
        state.prompt = nil
    default:
        break
    }
    return []
}
