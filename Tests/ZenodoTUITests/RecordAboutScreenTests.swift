import Foundation
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// The record view says what a reader needs before fetching (issue 33): keywords, funding, use
/// and the description's first line above the files; `i` shows it all, scrolled with the arrows,
/// and back; a version `v2` is not shown as `vv2`.
@Suite struct RecordAboutScreenTests {
    static func state() throws -> AppState {
        var json = try #require(
            try JSONValue.decode(
                Data(
                    #"{"id": 42, "metadata": {"title": "Ice", "version": "v2", "keywords": ["glacier", "mass balance"], "license": {"id": "cc-by-4.0"}, "description": "<p>Annual <b>mass balance</b> of 12 glaciers.</p>", "grants": [{"code": "101004215", "acronym": "FAIR-IMPACT", "funder": {"name": "European Commission"}}], "related_identifiers": [{"identifier": "10.1234/paper", "relation": "isSupplementTo"}]}, "stats": {"views": 1200, "downloads": 56}}"#
                        .utf8)) as JSONValue?)
        var lines: [JSONValue] = []
        for n in 1...40 { lines.append(.string("Line \(n) of the methods.")) }
        json["metadata"]?["description"] = .string(
            "<p>Annual <b>mass balance</b> of 12 glaciers.</p>"
                + lines.compactMap(\.string).map { "<p>\($0)</p>" }.joined())
        var state = Fixtures.state()
        state.screens = [.list, .records, .record(RecordView(record: try Record(json: json), destination: "/data/42"))]
        return state
    }

    @Test func theRecordSaysWhatItIsAndIShowsItAll() throws {
        var state = try Self.state()
        var screen = render(state).text
        #expect(screen.contains("Keywords     glacier, mass balance"), "\(screen)")
        #expect(screen.contains("Funding      European Commission: 101004215 (FAIR-IMPACT)"))
        #expect(screen.contains("Use          1200 views, 56 downloads"))
        #expect(screen.contains("About        Annual mass balance of 12 glaciers.") && screen.contains("(i reads on)"))
        _ = update(&state, .keyPressed(.character("i")))
        screen = render(state).text
        #expect(
            screen.contains("About (i shows the files again)")
                && screen.contains("Related      isSupplementTo 10.1234/paper"))
        #expect(!screen.contains("Line 30 of the methods."))
        for _ in 0..<60 { _ = update(&state, .keyPressed(.down)) }
        screen = render(state).text
        #expect(screen.contains("Line 30 of the methods."), "scrolled: \(screen)")
        _ = update(&state, .keyPressed(.character("i")))
        #expect(render(state).text.contains("Files ("))
    }

    @Test func aVersionNamedV2IsNotVV2() throws {
        let state = try Self.state()
        let view = try #require(state.recordView)
        #expect(RecordsScreen.right(view.record).hasPrefix("v2  "))
    }
}
