import Foundation
import TerminalKit
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// The metadata form, the publishing actions and the new-version step as pure state changes.
@Suite struct EditorTests {
    /// Presses keys; the question of what a legacy save would lose is answered "nothing" as the
    /// runner would (tests of the loss warning answer it themselves).
    static func keys(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { key in
            var effects = update(&state, .keyPressed(key))
            while let index = effects.firstIndex(where: { if case .checkLegacyLoss = $0 { true } else { false } }) {
                guard case .checkLegacyLoss(let id) = effects.remove(at: index) else { break }
                effects += update(&state, .legacyLossChecked(id, []))
            }
            return effects
        }
    }

    static func type(_ state: inout AppState, _ text: String) {
        for c in text { _ = update(&state, .keyPressed(.character(c))) }
    }

    /// The state with deposition `id` open and read in full.
    static func opened(_ id: Int = 1019) -> AppState {
        var state = Fixtures.state()
        let deposition = Fixtures.list.first { $0.id == id }!
        state.screens = [.list, .deposition(id)]
        state.details[id] = deposition
        return state
    }

    @Test func hostileTextFromTheServerIsSanitisedInTheFormAndItsQuestions() {
        var state = Self.opened()
        state.details[1019]?.metadata.title = "Evil\u{1B}]52;c;cGF5bG9hZA==\u{07} \u{1B}[2Jtitle"
        state.details[1019]?.metadata.keywords = ["\u{1B}[31mred"]
        _ = Self.keys(&state, .character("e"))
        state.editor?.metadata.title = "Clean"
        _ = Self.keys(&state, .character("s"))
        let buffer = render(state)
        #expect(
            buffer.cells.allSatisfy { $0.character.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } })
        #expect(buffer.text.contains("- title: Evil title"))

        // What Zenodo answers to a publish (DOI, record address) and to a failure goes through the same box.
        var published = Fixtures.list[2]
        published.doi = "10.5281/\u{1B}]52;c;eA==\u{07}zenodo.1019"
        published.links["html"] = "https://zenodo.org/records/1019\u{1B}[2J"
        _ = update(&state, .published(published))
        var text = render(state)
        #expect(
            text.cells.allSatisfy { $0.character.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } })
        #expect(text.text.contains("DOI 10.5281/zenodo.1019 is registered."))
        _ = update(&state, .actionFailed(ActionFailure(.publish, depositionID: 1019, message: "bad \u{1B}[31mred")))
        text = render(state)
        #expect(
            text.cells.allSatisfy { $0.character.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } })
        #expect(text.text.contains("bad red"))
    }

    @Test func textFieldEditsLikeAShellLine() {
        var field = TextField("hello world")
        let handled = field.apply(.control("w"))
        #expect(handled)
        #expect(field.text == "hello ")
        _ = field.apply(.home)
        _ = field.apply(.character(">"))
        _ = field.apply(.end)
        _ = field.apply(.backspace)
        #expect(field.text == ">hello")
        _ = field.apply(.left)
        _ = field.apply(.control("k"))
        #expect(field.text == ">hell")
        let enter = field.apply(.enter)
        #expect(!enter, "Enter ends a one-line field")
        _ = field.apply(.control("u"))
        #expect(field.text.isEmpty)
    }

    @Test func multiLineFieldsMoveBetweenLinesAndWrap() {
        var field = TextField("first line\nsecond", multiline: true)
        _ = field.apply(.up)
        _ = field.apply(.character("!"))
        #expect(field.text == "first !line\nsecond")
        _ = field.apply(.down)
        _ = field.apply(.enter)
        #expect(field.text == "first !line\nsecond\n")
        let layout = TextField(String(repeating: "x", count: 25), multiline: true).layout(width: 11)
        #expect(layout.rows == ["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"])
        #expect(layout.cursorRow == 2 && layout.cursorColumn == 5)
    }

    @Test func theFormKeepsWhatItDoesNotShowAndDoesNotInventChanges() throws {
        var metadata = DepositionMetadata(raw: [
            "title": "T", "grants": [["id": "10.13039/501100000780::123"]], "custom": ["ac:x": "y"],
            "creators": [["name": "Doe, J", "gnd": "123", "x-unknown": true]],
            "description": "<p>Kept <b>as HTML</b></p>",
        ])
        let before = metadata
        for row in Form.rows(metadata, .legacy) { Form.set(row.id, to: Form.text(row.id, metadata), in: &metadata) }
        #expect(metadata == before, "setting every field to what it shows changes nothing")
        Form.set(.title, to: "New title", in: &metadata)
        Form.set(.keywords, to: " a, b ,, ", in: &metadata)
        #expect(metadata["grants"] == before["grants"])
        #expect(metadata["custom"] == before["custom"])
        #expect(metadata.creators[0].extra["x-unknown"] == .bool(true))
        #expect(metadata.keywords == ["a", "b"])
        #expect(MetadataDiff(old: before, new: metadata).changes.map(\.field) == ["keywords", "title"])
        Form.set(.description, to: "Plain now\n\nTwo <paragraphs> & more", in: &metadata)
        #expect(metadata.description == "<p>Plain now</p><p>Two &lt;paragraphs&gt; &amp; more</p>")
        #expect(HTMLText.plain(metadata.description!) == "Plain now\n\nTwo <paragraphs> & more")
    }

    @Test func listsAddRemoveAndReorder() throws {
        var metadata = DepositionMetadata(raw: ["creators": [["name": "A"], ["name": "B"]]])
        let added = Form.addItem(at: .person(.creators, 0, .orcid), in: &metadata, .legacy)
        #expect(added == .person(.creators, 1, .name))
        #expect(metadata.creators.map(\.name) == ["A", "", "B"])
        #expect(Form.moveItem(at: .person(.creators, 2, .name), by: -1, in: &metadata) == .person(.creators, 1, .name))
        #expect(metadata.creators.map(\.name) == ["A", "B", ""])
        #expect(Form.removeItem(at: .person(.creators, 2, .affiliation), in: &metadata) == "an empty entry")
        #expect(
            Form.moveItem(at: .person(.creators, 0, .name), by: -1, in: &metadata) == nil, "the first cannot move up")
        #expect(Form.addItem(at: .relatedHeader, in: &metadata, .legacy) == .related(0, .identifier))
        #expect(Form.problems(metadata, today: Date())["related_identifiers[0]"] != nil)
        Form.set(.related(0, .identifier), to: "10.1234/x", in: &metadata)
        #expect(metadata.relatedIdentifiers?.first?.identifier == "10.1234/x")
        Form.set(.uploadType, to: "publication", in: &metadata)
        Form.set(.subtype, to: "article", in: &metadata)
        Form.set(.uploadType, to: "dataset", in: &metadata)
        #expect(metadata["publication_type"] == nil, "the old type's subtype goes with it")
        Form.set(.accessRight, to: "embargoed", in: &metadata)
        #expect(Form.rows(metadata, .legacy).contains { $0.id == .embargoDate })
        #expect(Form.problems(metadata, today: Date())["embargo_date"] != nil)
    }

    @Test func editingAFieldThenSavingShowsTheDiffAndSavesOnYes() throws {
        var state = Self.opened()
        #expect(Self.keys(&state, .character("e")).isEmpty, "a draft read in full opens at once")
        #expect(state.screen.identity == .editor(1019))
        _ = Self.keys(&state, .enter, .control("u"))
        Self.type(&state, "Cores")
        #expect(render(state).text.contains("Enter keeps  Tab keeps"), "the footer says how text entry ends")
        _ = Self.keys(&state, .enter)
        #expect(state.editor?.metadata.title == "Cores")
        #expect(render(state).text.contains("*Title"), "changed fields are marked")
        _ = Self.keys(&state, .character("s"))
        guard case .confirm(let confirmation) = state.overlay else {
            Issue.record("no diff")
            return
        }
        #expect(confirmation.lines.map(\.text).contains("+ title: Cores"))
        #expect(confirmation.lines.map(\.text).contains("- title: Deep-sea sediment cores (draft)"))
        let effects = Self.keys(&state, .character("y"))
        var expected = Fixtures.list[2].metadata
        expected.title = "Cores"
        #expect(effects == [.saveMetadata(1019, expected, basedOn: Fixtures.list[2].metadata)])
        #expect(state.busy == "Saving 1019")
        var saved = Fixtures.list[2]
        saved.metadata = expected
        saved.metadata.language = "eng"
        var sent = expected
        sent.language = "en"
        _ = update(&state, .metadataSaved(saved, sent: sent, keptFromOthers: []))
        #expect(state.editor?.hasChanges == false)
        #expect(state.status == "Saved and read back from Zenodo; Zenodo shows differently: language.")
        #expect(state.busy == nil)
    }

    @Test func aSaveThatMeetsSomeoneElsesChangeToTheSameFieldAsks() {
        var state = Self.opened()
        _ = Self.keys(&state, .character("e"))
        let base = state.editor!.original
        var mine = base
        mine.title = "Mine"
        mine.version = "2"
        state.editor?.metadata = mine
        var theirs = Fixtures.list[2]
        theirs.metadata.title = "Theirs"
        theirs.metadata.keywords = ["added there"]
        let merge = MetadataMerge(base: base, mine: mine, theirs: theirs.metadata)
        #expect(merge.conflicts == ["title"])
        #expect(merge.keptFromTheirs == ["keywords"])
        #expect(merge.merged.title == "Mine" && merge.merged.version == "2" && merge.merged.keywords == ["added there"])
        _ = update(&state, .saveConflict(current: theirs, mine: mine, merge: merge))
        guard case .confirm(let ask) = state.overlay else {
            Issue.record("no question")
            return
        }
        #expect(ask.lines.map(\.text).contains("title, there: Theirs"))
        #expect(ask.lines.map(\.text).contains("title, yours: Mine"))
        #expect(ask.lines.map(\.text).contains("Their other changes are kept either way: keywords."))
        #expect(Self.keys(&state, .character("n")).isEmpty)
        #expect(state.editor?.metadata == mine, "nothing is lost from the form")
        _ = update(&state, .saveConflict(current: theirs, mine: mine, merge: merge))
        #expect(Self.keys(&state, .character("y")) == [.saveMetadata(1019, merge.merged, basedOn: nil)])
    }

    @Test func leavingWithUnsavedChangesAsksAndEscCancelsAField() {
        var state = Self.opened()
        _ = Self.keys(&state, .character("e"), .enter)
        Self.type(&state, "xyz")
        _ = Self.keys(&state, .escape)
        #expect(state.editor?.hasChanges == false, "Esc drops what was typed into a one-line field")
        _ = Self.keys(&state, .enter)
        Self.type(&state, "xyz")
        _ = Self.keys(&state, .tab, .character("q"))
        guard case .confirm(let confirmation) = state.overlay else {
            Issue.record("no question")
            return
        }
        #expect(confirmation.yes == .leaveEditor)
        _ = Self.keys(&state, .character("n"))
        #expect(state.screen.identity == .editor(1019), "n stays")
        _ = Self.keys(&state, .character("q"), .character("y"))
        #expect(state.screen == .deposition(1019))
        #expect(state.editor == nil)
    }

    @Test func choicesAndTheLicensePickerFilterAsYouType() {
        var state = Self.opened()
        _ = Self.keys(&state, .character("e"), .down)
        _ = Self.keys(&state, .enter)
        #expect(state.chooser?.selected?.id == "dataset", "opens on the current value")
        Self.type(&state, "soft")
        #expect(state.chooser?.visible.map(\.id) == ["software"])
        _ = Self.keys(&state, .enter)
        #expect(state.editor?.metadata.uploadType == "software")
        #expect(state.editor?.rows.contains { $0.label == "Software type" } == true)
        let licenseRow = state.editor!.rows.firstIndex { $0.id == .license }!
        state.editor?.selection = licenseRow
        #expect(Self.keys(&state, .enter) == [.loadLicenses], "the server's list is loaded once")
        _ = update(
            &state,
            .licensesLoaded([
                License(id: "cc-by-4.0", title: "CC BY 4.0"),
                License(id: "eupl-1.2", title: "European Union Public License 1.2"),
            ]))
        Self.type(&state, "european")
        #expect(state.chooser?.visible.map(\.id) == ["eupl-1.2"])
        _ = Self.keys(&state, .enter)
        #expect(state.editor?.metadata.license == "eupl-1.2")
        _ = Self.keys(&state, .enter)
        #expect(Self.keys(&state, .escape).isEmpty)
        #expect(state.chooser == nil)
        _ = update(&state, .licensesFailed("boom"))
        #expect(state.licenses == LegacyLicences.vocabulary, "Zenodo's own list when the server's cannot be read")
    }

    @Test func publishAsksWithTheChecklistAndTheDOIAndRefusesWhatFails() {
        var state = Self.opened()
        #expect(Self.keys(&state, .character("P")) == [.checkPublish(1019)])
        let deposition = Fixtures.list[2]
        _ = update(&state, .publishChecked(deposition, PublishChecklist.check(deposition)))
        guard case .confirm(let ask) = state.overlay else {
            Issue.record("no question")
            return
        }
        #expect(ask.lines.map(\.text).contains("DOI 10.5281/zenodo.1019 will be registered."))
        #expect(ask.lines.map(\.text).contains { $0.contains("cannot be undone") })
        #expect(Self.keys(&state, .character("y")) == [.publish(1019)])

        var empty = deposition
        empty.files = []
        _ = update(&state, .publishChecked(empty, PublishChecklist.check(empty)))
        guard case .confirm(let refused) = state.overlay else {
            Issue.record("no checklist")
            return
        }
        #expect(refused.yes == nil)
        #expect(refused.lines.map(\.text).contains("✗ at least one file is needed"))
        #expect(Self.keys(&state, .character("y")).isEmpty, "y does nothing when a check failed")

        state.busy = nil
        state.uploads = [UploadState(id: 1, depositionID: 1019, title: "x")]
        _ = Self.keys(&state, .character("P"))
        #expect(state.status?.contains("an upload into it is running") == true)
    }

    @Test func aLongDiffStillShowsItsQuestionAt80x24() {
        var state = Self.opened()
        _ = Self.keys(&state, .character("e"))
        state.editor?.metadata.keywords = (0..<40).map { "k\($0)" }
        state.editor?.metadata.creators = (0..<40).map { Person(name: "Person \($0)") }
        _ = Self.keys(&state, .character("s"))
        var text = render(state).text
        #expect(text.contains("Save? y / N"))
        #expect(text.contains("lines 1–18 of 44: ↑/↓ PgUp/PgDn scroll"))
        #expect(!text.contains("k39"))
        _ = Self.keys(&state, .pageDown, .pageDown, .pageDown, .pageDown)
        text = render(state).text
        #expect(text.contains("k39"), "scrolled to the end")
        #expect(text.contains("Save? y / N"), "the question stays")
        #expect(Self.keys(&state, .character("y")).count == 1)
    }

    @Test func theFormPublishesWhatIsSavedOnly() {
        var state = Self.opened()
        _ = Self.keys(&state, .character("e"), .enter)
        Self.type(&state, "!")
        _ = Self.keys(&state, .enter)
        #expect(Self.keys(&state, .character("P")).isEmpty)
        #expect(state.status == "Publish: not here, there are unsaved changes: s shows them and saves first.")
        _ = Self.keys(&state, .character("z"))
        #expect(Self.keys(&state, .character("P")) == [.checkPublish(1019)])
        _ = update(&state, .publishChecked(Fixtures.list[2], PublishChecklist.check(Fixtures.list[2])))
        #expect(Self.keys(&state, .character("y")) == [.publish(1019)])
        var published = Fixtures.list[2]
        published.state = .done
        _ = update(&state, .published(published))
        #expect(state.screen == .deposition(1019), "the form closes once published")
    }

    @Test func zenodosPublishErrorsOpenTheFormWithThemNextToTheirFields() {
        var state = Self.opened()
        let failure = ActionFailure(
            .publish, depositionID: 1019, message: "Zenodo refused the deposition",
            fieldErrors: ["creators[0].name": ["Family name must be filled."], "files": ["Missing uploaded files."]])
        _ = update(&state, .actionFailed(failure))
        #expect(state.screen.identity == .editor(1019))
        #expect(state.editor?.serverErrors == ["creators[0].name": ["Family name must be filled."]])
        #expect(state.editor?.generalErrors == ["files: Missing uploaded files."])
        let lines = render(state).lines
        let name = lines.firstIndex { $0.contains("1. Name") }!
        #expect(lines[name + 1].contains("✗ Zenodo: Family name must be filled."))
        #expect(lines.contains { $0.contains("✗ Zenodo: files: Missing uploaded files.") })
        #expect(state.status?.hasPrefix("Publish failed: Zenodo refused the deposition") == true)
    }

    @Test func readOnlyDisablesEveryChangeWithTheReason() {
        var state = Self.opened()
        state.readOnly = true
        for key in ["e", "P", "N", "x", "D", "u"] {
            #expect(Self.keys(&state, .character(Character(key))).isEmpty)
            #expect(state.status?.contains("read-only mode") == true, "\(key)")
        }
        state.screens = [.list]
        #expect(Self.keys(&state, .character("n")).isEmpty)
        #expect(state.status == "New: not here, read-only mode (--read-only or ZENODO_READ_ONLY).")
    }

    @Test func discardAndDeleteNameWhatIsLost() {
        var state = Self.opened(1009)
        _ = Self.keys(&state, .character("D"))
        guard case .confirm(let discard) = state.overlay else {
            Issue.record("no question")
            return
        }
        #expect(discard.yes == .run(.discard(1009)))
        _ = Self.keys(&state, .escape)
        state = Self.opened(1019)
        _ = Self.keys(&state, .character("D"))
        guard case .confirm(let delete) = state.overlay else {
            Issue.record("no question")
            return
        }
        #expect(delete.yes == .run(.deleteDraft(1019)))
        #expect(delete.lines.map(\.text).contains("− cores.csv"))
        #expect(Self.keys(&state, .character("y")) == [.deleteDraft(1019)])
        _ = update(&state, .draftDeleted(1019))
        #expect(state.screens == [.list])
        #expect(!state.list.items.contains { $0.id == 1019 })
        state = Self.opened(1003)
        _ = Self.keys(&state, .character("D"))
        #expect(state.overlay == nil)
        #expect(state.status?.contains("X deletes it within the server's grace period") == true)
    }

    /// `M` makes a draft without files metadata-only where the server allows it (issue 27); the
    /// server's refusal is said in words; a draft with files or a published record is not offered.
    @Test func metadataOnlyIsAToggleOfAnEmptyDraft() throws {
        var state = Fixtures.state()
        let empty = Fixtures.deposition(id: 1040, title: "Held elsewhere")
        state.list.items.append(empty)
        state.screens = [.list, .deposition(1040)]
        state.details[1040] = empty
        // The backend says whether the API has metadata-only records at all: not the legacy one.
        state.backend = .legacy
        #expect(Self.keys(&state, .character("M")).isEmpty)
        #expect(state.status?.contains("the deposit API has no metadata-only records") == true, "\(state.status ?? "")")
        state.backend = .native
        #expect(Self.keys(&state, .character("M")) == [.setFilesEnabled(1040, false)])
        var metadataOnly = empty
        metadataOnly.rdmRecord = ["files": ["enabled": false]]
        _ = update(&state, .filesEnabledSet(metadataOnly))
        #expect(state.status?.contains("Draft 1040 is metadata-only") == true, "\(state.status ?? "")")
        #expect(render(state).text.contains("Metadata-only: published without files"))
        #expect(Self.keys(&state, .character("M")) == [.setFilesEnabled(1040, true)], "M gives it files again")
        _ = update(
            &state,
            .actionFailed(
                ActionFailure(
                    .metadataOnly, depositionID: 1040, message: "Zenodo does not allow metadata-only records",
                    fromServer: false)))
        #expect(state.status?.contains("does not allow metadata-only records") == true, "\(state.status ?? "")")

        state = Self.opened(1019)
        state.backend = .native
        #expect(Self.keys(&state, .character("M")).isEmpty)
        #expect(state.status?.contains("it has files: delete them first") == true)
    }

    @Test func theNewVersionStepKeepsOrDropsFilesAndSetsTheVersion() {
        var state = Self.opened(1003)
        #expect(Self.keys(&state, .character("N")) == [.newVersion(of: 1003)])
        var draft = Fixtures.deposition(
            id: 1030, title: "Alpine glacier mass balance, 2000–2024",
            files: [("README.txt", 75), ("mass_balance.csv", 19_405)])
        draft.metadata.version = nil
        _ = update(&state, .newVersionReady(draft, previousVersion: "1.9"))
        #expect(state.screen.identity == .newVersion(1030))
        #expect(state.newVersion?.version.text == "1.10", "the next version is suggested")
        _ = Self.keys(&state, .down, .down, .character(" "))
        #expect(state.newVersion?.dropped.map(\.filename) == ["mass_balance.csv"])
        _ = Self.keys(&state, .up, .up, .enter, .control("u"))
        Self.type(&state, "2.0")
        _ = Self.keys(&state, .enter, .character("c"))
        var expected = draft.metadata
        expected.version = "2.0"
        #expect(
            Self.keys(&state, .character("y")) == [
                .prepareNewVersion(draft: 1030, dropFileIDs: ["f1"], metadata: expected)
            ])
        var prepared = draft
        prepared.files.removeLast()
        prepared.metadata = expected
        #expect(update(&state, .newVersionPrepared(prepared, dropped: 1)).contains(.listDirectory(".")))
        #expect(state.screen.kind == .picker, "on into the upload")
        #expect(state.picker?.depositionID == 1030)
        _ = Self.keys(&state, .character("q"))
        #expect(state.screen == .deposition(1030))
        #expect(state.newVersion == nil)
    }

    @Test func theDepositionViewShowsTheVersionChain() {
        var state = Self.opened(1003)
        var v1 = Fixtures.deposition(id: 1001, title: "A", state: "done")
        v1.metadata.version = "1.0"
        var v2 = Fixtures.list[0]
        v2.metadata.version = "2.0"
        let draft = Fixtures.deposition(id: 1040, title: "A")
        _ = update(&state, .versionsLoaded(concept: "1002", [v1, v2, draft]))
        state.details[1003]?.conceptRecordID = "1002"
        state.details[1003]?.metadata.version = "2.0"
        #expect(render(state).text.contains("Versions     1.0 (1001) → 2.0 (1003, this) → draft (1040)"))
    }

    @Test func escClearsTheListFilterBeforeItQuits() {
        var state = Fixtures.state()
        _ = Self.keys(&state, .character("/"))
        Self.type(&state, "zzz")
        _ = Self.keys(&state, .enter)
        #expect(state.list.visible.isEmpty)
        #expect(Self.keys(&state, .escape).isEmpty)
        #expect(state.list.filter.isEmpty && state.list.visible.count == 4)
        #expect(Self.keys(&state, .escape) == [.quit(code: 0)])
    }

    @Test func createOpensTheFormWithTheReservedDOI() {
        var state = Fixtures.state()
        #expect(Self.keys(&state, .character("n")) == [.createDeposition])
        let created = Fixtures.deposition(id: 1050, title: "")
        _ = update(&state, .depositionCreated(created))
        #expect(state.screens.map(\.identity) == [.list, .deposition(1050), .editor(1050)])
        #expect(render(state).text.contains("Metadata of 1050 · DOI 10.5281/zenodo.1050 (reserved)"))
        #expect(state.status?.contains("DOI 10.5281/zenodo.1050 is reserved") == true)
        state.metadataFileNearby = "/data/CITATION.cff"
        _ = update(&state, .depositionCreated(created))
        #expect(state.status?.hasSuffix("i fills it from CITATION.cff.") == true)
        _ = Self.keys(&state, .character("i"))
        #expect(state.promptText(.importPath) == "/data/CITATION.cff", "the import offers the file found at launch")
    }
}

extension EditorTests {
    @Test func aSaveThatTheLegacyAPIWouldMakeLossyNamesTheLossesFirst() {
        var state = Self.opened()
        _ = Self.keys(&state, .character("e"))
        _ = update(&state, .editOpened(Fixtures.list.first { $0.id == 1019 }!))
        _ = Self.keys(&state, .enter)
        Self.type(&state, " (revised)")
        _ = Self.keys(&state, .enter)
        let asked = update(&state, .keyPressed(.character("s")))
        #expect(
            asked.contains { if case .checkLegacyLoss(1019) = $0 { true } else { false } }, "asked before the question")
        #expect(state.overlay == nil)
        _ = update(&state, .legacyLossChecked(1019, ["subjects from vocabularies: Geology"]))
        guard case .confirm(let confirmation) = state.overlay else {
            Issue.record("no save question")
            return
        }
        let text = confirmation.lines.map(\.text).joined(separator: "\n")
        #expect(text.contains("saving loses them"))
        #expect(text.contains("✗ subjects from vocabularies: Geology"))
    }
}
