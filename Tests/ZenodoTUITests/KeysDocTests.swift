import Foundation
import Testing
@testable import ZenodoTUI

/// docs/keys.md is generated from the bindings; this fails when they drift apart.
@Suite struct KeysDocTests {
    @Test func keysDocumentMatchesTheBindings() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/keys.md")
        let generated = KeyBindings.markdown()
        if ProcessInfo.processInfo.environment["ZENODO_TUI_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded docs/keys.md: review it, then run the tests without ZENODO_TUI_RECORD_SNAPSHOTS")
            return
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == generated, "regenerate with ZENODO_TUI_RECORD_SNAPSHOTS=1")
    }

    @Test func everyScreenHasHelpBackAndNoKeyTwice() {
        let all: [AppState.Screen] = [.list, .deposition(1), .picker, .uploads, .editor(1), .newVersion(1), .records, .record(1), .folders]
        for screen in all {
            let bindings = KeyBindings.bindings(for: screen)
            #expect(bindings.contains { $0.action == .help })
            #expect(bindings.contains { $0.action == .back })
            let keys = bindings.flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "\(screen) binds a key twice")
        }
    }
}
