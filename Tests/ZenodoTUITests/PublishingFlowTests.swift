import Foundation
import LocalZenodo
import TerminalKit
import Testing
import ZenodoKit

/// The publishing workflow in-process (`InProcessApp`: the real loop, runner and client) against
/// LocalZenodo: create, the form, upload, publish, new version, edit a published record; refusals
/// and Zenodo's own errors. (Moved from tmux, issue 28: each flow takes seconds, not tens.)
@Suite struct PublishingFlowTests {
    static func client(_ server: LocalZenodoServer) throws -> (ZenodoClient, HTTPTransport) {
        let transport = HTTPTransport(environment: [:], forHost: "127.0.0.1")
        let client = ZenodoClient(
            profile: try ServerProfile(parsing: server.apiURL),
            credentials: Credentials(token: FlowTests.token, source: .explicit),
            transport: transport)
        return (client, transport)
    }

    static func write(_ bytes: Int, seed: UInt8, to url: URL) throws {
        var data = Data(count: bytes)
        for i in stride(from: 0, to: bytes, by: 97) { data[i] = seed &+ UInt8(i % 251) }
        try data.write(to: url)
    }

    static func publishPOSTs(_ server: LocalZenodoServer) -> [String] {
        server.accessLog.all().filter { $0.method == "POST" && $0.target.hasSuffix("/actions/publish") }.map(\.target)
    }

    /// Uploads every file of `directory` from the deposition screen through the picker.
    static func upload(_ ui: any FlowDriver, directory: URL, expect names: [String], pickerOpen: Bool = false)
        async throws
    {
        if !pickerOpen { try await ui.keys("u") }
        _ = try await ui.wait(for: "Upload into")
        try await ui.keys("p", "C-u")
        try await ui.type(directory.path + "/")
        try await ui.keys("Enter")
        _ = try await ui.wait("the directory listing") { screen in names.allSatisfy { screen.contains($0) } }
        try await ui.keys("a")
        _ = try await ui.wait(for: "\(names.count) file")
        try await ui.keys("u")
        _ = try await ui.wait("the upload to finish", timeout: 60) { screen in
            screen.contains("FINISHED") && names.allSatisfy { screen.contains("verified \($0)") }
        }
        try await ui.keys("q")
    }

