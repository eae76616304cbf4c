import Foundation
import TestScratch
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// A directory chosen in the picker (issue 30): its junk is marked where it is listed, left out
/// of the upload, and named before the batch starts; `J` takes it.
@Suite struct JunkFlowTests {
    @Test func aChosenDirectorysJunkIsMarkedLeftOutAndNamed() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let work = try TestScratch.directory("junk-flow")
        defer { try? FileManager.default.removeItem(at: work) }
        for file in [
            "dataset/a.csv", "dataset/b.csv", "dataset/.DS_Store", "dataset/__pycache__/m.pyc", "Thumbs.db",
            "__MACOSX/x",
        ] {
            let url = work.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((file + "\n").utf8).write(to: url)
        }
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token, workDirectory: work)
        defer { app.abandon() }
        try await app.waitFor("Alpine glacier")
        app.press(.character("n"))
        try await app.waitFor("the new draft's form") { $0.contains("Title") && $0.contains("Creators") }
        app.press(.escape)
        try await app.waitFor("No files yet")
        app.press(.character("u"))
        // The picker lists the work directory: its junk is marked where it is.
        let picker = try await app.waitFor("the picker") { $0.contains("dataset/") && $0.contains("Thumbs.db") }
        for junk in ["Thumbs.db", "__MACOSX/"] {
            let line = try #require(picker.split(separator: "\n").first { $0.contains(junk) })
            #expect(line.contains("junk"), "\(picker)")
        }
        #expect(picker.split(separator: "\n").first { $0.contains("dataset/") }?.contains("junk") == false)
        // Choose the directory (directories first: __MACOSX/, then dataset/) and start.
        app.press(.down, .character(" "), .character("u"))
        let queue = try await app.waitFor("the left-out note and the end") {
            $0.contains("Left out 1 file and 1 directory") && $0.contains("2 verified")
        }
        #expect(queue.contains("junk (.DS_Store)"), "\(queue)")
        var uploaded: [[String]] = []
        for draft in try await app.client.allDepositions() where draft.state == .unsubmitted {
            uploaded.append(try await app.client.files(of: draft.id).map(\.filename).sorted())
        }
        #expect(uploaded.contains(["a.csv", "b.csv"]), "only the data went: \(uploaded)")
        #expect(try await app.quit() == 0)
    }

    /// `J` in the picker takes the junk of a chosen directory: the batch is asked with it, and the
    /// listing stops marking it.
    @Test func jTakesTheJunkToo() {
        var state = Fixtures.state()
        state.screens.append(.picker(PickerState(depositionID: 1019, directory: "/data")))
        _ = update(
            &state, .directoryListed("/data", [PickerState.Entry(name: "Thumbs.db", isDirectory: false, size: 1)]))
        let entry = PickerState.Entry(name: "Thumbs.db", isDirectory: false, size: 1)
        #expect(state.picker?.junkReason(entry) == "junk (Thumbs.db)")
        _ = update(&state, .keyPressed(.character("J")))
        #expect(state.picker?.includeJunk == true && state.picker?.junkReason(entry) == nil)
        #expect(state.status?.contains("taken too") == true)
        state.picker?.chosen = ["/data/dir"]
        #expect(
            update(&state, .keyPressed(.character("u")))
                == [.upload(batch: 1, depositionID: 1019, paths: ["/data/dir"], includeJunk: true)])
    }
}
