import Testing

@testable import ZenodoTUI

/// A screen's own state goes with the screen, whichever path leaves it: nothing stale is shown
/// when a screen of its kind opens again.
@Suite struct ScreenStackTests {
    @Test func leavingAScreenDropsItsState() {
        var state = Fixtures.state()
        state.list.selection = 2
        _ = update(&state, .keyPressed(.character("u")))
        #expect(state.screen == .picker && state.picker != nil)
        _ = update(&state, .keyPressed(.escape))
        #expect(state.screen != .picker && state.picker == nil, "Esc leaves the picker and its choices")

        state.folders = FolderPickerState(recordID: 1, directory: "/data")
        state.screens.append(.folders)
        state.screens = [.list]
        #expect(state.folders == nil, "any path off the stack drops it, not only Esc")
    }

    @Test func aScreenUnderAnotherKeepsItsState() {
        var state = Fixtures.state()
        state.folders = FolderPickerState(recordID: 1, directory: "/data")
        state.screens = [.list, .folders, .uploads]
        #expect(state.folders != nil, "the chooser is still on the stack, under the queue")
        state.screens.removeLast()
        #expect(state.folders != nil && state.screen == .folders)
    }
}
