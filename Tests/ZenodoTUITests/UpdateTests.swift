import DepositionText
import EssentialsExtras
import Foundation
import TerminalKit
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// `update`: messages in, state and effects out, no I/O.
@Suite struct UpdateTests {
    @Test func pagesArriveAndTheFirstShowsAtOnce() {
        var state = Fixtures.state()
        state.list.items = []
        state.list.loading = true
        #expect(update(&state, .depositionsLoaded(Array(Fixtures.list.prefix(2)), first: true, done: false)).isEmpty)
        #expect(state.list.visible.count == 2)
        #expect(state.list.loading)
        _ = update(&state, .depositionsLoaded(Array(Fixtures.list.dropFirst(2)), first: false, done: false))
        _ = update(&state, .depositionsLoaded([], first: false, done: true))
        #expect(state.list.visible.count == 4)
        #expect(!state.list.loading)
        #expect(!state.isAnimating, "nothing moves once loaded: the loop sleeps")
    }

    /// A second `r` while pages are loading starts a new load; the old load's pages and failure
    /// are dropped, so no page is shown twice (issue 14, review).
    @Test func aReloadWhileLoadingDropsTheOlderLoadsPages() {
        var state = Fixtures.state()
        state.list.items = []
        #expect(update(&state, .keyPressed(.character("r"))) == [.loadDepositions(generation: 1)])
        _ = update(&state, .depositionsLoaded(Array(Fixtures.list.prefix(2)), first: true, done: false, generation: 1))
        #expect(update(&state, .keyPressed(.character("r"))) == [.loadDepositions(generation: 2)])
        _ = update(&state, .depositionsLoaded(Array(Fixtures.list.prefix(2)), first: true, done: false, generation: 2))
        _ = update(
            &state, .depositionsLoaded(Array(Fixtures.list.dropFirst(2)), first: false, done: false, generation: 1))
        _ = update(&state, .depositionsFailed("old load failed", generation: 1))
        #expect(state.list.items.map(\.id) == Fixtures.list.prefix(2).map(\.id), "nothing of the older load")
        #expect(state.list.loading && state.list.error == nil)
        _ = update(
            &state, .depositionsLoaded(Array(Fixtures.list.dropFirst(2)), first: false, done: false, generation: 2))
        _ = update(&state, .depositionsLoaded([], first: false, done: true, generation: 2))
        #expect(state.list.items.map(\.id) == Fixtures.list.map(\.id), "each deposition once")
        #expect(!state.list.loading)
    }

    @Test func navigationOpeningAndGoingBack() {
        var state = Fixtures.state()
        _ = update(&state, .keyPressed(.character("j")))
        _ = update(&state, .keyPressed(.down))
        #expect(state.list.selection == 2)
        _ = update(&state, .keyPressed(.character("G")))
        #expect(state.list.selection == 3)
        _ = update(&state, .keyPressed(.character("g")))
        #expect(state.list.selection == 0)
        let effects = update(&state, .keyPressed(.enter))
        #expect(effects == [.loadDeposition(1003)])
        #expect(state.screen == .deposition(1003))
        _ = update(&state, .keyPressed(.escape))
        #expect(state.screen == .list)
        #expect(update(&state, .keyPressed(.character("q"))) == [.quit(code: 0)], "q on the list quits")
    }

    @Test func filterAsYouTypeAndSort() {
        var state = Fixtures.state()
        _ = update(&state, .keyPressed(.character("/")))
        for c in "sedim" { _ = update(&state, .keyPressed(.character(c))) }
        #expect(state.list.visible.map(\.id) == [1019, 1007])
        _ = update(&state, .keyPressed(.enter))
        #expect(state.prompt == nil)
        #expect(state.list.filter == "sedim")
        _ = update(&state, .keyPressed(.character("/")))
        _ = update(&state, .keyPressed(.escape))
        #expect(state.list.visible.count == 4, "Esc clears the filter")
        _ = update(&state, .keyPressed(.character("s")))
        #expect(state.list.sort == .title)
        #expect(state.list.visible.first?.title.hasPrefix("Alpine") == true)
        _ = update(&state, .keyPressed(.character("/")))
        for c in "李" { _ = update(&state, .keyPressed(.character(c))) }
        #expect(state.list.visible.map(\.id) == [1019], "creators match too")
    }

