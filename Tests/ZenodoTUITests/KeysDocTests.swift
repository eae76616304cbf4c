import Foundation
import TerminalKit
import Testing

@testable import ZenodoTUI

/// docs/keys.md is generated from the bindings; this fails when they drift apart.
@Suite struct KeysDocTests {
    @Test func keysDocumentMatchesTheBindings() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("docs/keys.md")
        let generated = KeyBindings.markdown()
        if ProcessInfo.processInfo.environment["ZENODO_TUI_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded docs/keys.md: review it, then run the tests without ZENODO_TUI_RECORD_SNAPSHOTS")
            return
        }
        #expect(
            try String(contentsOf: url, encoding: .utf8) == generated, "regenerate with ZENODO_TUI_RECORD_SNAPSHOTS=1")
    }

    @Test func everyScreenHasHelpBackAndNoKeyTwice() {
        let all: [AppState.Screen.Kind] = [
            .list, .deposition, .picker, .uploads, .editor, .newVersion, .records, .record, .folders,
        ]
        for screen in all {
            let bindings = KeyBindings.bindings(for: screen)
            #expect(bindings.contains { $0.action == .help })
            #expect(bindings.contains { $0.action == .back })
            let keys = bindings.flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "\(screen) binds a key twice")
        }
    }

    /// The modes' keys (issue 14): none bound twice in a mode, none taking a printable character
    /// where characters are text, and the handlers follow the table (a key rebound there would be
    /// seen here: each binding's first key does what the table says).
    @Test func everyModeBindsEachKeyOnceAndLeavesTextToTyping() {
        for mode in KeyMode.allCases {
            let keys = KeyBindings.modal(mode).flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "\(mode) binds a key twice")
            if mode.takesText {
                #expect(
                    !keys.contains { if case .character = $0 { true } else { false } },
                    "\(mode) takes a character from typing")
            }
        }
        var field = TextField("abc def")
        let deleted = field.apply(.control("w"))
        #expect(deleted && field.text == "abc ")
        let callers = [Key.enter, .escape, .tab].map { field.apply($0) }
        #expect(callers == [false, false, false], "Enter, Esc and Tab are the caller's")
        var lines = TextField("one", multiline: true)
        let newLine = lines.apply(.enter)
        #expect(newLine && lines.text == "one\n")
        let done = lines.apply(.control("d"))
        #expect(!done, "Ctrl-D ends a description")
        #expect(KeyBindings.command(for: .character("y"), in: .confirm) == .yes)
        #expect(KeyBindings.command(for: .character("r"), in: .retryWait) == .retryNow)
    }
}
