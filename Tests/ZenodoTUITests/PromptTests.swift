import Foundation
import TerminalKit
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// One focus, one prompt (issue 29, item 2): every prompt is the same component, its Enter, Esc
/// and Tab are what the modal binding table says, and its editing keys are a text field's.
@Suite struct PromptTests {
    static let purposes: [PromptPurpose] = [
        .listFilter, .uploadPath, .searchQuery, .recordsFilter(.published), .destination,
        .folderName, .importPath, .archiveFilter, .sharePerson, .reviewComment(depositionID: 1019),
    ]

    /// A state showing the screen the prompt belongs to, with the prompt open.
    static func showing(_ purpose: PromptPurpose, text: String) -> AppState {
        var state = Fixtures.state()
        switch purpose {
        case .listFilter: state.screens = [.list]
        case .uploadPath: state.screens = [.list, .picker(PickerState(depositionID: 1019, directory: "/data"))]
        case .searchQuery, .recordsFilter: state.screens = [.list, .records]
        case .destination:
            let record = try! Record(json: ["id": 1, "metadata": ["title": "One"]])
            state.screens = [.list, .record(RecordView(record: record, destination: "/data/1"))]
        case .folderName: state.screens = [.list, .folders(FolderPickerState(recordID: 1, directory: "/data"))]
        case .importPath:
            state.screens = [
                .list, .editor(EditorState(deposition: Fixtures.list[2], today: Date(), backend: .legacy)),
            ]
        case .archiveFilter:
            state.screens = [
                .list, .archive(ArchiveView(recordID: 1, key: "a.zip", url: "http://x/a", size: 1, destination: "/d")),
            ]
        case .reviewComment(let id): state.screens = [.list, .deposition(id)]
        case .sharePerson:
            state.screens = [
                .list, .sharing(SharingView(recordID: 1, title: "One", isDraft: true, origin: "http://x")),
            ]
        }
        openPrompt(&state, purpose, text: text)
        return state
    }

    @Test(arguments: purposes)
    func everyKeyTheTableCallsCancelClosesThePrompt(purpose: PromptPurpose) {
        let keys = KeyBindings.modal(.text).filter { $0.command == .cancel }.flatMap(\.keys)
        #expect(!keys.isEmpty)
        for key in keys {
            var state = Self.showing(purpose, text: "abc")
            #expect(state.focus == .prompt(purpose))
            _ = update(&state, .keyPressed(key))
            #expect(state.prompt == nil, "\(key) in \(purpose)")
            #expect(state.focus == .screen)
        }
    }

    @Test(arguments: purposes)
    func everyPromptEditsAsATextFieldDoes(purpose: PromptPurpose) {
        var state = Self.showing(purpose, text: "")
        for c in "raw data" { _ = update(&state, .keyPressed(.character(c))) }
        _ = update(&state, .keyPressed(.control("w")))
        #expect(state.promptText(purpose) == "raw ", "Ctrl-W deletes the word before the cursor")
        _ = update(&state, .keyPressed(.left))
        _ = update(&state, .keyPressed(.character("_")))
        #expect(state.promptText(purpose) == "raw_ ", "the cursor moves and typing goes in there")
        // Pasted control characters are not text.
        _ = update(&state, .keyPressed(.character("\u{07}")))
        #expect(state.promptText(purpose) == "raw_ ")
    }

    /// The live prompts act on their text as it is typed: the list filters, the search searches.
    @Test func theLivePromptsActAsTheTextChanges() {
        var list = Self.showing(.listFilter, text: "")
        for c in "sedim" { _ = update(&list, .keyPressed(.character(c))) }
        #expect(list.list.filter == "sedim" && list.list.visible.map(\.id) == [1019, 1007])
        var records = Self.showing(.searchQuery, text: "")
        let effects = update(&records, .keyPressed(.character("g")))
        #expect(records.records.query == "g")
        #expect(effects.contains { if case .searchRecords = $0 { true } else { false } })
    }

    /// A prompt belongs to its screen: leaving the screen closes it, so it never comes back later
    /// over another one.
    @Test func leavingTheScreenClosesItsPrompt() {
        var state = Self.showing(.folderName, text: "new")
        state.screens.removeLast()
        #expect(state.prompt == nil && state.focus == .screen)
    }
}
