import Foundation
import TerminalKit
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// Each screen rendered from a fixed state at 80x24 and 120x40, compared as text with reviewed
/// snapshot files. Record (only on request) with ZENODO_TUI_RECORD_SNAPSHOTS=1.
@Suite struct SnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    static func check(_ name: String, _ make: (Size) -> AppState) throws {
        for size in sizes {
            let text = render(make(size)).text + "\n"
            let file = "\(name)-\(size.width)x\(size.height).txt"
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "Snapshots/\(file)")
            if ProcessInfo.processInfo.environment["ZENODO_TUI_RECORD_SNAPSHOTS"] == "1" {
                try text.write(to: source, atomically: true, encoding: .utf8)
                // A run that recorded is never green: review the files, then run again without it.
                Issue.record("recorded \(file): review it, then run the tests without ZENODO_TUI_RECORD_SNAPSHOTS")
                continue
            }
            let expected = try String(contentsOf: source, encoding: .utf8)
            #expect(text == expected, "\(file) differs; review and record with ZENODO_TUI_RECORD_SNAPSHOTS=1:\n\(text)")
        }
    }

    static func base(_ size: Size) -> AppState {
        var state = Fixtures.state(width: size.width, height: size.height)
        state.size = size
        return state
    }

    /// The deposition `id` of the fixtures open, read in full.
    static func showing(_ id: Int, _ size: Size) -> AppState {
        var state = Self.base(size)
        state.screens = [.list, .deposition(id)]
        state.details[id] = Fixtures.list.first { $0.id == id }
        return state
    }

    @Test func list() throws {
        try Self.check("list") { Self.base($0) }
    }

    @Test func listEmptyWithoutAToken() throws {
        try Self.check("no-token") { size in
            var state = Self.base(size)
            state.list.items = []
            state.setupProblem =
                "No token for zenodo.org. Set ZENODO_TOKEN, or run: zenodo-tui auth login --with-token < token.txt"
            return state
        }
    }

    @Test func deposition() throws {
        try Self.check("deposition") { Self.showing(1003, $0) }
    }

    @Test func uploadProgress() throws {
        try Self.check("uploads") { size in
            var state = Self.base(size)
            state.screens = [.list, .uploads]
            var upload = UploadState(id: 1, depositionID: 1019, title: "Deep-sea sediment cores (draft)")
            upload.progress.files = 3
            upload.progress.verified = 1
            upload.progress.totalBytes = 300 << 20
            upload.progress.doneBytes = 150 << 20
            upload.progress.rate = Double(12 << 20)
            upload.progress.eta = 12.5
            upload.active = [
                .init(key: "cores_2024.nc", sent: 40 << 20, total: 100 << 20, rate: Double(6 << 20)),
                .init(
                    key: "cores_2025.nc", sent: 0, total: 100 << 20, rate: 0, note: "retry 2/6 in 8 s: connection reset"
                ),
            ]
            upload.log = ["verified cores_2023.nc md5:9e107d9d372bb6826bd81d3542a419d6"]
            state.uploads = [upload]
            return state
        }
    }

    @Test func help() throws {
        try Self.check("help") { size in
            var state = Self.base(size)
            state.overlay = .help
            return state
        }
    }

    /// The form of draft 1019 with a second creator (bad ORCID), a contributor and an unsaved title.
    static func editing(_ size: Size) -> AppState {
        var state = Self.showing(1019, size)
        var editor = EditorState(
            deposition: Fixtures.list[2], today: Date(timeIntervalSince1970: 1_790_000_000), backend: .legacy)
        editor.metadata.title = "Deep-sea sediment cores, North Atlantic"
        var creators = editor.metadata.creators
        creators.append(Person(name: "Doe, Jane", affiliation: "Example University", orcid: "0000-0002-1825-0098"))
        editor.metadata.creators = creators
        editor.metadata.contributors = [Person(name: "Roe, Rick", type: "DataCurator")]
        editor.serverErrors = ["license": ["Invalid license provided: cc-by-9"]]
        editor.selection = 1
        state.screens.append(.editor(editor))
        return state
    }

    @Test func editor() throws {
        try Self.check("editor", Self.editing)
    }

    @Test func editorDiff() throws {
        try Self.check("editor-diff") { size in
            var state = Self.editing(size)
            _ = EditorTests.keys(&state, .character("s"))
            return state
        }
    }

    @Test func editorDescription() throws {
        try Self.check("editor-description") { size in
            var state = Self.editing(size)
            let row = state.editor!.rows.firstIndex { $0.id == .description }!
            state.editor?.selection = row
            _ = update(&state, .keyPressed(.enter))
            return state
        }
    }

    @Test func licensePicker() throws {
        try Self.check("license-picker") { size in
            var state = Self.editing(size)
            state.licenses = Vocabulary.commonLicenses
            let row = state.editor!.rows.firstIndex { $0.id == .license }!
            state.editor?.selection = row
            _ = update(&state, .keyPressed(.enter))
            _ = update(&state, .keyPressed(.character("b")))
            _ = update(&state, .keyPressed(.character("y")))
            return state
        }
    }

    @Test func publishConfirmation() throws {
        try Self.check("publish") { size in
            var state = Self.showing(1019, size)
            let deposition = Fixtures.list[2]
            _ = update(&state, .publishChecked(deposition, PublishChecklist.check(deposition)))
            return state
        }
    }

    @Test func newVersionStep() throws {
        try Self.check("new-version") { size in
            var state = Self.showing(1003, size)
            let draft = Fixtures.deposition(
                id: 1030, title: Fixtures.list[0].title, files: [("README.txt", 75), ("mass_balance.csv", 19_405)])
            _ = update(&state, .newVersionReady(draft, previousVersion: "2.0"))
            _ = update(&state, .keyPressed(.down))
            _ = update(&state, .keyPressed(.down))
            _ = update(&state, .keyPressed(.character(" ")))
            return state
        }
    }

    @Test func wideCharactersLineUp() {
        var buffer = ScreenBuffer(size: Size(width: 10, height: 1))
        buffer.write("李娜ab", x: 0, y: 0)
        #expect(buffer.lines == ["李娜ab"])
        #expect(buffer[1, 0].isContinuation)
        var clipped = ScreenBuffer(size: Size(width: 3, height: 1))
        #expect(clipped.write("a李娜", x: 0, y: 0) == 3)
        #expect(clipped.lines == ["a李"])
    }

    @Test func hostileTitlesAreSanitisedBeforeTheyReachTheBuffer() {
        var state = Self.base(Size(width: 80, height: 24))
        state.list.items = [Fixtures.deposition(id: 5, title: "Evil\u{1B}]52;c;cGF5bG9hZA==\u{07} \u{1B}[2Jtitle")]
        let buffer = render(state)
        #expect(
            buffer.cells.allSatisfy { $0.character.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } })
        #expect(buffer.text.contains("Evil title"))
    }
}