    @Test func createFillUploadPublishNewVersionEditPublish() async throws {
        let first = try FlowTests.temporaryDirectory()
        let second = try FlowTests.temporaryDirectory()
        try Self.write(3_000, seed: 1, to: first.appendingPathComponent("keep.csv"))
        try Self.write(40_000, seed: 2, to: first.appendingPathComponent("data.bin"))
        try Self.write(50_000, seed: 3, to: second.appendingPathComponent("data.bin"))
        try await Self.run { server, ui, client in
            // Create: the form opens with the reserved DOI.
            try await ui.keys("n")
            var screen = try await ui.wait("the new draft's form") {
                $0.contains("Metadata of") && $0.contains("(reserved)")
            }
            let id = try #require(screen.firstMatch(of: /Metadata of (\d+)/).flatMap { Int($0.1) })
            #expect(screen.contains("DOI 10.5281/zenodo.\(id)"))
            #expect(
                screen.contains("✗ title must have at least 3 characters"), "what is missing is said next to the field")

            // The form: text, a choice, a person with affiliation and ORCID, a description, a license.
            try await ui.keys("Enter")
            try await ui.type("Lifecycle test dataset")
            try await ui.keys("Tab", "Enter")
            _ = try await ui.wait(for: "Search:")
            try await ui.type("datas")
            try await ui.keys("Enter", "Down", "Down", "Enter")
            try await ui.type("Doe, Jane")
            try await ui.keys("Tab")
            try await ui.type("Example University")
            try await ui.keys("Tab")
            try await ui.type("0000-0002-1825-0098")
            try await ui.keys("Enter")
            _ = try await ui.wait(for: "is not valid (wrong form or checksum)")
            try await ui.keys("Enter", "BSpace")
            try await ui.type("7")
            try await ui.keys("Enter")
            _ = try await ui.wait("the ORCID accepted") {
                !$0.contains("is not valid") && $0.contains("0000-0002-1825-0097")
            }
            try await ui.keys("Down", "Down", "Enter")
            _ = try await ui.wait(for: "Esc or Ctrl-D done")
            try await ui.type("Monthly values.")
            try await ui.keys("Enter", "Enter")
            try await ui.type("Second paragraph.")
            try await ui.keys("C-d", "Down", "Down", "Enter")
            _ = try await ui.wait(for: "Search:")
            try await ui.type("mit")
            _ = try await ui.wait(for: "MIT License")
            try await ui.keys("Enter")

            // Save: the diff first, then the server's view.
            try await ui.keys("s")
            screen = try await ui.wait(for: "Save? y / N")
            #expect(screen.contains("+ title: Lifecycle test dataset"))
            #expect(screen.contains("+ creators: Doe, Jane (Example University, ORCID 0000-0002-1825-0097)"))
            try await ui.keys("y")
            _ = try await ui.wait(for: "Saved and read back from Zenodo")
            let draft = try await client.deposition(id)
            #expect(draft.metadata.title == "Lifecycle test dataset")
            #expect(draft.metadata.uploadType == "dataset")
            #expect(draft.metadata.license == "mit-license", "Zenodo reads mit back through its inverted map")
            #expect(draft.metadata.creators.first?.orcid == "0000-0002-1825-0097")
            #expect(draft.metadata.description == "<p>Monthly values.</p><p>Second paragraph.</p>")

            // Upload, then publish after the checklist and the DOI.
            try await ui.keys("q")
            _ = try await ui.wait(for: "No files yet")
            try await Self.upload(ui, directory: first, expect: ["keep.csv", "data.bin"])
            _ = try await ui.wait(for: "Files (2")
            try await ui.keys("P")
            screen = try await ui.wait(for: "Publish now? y / N")
            #expect(screen.contains("This cannot be undone"))
            #expect(screen.contains("DOI 10.5281/zenodo.\(id) will be registered."))
            try await ui.keys("y")
            _ = try await ui.wait(for: "is registered")
            try await ui.keys("Escape")

            // New version: asking twice reuses the draft; keep keep.csv, drop data.bin, version
            // 2.0, upload a new data.bin.
            try await ui.keys("N")
            screen = try await ui.wait(for: "c continues, then choose new files")
            let newID = try #require(screen.firstMatch(of: /Draft (\d+);/).flatMap { Int($0.1) })
            try await ui.keys("q")
            _ = try await ui.wait(for: "State        published · id \(id)")
            try await ui.keys("N")
            screen = try await ui.wait(for: "c continues, then choose new files")
            #expect(screen.contains("Draft \(newID);"), "the pending new-version draft is reused")
            #expect(
                screen.contains("[keep] keep.csv") && screen.contains("[keep] data.bin"), "with its inherited files")
            try await ui.keys("Enter", "C-u")
            try await ui.type("2.0")
            try await ui.keys("Enter")
            let fileRows = screen.split(separator: "\n").filter { $0.contains("[keep]") }
            let dataRow = try #require(fileRows.firstIndex { $0.contains("data.bin") })
            for _ in 0...dataRow { try await ui.keys("Down") }
            try await ui.keys("Space")
            _ = try await ui.wait(for: "[drop] data.bin")
            try await ui.keys("c")
            screen = try await ui.wait(for: "Continue? y / N")
            #expect(screen.contains("Version: 2.0"))
            #expect(screen.contains("− data.bin"))
            try await ui.keys("y")
            _ = try await ui.wait(for: "Choose new files, or q")
            try await Self.upload(ui, directory: second, expect: ["data.bin"], pickerOpen: true)
            screen = try await ui.wait("the version chain") {
                $0.contains("Files (2") && $0.contains("Versions") && $0.contains("draft (\(newID), this)")
            }
            try await ui.keys("P")
            _ = try await ui.wait(for: "Publish now? y / N")
            try await ui.keys("y")
            _ = try await ui.wait(for: "DOI 10.5281/zenodo.\(newID) is registered.")
            try await ui.keys("Escape")