    @Test func uploadIsOfferedOnlyForDraftsAndSaysWhyNot() {
        var state = Fixtures.state()
        #expect(update(&state, .keyPressed(.character("u"))).isEmpty, "the first row is published")
        #expect(state.status?.contains("files are locked") == true)
        #expect(state.screen == .list)
        _ = update(&state, .keyPressed(.character("j")))
        _ = update(&state, .keyPressed(.character("u")))
        #expect(state.status?.contains("edited") == true)
        _ = update(&state, .keyPressed(.character("j")))
        let effects = update(&state, .keyPressed(.character("u")))
        #expect(state.screen.kind == .picker)
        #expect(state.picker?.depositionID == 1019)
        #expect(effects.contains(.loadDeposition(1019)))
    }

    /// Backspace in the picker at a short relative path (`.`, `x`) ended the program: Foundation's
    /// `deletingLastPathComponent` traps on them on Linux (found by the `keys` fuzz target).
    @Test(arguments: [".", "x", "a/", "", "/"])
    func theParentOfAnyPathIsADirectoryAndNeverATrap(_ directory: String) {
        var state = Fixtures.state()
        state.list.selection = 2
        _ = update(&state, .keyPressed(.character("u")))
        state.picker?.directory = directory
        guard case .listDirectory(let parent)? = update(&state, .keyPressed(.backspace)).first else {
            Issue.record("no listing")
            return
        }
        #expect(parent.hasPrefix("/"), "\(directory.debugDescription) -> \(parent)")
        #expect(PathText.parent(of: "/") == "/" && PathText.parent(of: "/data/raw/") == "/data")
    }

