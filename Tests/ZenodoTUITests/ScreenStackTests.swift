import Testing

@testable import ZenodoTUI

/// A screen holds its own state (issue 29, item 2): leaving the screen, by whatever path, leaves
/// its state with it, and a screen of a kind cannot be shown without the state it draws.
@Suite struct ScreenStackTests {
    @Test func leavingAScreenDropsItsState() {
        var state = Fixtures.state()
        state.list.selection = 2
        _ = update(&state, .keyPressed(.character("u")))
        #expect(state.screen.kind == .picker && state.picker != nil)
        _ = update(&state, .keyPressed(.escape))
        #expect(state.screen.kind != .picker && state.picker == nil, "Esc leaves the picker and its choices")

        state.screens.append(.folders(FolderPickerState(recordID: 1, directory: "/data")))
        state.screens = [.list]
        #expect(state.folders == nil, "any path off the stack drops it, not only Esc")
        // Its state can be written only while it is shown: nothing lingers for a later screen.
        state.folders = FolderPickerState(recordID: 2, directory: "/elsewhere")
        #expect(state.folders == nil)
    }

    @Test func aScreenUnderAnotherKeepsItsStateAndChangesReachIt() {
        var state = Fixtures.state()
        state.screens = [.list, .folders(FolderPickerState(recordID: 1, directory: "/data")), .uploads]
        #expect(state.folders?.directory == "/data", "the chooser is still on the stack, under the queue")
        state.folders?.directory = "/data/raw"
        state.screens.removeLast()
        #expect(state.folders?.directory == "/data/raw" && state.screen.kind == .folders)
        #expect(
            state.screen == .folders(FolderPickerState(recordID: 1, directory: "/other")), "a screen is its identity")
    }
}
