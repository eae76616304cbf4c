import Foundation
import TestScratch
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// A directory packed on the fly from the picker (issue 30): `z` chooses the archive, `u` shows
/// the plan (the archive, its size, its files and folders, what its .zenodoignore left out) before
/// anything is sent, and `y` sends it, verified; the picker marks what .zenodoignore leaves out.
@Suite struct PackFlowTests {
    @Test func thePlanIsShownBeforeThePackedDirectoryIsSent() async throws {
        let server = try await InProcessFlowTests.server()
        defer { Task { await server.stop() } }
        let work = try TestScratch.directory("pack-flow")
        defer { try? FileManager.default.removeItem(at: work) }
        for file in ["dataset/raw/a.csv", "dataset/raw/b.csv", "dataset/notes/n.txt", "dataset/scratch.tmp"] {
            let url = work.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((file + "\n").utf8).write(to: url)
        }
        try Data("*.tmp\n".utf8).write(to: work.appendingPathComponent("dataset/.zenodoignore"))
        let app = try InProcessApp(server: server, token: InProcessFlowTests.token, workDirectory: work)
        defer { app.abandon() }
        try await app.waitFor("Alpine glacier")
        app.press(.character("n"))
        try await app.waitFor("the new draft's form") { $0.contains("Title") && $0.contains("Creators") }
        app.press(.escape)
        try await app.waitFor("No files yet")
        app.press(.character("u"))
        try await app.waitFor("the picker") { $0.contains("dataset/") }
        // Inside the directory, what its .zenodoignore leaves out is marked, with the line.
        app.press(.enter)
        let inside = try await app.waitFor("the directory's entries") { $0.contains("scratch.tmp") }
        let ignored = try #require(inside.split(separator: "\n").first { $0.contains("scratch.tmp") })
        #expect(ignored.contains("ignored"), "\(inside)")
        app.press(.character("h"))
        try await app.waitFor("the work directory again") { $0.contains("dataset/") && !$0.contains("scratch.tmp") }
        // Choose it, pack it as one zip, and ask for the plan.
        app.press(.character(" "), .character("z"))
        try await app.waitFor("the pack choice") { $0.contains("one .zip each, packed as they are sent") }
        app.press(.character("u"))
        let plan = try await app.waitFor("the plan") { $0.contains("Send this?") }
        #expect(plan.contains("dataset.zip") && plan.contains("3 files in 3 folders"), "\(plan)")
        #expect(plan.contains(".zenodoignore line 1: *.tmp"), "\(plan)")
        #expect(plan.contains("made as they are sent"), "\(plan)")
        for draft in try await app.client.allDepositions() where draft.state == .unsubmitted {
            let names = try await app.client.files(of: draft.id).map(\.filename)
            #expect(!names.contains("dataset.zip"), "nothing sent before y")
        }
        app.press(.character("y"))
        try await app.waitFor("the packed upload verified") { $0.contains("1 verified") }
        var uploaded: [DepositionFile] = []
        for draft in try await app.client.allDepositions() where draft.state == .unsubmitted {
            uploaded += try await app.client.files(of: draft.id)
        }
        let archive = try #require(uploaded.first { $0.filename == "dataset.zip" })
        let planned = PackPlanner.plan(
            root: work.appendingPathComponent("dataset").path, PackRequest(format: .zip),
            filters: FileScanner.Filters())
        #expect(archive.md5 == (try LocalDigest.md5(of: planned.archives[0].archive)))
        #expect(try await app.quit() == 0)
    }

    /// `z` cycles through the ways a directory can go, and `u` asks for a plan only when packing.
    @Test func zCyclesThePackAndUAsksForThePlan() {
        var state = Fixtures.state()
        state.screens.append(.picker(PickerState(depositionID: 1019, directory: "/data")))
        state.picker?.chosen = ["/data/dir"]
        var seen: [PackRequest?] = []
        for _ in 0..<5 {
            _ = update(&state, .keyPressed(.character("z")))
            seen.append(state.picker?.pack)
        }
        #expect(
            seen == [
                PackRequest(format: .zip), PackRequest(format: .zip, perDirectory: true), PackRequest(format: .tar),
                PackRequest(format: .tar, perDirectory: true), nil,
            ])
        _ = update(&state, .keyPressed(.character("z")))
        #expect(
            update(&state, .keyPressed(.character("u")))
                == [
                    .planUpload(
                        batch: 1, depositionID: 1019, paths: ["/data/dir"], includeJunk: false,
                        pack: PackRequest(format: .zip))
                ])
        // The plan's yes starts the upload as planned, raising the quota first where it said so.
        let plan = UploadPlan(
            batch: 1, depositionID: 1019, paths: ["/data/dir"], includeJunk: false, pack: PackRequest(format: .zip),
            lines: ["dir.zip  3 GB"], raiseQuotaTo: 60)
        _ = update(&state, .uploadPlanned(plan))
        guard case .confirm(let confirmation)? = state.overlay else {
            Issue.record("no plan shown")
            return
        }
        #expect(confirmation.question == "Raise the quota to 60 GB and send? y / N")
        #expect(
            update(&state, .keyPressed(.character("y")))
                == [
                    .upload(
                        batch: 1, depositionID: 1019, paths: ["/data/dir"], pack: PackRequest(format: .zip),
                        raiseQuotaTo: 60)
                ])
    }
}