    @Test func pickerChoosesFilesAndStartsAnUploadThroughPreflight() {
        var state = Fixtures.state()
        state.startDirectory = "/data"
        state.list.selection = 2
        _ = update(&state, .keyPressed(.character("u")))
        #expect(update(&state, .keyPressed(.character("u"))).isEmpty, "nothing chosen yet")
        #expect(state.status?.contains("no file is chosen") == true)
        _ = update(
            &state,
            .directoryListed(
                "/data",
                [
                    .init(name: "raw", isDirectory: true, size: 0), .init(name: "a.csv", isDirectory: false, size: 10),
                    .init(name: "b.csv", isDirectory: false, size: 20),
                ]))
        #expect(update(&state, .keyPressed(.enter)) == [.listDirectory("/data/raw")], "Enter opens a directory")
        _ = update(&state, .keyPressed(.down))
        _ = update(&state, .keyPressed(.character(" ")))
        #expect(state.picker?.chosen == ["/data/a.csv"])
        _ = update(&state, .keyPressed(.character("a")))
        #expect(state.picker?.chosen == ["/data/a.csv", "/data/b.csv"])
        #expect(
            update(&state, .keyPressed(.character("u"))) == [
                .upload(batch: 1, depositionID: 1019, paths: ["/data/a.csv", "/data/b.csv"])
            ])
        _ = update(&state, .preflightFailed(["/data/a.csv: is empty"]))
        #expect(state.overlay == .problems(["/data/a.csv: is empty"]))
        _ = update(&state, .keyPressed(.character("x")))
        #expect(state.overlay == nil)
        _ = update(
            &state,
            .uploadStarted(batch: 1, depositionID: 1019, title: "Deep-sea", files: 2, journalID: "j", background: false)
        )
        #expect(state.screen == .uploads)
        #expect(state.picker == nil)
        #expect(state.isAnimating)
    }

    @Test func pathPromptCompletesWithTab() {
        var state = Fixtures.state()
        state.startDirectory = "/data"
        state.list.selection = 2
        _ = update(&state, .keyPressed(.character("u")))
        _ = update(&state, .directoryListed("/data", []))
        _ = update(&state, .keyPressed(.character("p")))
        #expect(state.promptText(.uploadPath) == "/data/")
        _ = update(&state, .keyPressed(.character("r")))
        #expect(update(&state, .keyPressed(.tab)) == [.completePath("/data/r")])
        _ = update(&state, .completionsFound(prefix: "/data/r", ["/data/raw_2024/", "/data/raw_2025/"]))
        #expect(state.promptText(.uploadPath) == "/data/raw_202")
        #expect(state.picker?.completions.count == 2)
        _ = update(&state, .keyPressed(.control("u")))
        #expect(state.promptText(.uploadPath) == "")
        _ = update(&state, .keyPressed(.escape))
        #expect(state.prompt == nil)
    }

    @Test func uploadEventsFoldIntoProgressRetriesAndTheEnd() {
        var state = Fixtures.state()
        _ = update(
            &state,
            .uploadStarted(batch: 7, depositionID: 1019, title: "T", files: 2, journalID: "j", background: false))
        _ = update(&state, .uploadEvent(batch: 7, .started(key: "a.bin", attempt: 1)))
        _ = update(&state, .uploadEvent(batch: 7, .progress(key: "a.bin", sent: 50, total: 100, rate: 10)))
        #expect(state.uploads[0].active.first?.sent == 50)
        _ = update(
            &state,
            .uploadEvent(
                batch: 7, .retrying(key: "a.bin", attempt: 2, maxAttempts: 6, delay: 8, reason: "connection reset")))
        #expect(state.uploads[0].active.first?.note == "retry 2/6 in 8 s: connection reset")
        _ = update(&state, .uploadEvent(batch: 7, .verified(key: "a.bin", md5: "abc")))
        #expect(state.uploads[0].active.isEmpty)
        var final = BatchProgress()
        final.files = 2
        final.verified = 2
        let effects = update(&state, .uploadEvent(batch: 7, .finished(final)))
        #expect(effects == [.loadDeposition(1019)], "the deposition is read again to show its files")
        #expect(state.uploads[0].phase == .finished)
        #expect(!state.isAnimating)
    }

    @Test func quittingAsksWhileUploadsRunAndSignalsEndAtOnce() {
        var state = Fixtures.state()
        _ = update(
            &state,
            .uploadStarted(batch: 1, depositionID: 1019, title: "T", files: 1, journalID: "j", background: false))
        #expect(update(&state, .keyPressed(.control("c"))).isEmpty)
        #expect(state.overlay == .confirmQuit)
        #expect(update(&state, .keyPressed(.character("n"))).isEmpty)
        #expect(state.overlay == nil)
        #expect(update(&state, .signalled(2)).isEmpty, "Ctrl-C as a signal asks too")
        #expect(update(&state, .keyPressed(.character("y"))) == [.quit(code: 0)])
        var other = Fixtures.state()
        _ = update(
            &other,
            .uploadStarted(batch: 1, depositionID: 1019, title: "T", files: 1, journalID: "j", background: false))
        #expect(
            update(&other, .signalled(1)) == [.quit(code: 129)],
            "SIGHUP (SSH gone) quits at once; uploads stay journalled")
        #expect(update(&other, .signalled(15)) == [.quit(code: 143)])
    }

    @Test func helpIsGeneratedFromTheBindingsWithDisabledReasons() {
        let state = Fixtures.state()
        let rendered = render(
            {
                var s = state
                s.overlay = .help
                s.size = Size(width: 120, height: 40)
                return s
            }()
        ).text
        let movement: Set<Action> = [.up, .down, .top, .bottom, .pageUp, .pageDown]
        for binding in KeyBindings.bindings(for: AppState.Screen.Kind.list) where !movement.contains(binding.action) {
            #expect(rendered.contains(binding.description.prefix(20)), "\(binding.description)")
        }
        #expect(rendered.contains("Move; g/Home first, G/End last, PgUp/PgDn by page"), "movement in one line")
        #expect(rendered.contains("not now: a published record's files are locked"))
    }

    @Test func resumableUploadsFromAnEarlierRunAreOffered() {
        var state = Fixtures.state()
        let journal = UploadJournal(
            server: "https://zenodo.org/api", depositionID: 1019,
            files: [LocalFile(path: "/d/a", key: "a", size: 1, modified: Date())])
        _ = update(&state, .resumableFound([journal]))
        #expect(state.status?.contains("press U, then R") == true)
        _ = update(&state, .keyPressed(.character("U")))
        #expect(update(&state, .keyPressed(.character("R"))) == [.resumeUpload(journalID: journal.id, batch: 1)])
        // Offered until the batch has started (issue 14, review); a second R does not resume it twice.
        #expect(state.resumable.map(\.id) == [journal.id])
        #expect(update(&state, .keyPressed(.character("R"))).isEmpty)
        // A resume that cannot start says so and stays offered; R tries again.
        _ = update(&state, .resumeFailed(journalID: journal.id, "deposition 1019 was not found"))
        #expect(state.overlay == nil, "not reported as a pre-flight failure")
        #expect(state.status == "Could not resume the upload into 1019: deposition 1019 was not found. R tries again.")
        #expect(update(&state, .keyPressed(.character("R"))) == [.resumeUpload(journalID: journal.id, batch: 2)])
        _ = update(
            &state,
            .uploadStarted(batch: 2, depositionID: 1019, title: "t", files: 1, journalID: journal.id, background: false)
        )
        #expect(state.resumable.isEmpty && state.resuming.isEmpty)
    }

    /// Quitting while only foreground uploads run: s and S do nothing (there is nothing in the
    /// background to stop); b quits.
    @Test func theQuitQuestionOffersStoppingOnlyWithBackgroundUploads() {
        var state = Fixtures.state()
        state.overlay = .confirmQuit
        #expect(answerQuit(&state, .character("s")).isEmpty && !state.quitting)
        #expect(answerQuit(&state, .character("S")).isEmpty && !state.quitting)
        #expect(answerQuit(&state, .character("b")) == [.quit(code: 0)])
    }
}