            // Edit the published record's metadata, then publish the edit.
            try await ui.keys("e")
            _ = try await ui.wait(for: "metadata only; files stay locked")
            try await ui.keys("Enter", "End")
            try await ui.type(" (revised)")
            try await ui.keys("Enter", "s")
            _ = try await ui.wait(for: "+ title: Lifecycle test dataset (revised)")
            try await ui.keys("y")
            _ = try await ui.wait(for: "Saved and read back")
            try await ui.keys("q", "P")
            // The finished overlay, not its first rows: tmux shows a frame as it arrives, and a
            // fresh-clone CI run once caught the box before its text.
            screen = try await ui.wait("the publish question") {
                $0.contains("Publish the edit?") && $0.contains("stays the same")
            }
            #expect(screen.contains("stays the same"))
            try await ui.keys("y")
            _ = try await ui.wait(for: "Published \(newID)")

            // What Zenodo has now.
            let v1 = try await client.deposition(id)
            let v2 = try await client.deposition(newID)
            #expect(v1.state == .done && v2.state == .done)
            #expect(v1.conceptRecordID == v2.conceptRecordID)
            #expect(v2.metadata.version == "2.0")
            #expect(v2.metadata.title == "Lifecycle test dataset (revised)")
            #expect(v1.metadata.title == "Lifecycle test dataset")
            #expect(Set(v1.files.map(\.filename)) == ["keep.csv", "data.bin"])
            #expect(Set(v2.files.map(\.filename)) == ["keep.csv", "data.bin"])
            let md5 = { (d: Deposition, name: String) in d.files.first { $0.filename == name }?.md5 }
            #expect(md5(v1, "keep.csv") == md5(v2, "keep.csv"), "keep.csv was kept")
            #expect(md5(v1, "data.bin") != md5(v2, "data.bin"), "data.bin was replaced")
            #expect(md5(v2, "data.bin") == (try LocalDigest.md5(of: second.appendingPathComponent("data.bin"))))
            #expect(Self.publishPOSTs(server).count == 3, "v1, v2 and the edit: each published once")
            try await ui.keys("q")
        }
    }

    /// Opens the first deposition whose title matches `filter`.
    static func open(_ ui: any FlowDriver, _ filter: String) async throws -> String {
        try await ui.keys("/")
        try await ui.type(filter)
        try await ui.keys("Enter", "Enter")
        // Its own title on screen (not the deposition open before), read in full. In tmux twice in
        // a row: a capture can fall between two writes of one frame, before its "Loading…" line.
        var seen = 0
        let needed = ui.readsWholeFrames ? 1 : 2
        return try await ui.wait("\(filter) read in full") { screen in
            let title = screen.split(separator: "\n").dropFirst().first.map { $0.lowercased() } ?? ""
            let full =
                title.contains(filter) && screen.contains("Files (") && !screen.contains("Loading the full deposition")
            seen = full ? seen + 1 : 0
            return seen >= needed
        }
    }

    static func run(
        readOnly: Bool = false, _ body: (LocalZenodoServer, any FlowDriver, ZenodoClient) async throws -> Void
    ) async throws {
        let server = try await FlowTests.server()
        let (client, transport) = try Self.client(server)
        do {
            let app = try InProcessApp(
                server: server, token: FlowTests.token, size: Size(width: 100, height: 30), readOnly: readOnly)
            defer { app.abandon() }
            _ = try await app.wait(for: "Alpine glacier")
            try await body(server, app, client)
            try await app.keys("q", "q", "q", "q")
            #expect(try await app.waitForExit() == 0)
        } catch {
            await transport.shutdown()
            await server.stop()
            throw error
        }
        await transport.shutdown()
        await server.stop()
    }

    /// The screen's text without box lines and with runs of spaces as one: a wrapped sentence
    /// reads as one.
    static func flat(_ screen: String) -> String {
        screen.replacingOccurrences(of: "│", with: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func id(_ screen: String) throws -> Int {
        try #require(screen.firstMatch(of: /· id (\d+)/).flatMap { Int($0.1) })
    }

    @Test func aPublishThatFailsOrCommitsThenAnswers504SaysWhatHappened() async throws {
        try await Self.run { server, ui, client in
            let screen = try await Self.open(ui, "deep-sea")
            let id = try Self.id(screen)
            // First a 503 that did not publish: the user is told so, and may try again.
            server.faults.add(
                FaultRule(
                    method: "POST", path: "/api/deposit/depositions/*/actions/publish", action: .status, status: 503))
            try await ui.keys("P")
            _ = try await ui.wait(for: "Publish now? y / N")
            try await ui.keys("y")
            _ = try await ui.wait("the failure explained") {
                Self.flat($0).contains("the publish did not happen, so trying again is safe")
            }
            #expect(try await client.deposition(id).state == .unsubmitted)
            try await ui.keys("q")
            server.faults.add(
                FaultRule(
                    method: "POST", path: "/api/deposit/depositions/*/actions/publish", action: .commitThenStatus,
                    status: 504))
            try await ui.keys("P")
            _ = try await ui.wait(for: "Publish now? y / N")
            try await ui.keys("y")
            _ = try await ui.wait(for: "DOI 10.5281/zenodo.\(id) is registered.")
            #expect(
                Self.publishPOSTs(server).count == 2,
                "the refused one and the committed one; read again after the 504, never sent twice")
            #expect(try await client.deposition(id).state == .done)
            try await ui.keys("q")
        }
    }

    @Test func readOnlyRefusesEveryChangeAndSendsOnlyReads() async throws {
        try await Self.run(readOnly: true) { server, ui, _ in
            try await ui.keys("n")
            _ = try await ui.wait(for: "New: not here, read-only mode")
            _ = try await Self.open(ui, "deep-sea")
            for (key, label) in [
                ("e", "Edit"), ("P", "Publish"), ("x", "Delete file"), ("D", "Discard/delete"), ("u", "Upload"),
            ] {
                try await ui.keys(key)
                _ = try await ui.wait(for: "\(label): not here, read-only mode")
            }
            try await ui.keys(":")
            let menu = try await ui.wait(for: "Enter runs, Esc closes")
            #expect(menu.contains("(not now: read-only mode"))
            try await ui.keys("Escape")
            let writes = server.accessLog.all().filter { $0.method != "GET" }
            #expect(writes.isEmpty, "only reads were sent: \(writes.map(\.line))")
        }
    }

    @Test func discardDeleteDraftAndDeleteFileAskFirstAndNameWhatIsLost() async throws {
        try await Self.run { _, ui, client in
            // Discard the edits of a published record.
            var screen = try await Self.open(ui, "urban heat")
            let heat = try Self.id(screen)
            try await ui.keys("D")
            screen = try await ui.wait(for: "Discard? y / N")
            #expect(screen.contains("the published record stays exactly as it was"))
            try await ui.keys("y")
            _ = try await ui.wait(for: "State        published · id \(heat)")
            #expect(try await client.deposition(heat).state == .done)
            #expect(!(try await client.deposition(heat).metadata.description ?? "").contains("Correction pending"))

            // Delete one file of a draft.
            try await ui.keys("q", "Escape")
            screen = try await Self.open(ui, "deep-sea")
            let sediment = try Self.id(screen)
            let files = try await client.deposition(sediment).files
            try await ui.keys("x")
            _ = try await ui.wait(for: "Delete which file?")
            try await ui.type(files[0].filename)
            try await ui.keys("Enter")
            screen = try await ui.wait(for: "Delete it? y / N")
            #expect(screen.contains(files[0].filename))
            try await ui.keys("y")
            _ = try await ui.wait(for: "Files (1")
            #expect(try await client.deposition(sediment).files.map(\.filename) == [files[1].filename])

            // Delete a never-published draft: it says what goes with it.
            try await ui.keys("q", "Escape")
            screen = try await Self.open(ui, "plankton")
            let plankton = try Self.id(screen)
            try await ui.keys("D")
            screen = try await ui.wait(for: "Delete it? y / N")
            #expect(screen.contains("Draft \(plankton) is deleted with its metadata and 0 file(s)"))
            #expect(screen.contains("The reserved DOI 10.5281/zenodo.\(plankton) is released."))
            try await ui.keys("n")
            _ = try await ui.wait(for: "Delete the draft: cancelled.")
            #expect(try await client.deposition(plankton).id == plankton, "n keeps it")
            try await ui.keys("D")
            _ = try await ui.wait(for: "Delete it? y / N")
            try await ui.keys("y")
            _ = try await ui.wait(for: "Draft \(plankton) deleted.")
            await #expect(throws: ZenodoError.self) { try await client.deposition(plankton) }
        }
    }

    @Test func savingKeepsChangesMadeElsewhereMeanwhileAndAsksOnTheSameField() async throws {
        try await Self.run { _, ui, client in
            let screen = try await Self.open(ui, "deep-sea")
            let id = try Self.id(screen)
            try await ui.keys("e")
            _ = try await ui.wait(for: "Metadata of")
            try await ui.keys("Enter", "C-u")
            try await ui.type("Title from the form")
            try await ui.keys("Enter")
            // Meanwhile, another tool changes the keywords.
            var elsewhere = try await client.deposition(id).metadata
            elsewhere.keywords = ["set elsewhere"]
            _ = try await client.updateMetadata(id, elsewhere)
            try await ui.keys("s")
            _ = try await ui.wait(for: "Save? y / N")
            try await ui.keys("y")
            _ = try await ui.wait(for: "kept changes made there meanwhile: keywords")
            var now = try await client.deposition(id).metadata
            #expect(now.title == "Title from the form")
            #expect(now.keywords == ["set elsewhere"], "their change survives")

            // Both change the title: it asks, and n saves nothing.
            try await ui.keys("Enter", "C-u")
            try await ui.type("Second title from the form")
            try await ui.keys("Enter")
            now.title = "Title set elsewhere"
            _ = try await client.updateMetadata(id, now)
            try await ui.keys("s")
            _ = try await ui.wait(for: "Save? y / N")
            try await ui.keys("y")
            let conflict = try await ui.wait(for: "Save yours anyway? y / N")
            #expect(Self.flat(conflict).contains("title, there: Title set elsewhere"))
            try await ui.keys("n")
            #expect(try await client.deposition(id).metadata.title == "Title set elsewhere")
            try await ui.keys("s")
            _ = try await ui.wait(for: "Save? y / N")
            try await ui.keys("y")
            _ = try await ui.wait(for: "Save yours anyway? y / N")
            try await ui.keys("y")
            _ = try await ui.wait(for: "Saved and read back")
            #expect(try await client.deposition(id).metadata.title == "Second title from the form")
            try await ui.keys("q")
        }
    }

    @Test func zenodosOwnFieldErrorsAreShownNextToTheirFields() async throws {
        try await Self.run { _, ui, client in
            // At save: an unknown language code, refused before sending, under its field.
            var screen = try await Self.open(ui, "untitled")
            try await ui.keys("e")
            _ = try await ui.wait(for: "Metadata of")
            try await ui.keys("G", "Up", "Up", "Up", "Up", "Up", "Enter")
            try await ui.type("xx")
            try await ui.keys("Enter", "s")
            _ = try await ui.wait(for: "+ language: xx")
            try await ui.keys("y")
            screen = try await ui.wait {
                $0.contains("is not an ISO 639 language code") && $0.contains("Save failed: Not sent")
            }
            let lines = screen.split(separator: "\n")
            let row = try #require(lines.firstIndex { $0.contains("Language") && $0.contains("xx") })
            #expect(
                lines[row + 1].contains("✗ \"xx\" is not an ISO 639 language code"),
                "right under the Language field, while typing")
            #expect(
                lines[row + 2].contains("✗ Not sent: \"xx\" is not an ISO 639 language code"),
                "and the refused save, not labelled Zenodo's")
            #expect(screen.contains("Save failed"))
            try await ui.keys("q", "y")

            // At publish: a description another tool set, shorter than Zenodo allows.
            try await ui.keys("q", "Escape")
            screen = try await Self.open(ui, "deep-sea")
            let id = try Self.id(screen)
            var metadata = try await client.deposition(id).metadata
            metadata.description = "ab"
            _ = try await client.updateMetadata(id, metadata)
            try await ui.keys("P")
            _ = try await ui.wait(for: "Publish now? y / N")
            try await ui.keys("y")
            screen = try await ui.wait {
                $0.contains("✗ Zenodo: Shorter than minimum length 3.") && $0.contains("Publish failed")
            }
            let formLines = screen.split(separator: "\n")
            let description = try #require(formLines.firstIndex { $0.contains("Description") })
            #expect(formLines[description + 1].contains("✗ Zenodo: Shorter than minimum length 3."))
            #expect(screen.contains("Publish failed"))
            #expect(try await client.deposition(id).state == .unsubmitted)
            try await ui.keys("q")
        }
    }

    @Test func theFormImportsZenodoJSONAndCitationCFFThroughTheDiff() async throws {
        let directory = try FlowTests.temporaryDirectory()
        let zenodoJSON = directory.appendingPathComponent(".zenodo.json")
        try
            #"{"title": "Imported title", "upload_type": "software", "keywords": ["a", "b"], "creators": [{"name": "Roe, Rick"}]}"#
            .write(to: zenodoJSON, atomically: false, encoding: .utf8)
        let cff = directory.appendingPathComponent("CITATION.cff")
        try
            "cff-version: 1.2.0\ntitle: From CFF\nauthors:\n  - family-names: Smith\n    given-names: Ann\nversion: 3.1\n"
            .write(to: cff, atomically: false, encoding: .utf8)
        let broken = directory.appendingPathComponent("broken.json")
        try #"{"title": "#.write(to: broken, atomically: false, encoding: .utf8)
        try await Self.run { _, ui, client in
            let screen = try await Self.open(ui, "plankton")
            let id = try Self.id(screen)
            try await ui.keys("e")
            _ = try await ui.wait(for: "Metadata of")

            // A malformed file: a clear error, the form unchanged.
            try await ui.keys("i", "C-u")
            try await ui.type(broken.path)
            try await ui.keys("Enter")
            var text = try await ui.wait { $0.contains("Import failed") && $0.contains("Any key closes.") }
            #expect(text.contains("broken.json"))
            #expect(!text.contains("unsaved"))
            try await ui.keys("q")
            _ = try await ui.wait("the failure closed") { !$0.contains("Any key closes") }

            try await ui.keys("i", "C-u")
            try await ui.type(zenodoJSON.path)
            try await ui.keys("Enter")
            text = try await ui.wait(for: "Imported .zenodo.json")
            #expect(text.contains("Imported title"))
            try await ui.keys("i", "C-u")
            try await ui.type(cff.path)
            try await ui.keys("Enter")
            text = try await ui.wait(for: "Imported CITATION.cff")
            try await ui.keys("s")
            text = try await ui.wait(for: "Save? y / N")
            #expect(text.contains("+ title: From CFF"))
            #expect(text.contains("+ version: 3.1"))
            #expect(text.contains("+ keywords: a, b"), "fields of the first import the second does not set stay")
            try await ui.keys("y")
            _ = try await ui.wait(for: "Saved and read back")
            let saved = try await client.deposition(id).metadata
            #expect(saved.title == "From CFF")
            #expect(saved.keywords == ["a", "b"])
            #expect(saved.creators.map(\.name) == ["Smith, Ann"])
            try await ui.keys("q")
        }
    }
}