@Suite struct MenuAndLocalCopyTests {
    @Test func theColonMenuRunsActionsAndExplainsDisabledOnes() {
        var state = Fixtures.state()
        _ = update(&state, .keyPressed(.character(":")))
        #expect(state.overlay == .menu(0))
        let entries = KeyBindings.menuEntries(for: .list)
        #expect(!entries.contains { $0.action == .down }, "plain movement is not in the menu")
        let uploadRow = entries.firstIndex { $0.action == .upload }!
        for _ in 0..<uploadRow { _ = update(&state, .keyPressed(.down)) }
        #expect(update(&state, .keyPressed(.enter)).isEmpty)
        #expect(state.status?.contains("files are locked") == true, "the first row is published")
        _ = update(&state, .keyPressed(.character(":")))
        let openRow = entries.firstIndex { $0.action == .open }!
        for _ in 0..<openRow { _ = update(&state, .keyPressed(.down)) }
        #expect(update(&state, .keyPressed(.enter)) == [.loadDeposition(1003)])
        #expect(state.screen == .deposition(1003))
        _ = update(&state, .keyPressed(.character(":")))
        _ = update(&state, .keyPressed(.escape))
        #expect(state.overlay == nil)
    }

    @Test func filesUploadedInThisSessionAreMarkedAgainstTheirLocalCopy() {
        var state = Fixtures.state()
        _ = update(
            &state,
            .uploadStarted(batch: 1, depositionID: 1019, title: "T", files: 1, journalID: "j", background: false))
        _ = update(&state, .uploadEvent(batch: 1, .verified(key: "cores.csv", md5: "9e107d9d372bb6826bd81d3542a419d6")))
        let lines = DepositionLines.make(Fixtures.list[2], width: 100, localCopies: state.localCopies[1019] ?? [:])
        #expect(lines.contains { $0.text.contains("cores.csv") && $0.text.hasSuffix("= local") })
        let other = DepositionLines.make(Fixtures.list[2], width: 100, localCopies: ["cores.csv": "0000"])
        #expect(other.contains { $0.text.hasSuffix("≠ local") })
    }
}
