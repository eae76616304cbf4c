import Foundation
import LocalZenodo
import Testing
import ZenodoKit

/// The publishing workflow through the real binary in tmux against LocalZenodo: create, the form,
/// upload, publish, new version, edit a published record; refusals and Zenodo's own errors.
@Suite(.serialized) struct PublishingFlowTests {
    static func client(_ server: LocalZenodoServer) throws -> (ZenodoClient, HTTPTransport) {
        let transport = HTTPTransport(environment: [:], forHost: "127.0.0.1")
        let client = ZenodoClient(
            profile: try ServerProfile(parsing: server.apiURL), credentials: Credentials(token: FlowTests.token, source: .explicit),
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
    static func upload(_ tmux: Tmux, directory: URL, expect names: [String], pickerOpen: Bool = false) async throws {
        if !pickerOpen { try await tmux.keys("u") }
        _ = try await tmux.wait(for: "Upload into")
        try await tmux.keys("p", "C-u")
        try await tmux.type(directory.path + "/")
        try await tmux.keys("Enter")
        _ = try await tmux.wait("the directory listing") { screen in names.allSatisfy { screen.contains($0) } }
        try await tmux.keys("a")
        _ = try await tmux.wait(for: "\(names.count) file")
        try await tmux.keys("u")
        _ = try await tmux.wait("the upload to finish", timeout: 60) { screen in
            screen.contains("FINISHED") && names.allSatisfy { screen.contains("verified \($0)") }
        }
        try await tmux.keys("q")
    }

    @Test func createFillUploadPublishNewVersionEditPublish() async throws {
        let first = try FlowTests.temporaryDirectory()
        let second = try FlowTests.temporaryDirectory()
        try Self.write(3_000, seed: 1, to: first.appendingPathComponent("keep.csv"))
        try Self.write(40_000, seed: 2, to: first.appendingPathComponent("data.bin"))
        try Self.write(50_000, seed: 3, to: second.appendingPathComponent("data.bin"))
        try await Self.run { server, tmux, client in
            // Create: the form opens with the reserved DOI.
            try await tmux.keys("n")
            var screen = try await tmux.wait("the new draft's form") { $0.contains("Metadata of") && $0.contains("(reserved)") }
            let id = try #require(screen.firstMatch(of: /Metadata of (\d+)/).flatMap { Int($0.1) })
            #expect(screen.contains("DOI 10.5281/zenodo.\(id)"))
            #expect(screen.contains("✗ title must have at least 3 characters"), "what is missing is said next to the field")

            // The form: text, a choice, a person with affiliation and ORCID, a description, a license.
            try await tmux.keys("Enter")
            try await tmux.type("Lifecycle test dataset")
            try await tmux.keys("Tab", "Enter")
            _ = try await tmux.wait(for: "Search:")
            try await tmux.type("datas")
            try await tmux.keys("Enter", "Down", "Down", "Enter")
            try await tmux.type("Doe, Jane")
            try await tmux.keys("Tab")
            try await tmux.type("Example University")
            try await tmux.keys("Tab")
            try await tmux.type("0000-0002-1825-0098")
            try await tmux.keys("Enter")
            _ = try await tmux.wait(for: "is not valid (wrong form or checksum)")
            try await tmux.keys("Enter", "BSpace")
            try await tmux.type("7")
            try await tmux.keys("Enter")
            _ = try await tmux.wait("the ORCID accepted") { !$0.contains("is not valid") && $0.contains("0000-0002-1825-0097") }
            try await tmux.keys("Down", "Down", "Enter")
            _ = try await tmux.wait(for: "Esc or Ctrl-D done")
            try await tmux.type("Monthly values.")
            try await tmux.keys("Enter", "Enter")
            try await tmux.type("Second paragraph.")
            try await tmux.keys("C-d", "Down", "Down", "Enter")
            _ = try await tmux.wait(for: "Search:")
            try await tmux.type("mit")
            _ = try await tmux.wait(for: "MIT License")
            try await tmux.keys("Enter")

            // Save: the diff first, then the server's view.
            try await tmux.keys("s")
            screen = try await tmux.wait(for: "Save? y / N")
            #expect(screen.contains("+ title: Lifecycle test dataset"))
            #expect(screen.contains("+ creators: Doe, Jane (Example University, ORCID 0000-0002-1825-0097)"))
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "Saved and read back from Zenodo")
            let draft = try await client.deposition(id)
            #expect(draft.metadata.title == "Lifecycle test dataset")
            #expect(draft.metadata.uploadType == "dataset")
            #expect(draft.metadata.license == "mit-license", "Zenodo reads mit back through its inverted map")
            #expect(draft.metadata.creators.first?.orcid == "0000-0002-1825-0097")
            #expect(draft.metadata.description == "<p>Monthly values.</p><p>Second paragraph.</p>")

            // Upload, then publish after the checklist and the DOI.
            try await tmux.keys("q")
            _ = try await tmux.wait(for: "No files yet")
            try await Self.upload(tmux, directory: first, expect: ["keep.csv", "data.bin"])
            _ = try await tmux.wait(for: "Files (2")
            try await tmux.keys("P")
            screen = try await tmux.wait(for: "Publish now? y / N")
            #expect(screen.contains("This cannot be undone"))
            #expect(screen.contains("DOI 10.5281/zenodo.\(id) will be registered."))
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "is registered")
            try await tmux.keys("Escape")

            // New version: asking twice reuses the draft; keep keep.csv, drop data.bin, version
            // 2.0, upload a new data.bin.
            try await tmux.keys("N")
            screen = try await tmux.wait(for: "c continues, then choose new files")
            let newID = try #require(screen.firstMatch(of: /Draft (\d+);/).flatMap { Int($0.1) })
            try await tmux.keys("q")
            _ = try await tmux.wait(for: "State        published · id \(id)")
            try await tmux.keys("N")
            screen = try await tmux.wait(for: "c continues, then choose new files")
            #expect(screen.contains("Draft \(newID);"), "the pending new-version draft is reused")
            #expect(screen.contains("[keep] keep.csv") && screen.contains("[keep] data.bin"), "with its inherited files")
            try await tmux.keys("Enter", "C-u")
            try await tmux.type("2.0")
            try await tmux.keys("Enter")
            let fileRows = screen.split(separator: "\n").filter { $0.contains("[keep]") }
            let dataRow = try #require(fileRows.firstIndex { $0.contains("data.bin") })
            for _ in 0...dataRow { try await tmux.keys("Down") }
            try await tmux.keys("Space")
            _ = try await tmux.wait(for: "[drop] data.bin")
            try await tmux.keys("c")
            screen = try await tmux.wait(for: "Continue? y / N")
            #expect(screen.contains("Version: 2.0"))
            #expect(screen.contains("− data.bin"))
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "Choose new files, or q")
            try await Self.upload(tmux, directory: second, expect: ["data.bin"], pickerOpen: true)
            screen = try await tmux.wait("the version chain") { $0.contains("Files (2") && $0.contains("Versions") && $0.contains("draft (\(newID), this)") }
            try await tmux.keys("P")
            _ = try await tmux.wait(for: "Publish now? y / N")
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "DOI 10.5281/zenodo.\(newID) is registered.")
            try await tmux.keys("Escape")

            // Edit the published record's metadata, then publish the edit.
            try await tmux.keys("e")
            _ = try await tmux.wait(for: "metadata only, files stay locked")
            try await tmux.keys("Enter", "End")
            try await tmux.type(" (revised)")
            try await tmux.keys("Enter", "s")
            _ = try await tmux.wait(for: "+ title: Lifecycle test dataset (revised)")
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "Saved and read back")
            try await tmux.keys("q", "P")
            // The finished overlay, not its first rows: tmux shows a frame as it arrives, and a
            // fresh-clone CI run once caught the box before its text.
            screen = try await tmux.wait("the publish question") { $0.contains("Publish the edit?") && $0.contains("stays the same") }
            #expect(screen.contains("stays the same"))
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "Published \(newID)")

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
            try await tmux.keys("q")
        }
    }

    /// Opens the first deposition whose title matches `filter`.
    static func open(_ tmux: Tmux, _ filter: String) async throws -> String {
        try await tmux.keys("/")
        try await tmux.type(filter)
        try await tmux.keys("Enter", "Enter")
        // Its own title on screen (not the deposition open before), read in full. Twice in a row:
        // a capture can fall between two writes of one frame, before its "Loading…" line.
        var seen = 0
        return try await tmux.wait("\(filter) read in full") { screen in
            let title = screen.split(separator: "\n").dropFirst().first.map { $0.lowercased() } ?? ""
            let full = title.contains(filter) && screen.contains("Files (") && !screen.contains("Loading the full deposition")
            seen = full ? seen + 1 : 0
            return seen >= 2
        }
    }

    static func run(
        readOnly: Bool = false, _ body: (LocalZenodoServer, Tmux, ZenodoClient) async throws -> Void
    ) async throws {
        let server = try await FlowTests.server()
        let tmux = Tmux()
        defer { tmux.stop() }
        let (client, transport) = try Self.client(server)
        do {
            try await tmux.start(
                "\(Tmux.binary) browse" + (readOnly ? " --read-only" : ""),
                environment: FlowTests.environment(server, state: try FlowTests.temporaryDirectory()))
            _ = try await tmux.wait(for: "Alpine glacier")
            try await body(server, tmux, client)
            try await tmux.keys("q", "q", "q", "q")
            _ = try await FlowTests.waitForExit(tmux, code: 0)
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
        try await Self.run { server, tmux, client in
            let screen = try await Self.open(tmux, "deep-sea")
            let id = try Self.id(screen)
            // First a 503 that did not publish: the user is told so, and may try again.
            server.faults.add(FaultRule(method: "POST", path: "/api/deposit/depositions/*/actions/publish", action: .status, status: 503))
            try await tmux.keys("P")
            _ = try await tmux.wait(for: "Publish now? y / N")
            try await tmux.keys("y")
            _ = try await tmux.wait("the failure explained") { Self.flat($0).contains("the publish did not happen, so trying again is safe") }
            #expect(try await client.deposition(id).state == .unsubmitted)
            try await tmux.keys("q")
            server.faults.add(FaultRule(method: "POST", path: "/api/deposit/depositions/*/actions/publish", action: .commitThenStatus, status: 504))
            try await tmux.keys("P")
            _ = try await tmux.wait(for: "Publish now? y / N")
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "DOI 10.5281/zenodo.\(id) is registered.")
            #expect(Self.publishPOSTs(server).count == 2, "the refused one and the committed one; read again after the 504, never sent twice")
            #expect(try await client.deposition(id).state == .done)
            try await tmux.keys("q")
        }
    }

    @Test func readOnlyRefusesEveryChangeAndSendsOnlyReads() async throws {
        try await Self.run(readOnly: true) { server, tmux, _ in
            try await tmux.keys("n")
            _ = try await tmux.wait(for: "New: not here, read-only mode")
            _ = try await Self.open(tmux, "deep-sea")
            for (key, label) in [("e", "Edit"), ("P", "Publish"), ("x", "Delete file"), ("D", "Discard/delete"), ("u", "Upload")] {
                try await tmux.keys(key)
                _ = try await tmux.wait(for: "\(label): not here, read-only mode")
            }
            try await tmux.keys(":")
            let menu = try await tmux.wait(for: "Enter runs, Esc closes")
            #expect(menu.contains("(not now: read-only mode"))
            try await tmux.keys("Escape")
            let writes = server.accessLog.all().filter { $0.method != "GET" }
            #expect(writes.isEmpty, "only reads were sent: \(writes.map(\.line))")
        }
    }

    @Test func discardDeleteDraftAndDeleteFileAskFirstAndNameWhatIsLost() async throws {
        try await Self.run { _, tmux, client in
            // Discard the edits of a published record.
            var screen = try await Self.open(tmux, "urban heat")
            let heat = try Self.id(screen)
            try await tmux.keys("D")
            screen = try await tmux.wait(for: "Discard? y / N")
            #expect(screen.contains("the published record stays exactly as it was"))
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "State        published · id \(heat)")
            #expect(try await client.deposition(heat).state == .done)
            #expect(!(try await client.deposition(heat).metadata.description ?? "").contains("Correction pending"))

            // Delete one file of a draft.
            try await tmux.keys("q", "Escape")
            screen = try await Self.open(tmux, "deep-sea")
            let sediment = try Self.id(screen)
            let files = try await client.deposition(sediment).files
            try await tmux.keys("x")
            _ = try await tmux.wait(for: "Delete which file?")
            try await tmux.type(files[0].filename)
            try await tmux.keys("Enter")
            screen = try await tmux.wait(for: "Delete it? y / N")
            #expect(screen.contains(files[0].filename))
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "Files (1")
            #expect(try await client.deposition(sediment).files.map(\.filename) == [files[1].filename])

            // Delete a never-published draft: it says what goes with it.
            try await tmux.keys("q", "Escape")
            screen = try await Self.open(tmux, "plankton")
            let plankton = try Self.id(screen)
            try await tmux.keys("D")
            screen = try await tmux.wait(for: "Delete it? y / N")
            #expect(screen.contains("Draft \(plankton) is deleted with its metadata and 0 file(s)"))
            #expect(screen.contains("The reserved DOI 10.5281/zenodo.\(plankton) is released."))
            try await tmux.keys("n")
            _ = try await tmux.wait(for: "Delete the draft: cancelled.")
            #expect(try await client.deposition(plankton).id == plankton, "n keeps it")
            try await tmux.keys("D")
            _ = try await tmux.wait(for: "Delete it? y / N")
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "Draft \(plankton) deleted.")
            await #expect(throws: ZenodoError.self) { try await client.deposition(plankton) }
        }
    }

    @Test func savingKeepsChangesMadeElsewhereMeanwhileAndAsksOnTheSameField() async throws {
        try await Self.run { _, tmux, client in
            let screen = try await Self.open(tmux, "deep-sea")
            let id = try Self.id(screen)
            try await tmux.keys("e")
            _ = try await tmux.wait(for: "Metadata of")
            try await tmux.keys("Enter", "C-u")
            try await tmux.type("Title from the form")
            try await tmux.keys("Enter")
            // Meanwhile, another tool changes the keywords.
            var elsewhere = try await client.deposition(id).metadata
            elsewhere.keywords = ["set elsewhere"]
            _ = try await client.updateMetadata(id, elsewhere)
            try await tmux.keys("s")
            _ = try await tmux.wait(for: "Save? y / N")
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "kept changes made there meanwhile: keywords")
            var now = try await client.deposition(id).metadata
            #expect(now.title == "Title from the form")
            #expect(now.keywords == ["set elsewhere"], "their change survives")

            // Both change the title: it asks, and n saves nothing.
            try await tmux.keys("Enter", "C-u")
            try await tmux.type("Second title from the form")
            try await tmux.keys("Enter")
            now.title = "Title set elsewhere"
            _ = try await client.updateMetadata(id, now)
            try await tmux.keys("s")
            _ = try await tmux.wait(for: "Save? y / N")
            try await tmux.keys("y")
            let conflict = try await tmux.wait(for: "Save yours anyway? y / N")
            #expect(Self.flat(conflict).contains("title, there: Title set elsewhere"))
            try await tmux.keys("n")
            #expect(try await client.deposition(id).metadata.title == "Title set elsewhere")
            try await tmux.keys("s")
            _ = try await tmux.wait(for: "Save? y / N")
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "Save yours anyway? y / N")
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "Saved and read back")
            #expect(try await client.deposition(id).metadata.title == "Second title from the form")
            try await tmux.keys("q")
        }
    }

    @Test func zenodosOwnFieldErrorsAreShownNextToTheirFields() async throws {
        try await Self.run { _, tmux, client in
            // At save: an unknown language code, refused before sending, under its field.
            var screen = try await Self.open(tmux, "untitled")
            try await tmux.keys("e")
            _ = try await tmux.wait(for: "Metadata of")
            try await tmux.keys("G", "Up", "Up", "Up", "Up", "Up", "Enter")
            try await tmux.type("xx")
            try await tmux.keys("Enter", "s")
            _ = try await tmux.wait(for: "+ language: xx")
            try await tmux.keys("y")
            screen = try await tmux.wait { $0.contains("is not an ISO 639 language code") && $0.contains("Save failed: Not sent") }
            let lines = screen.split(separator: "\n")
            let row = try #require(lines.firstIndex { $0.contains("Language") && $0.contains("xx") })
            #expect(lines[row + 1].contains("✗ \"xx\" is not an ISO 639 language code"), "right under the Language field, while typing")
            #expect(lines[row + 2].contains("✗ Not sent: \"xx\" is not an ISO 639 language code"), "and the refused save, not labelled Zenodo's")
            #expect(screen.contains("Save failed"))
            try await tmux.keys("q", "y")

            // At publish: a description another tool set, shorter than Zenodo allows.
            try await tmux.keys("q", "Escape")
            screen = try await Self.open(tmux, "deep-sea")
            let id = try Self.id(screen)
            var metadata = try await client.deposition(id).metadata
            metadata.description = "ab"
            _ = try await client.updateMetadata(id, metadata)
            try await tmux.keys("P")
            _ = try await tmux.wait(for: "Publish now? y / N")
            try await tmux.keys("y")
            screen = try await tmux.wait { $0.contains("✗ Zenodo: Shorter than minimum length 3.") && $0.contains("Publish failed") }
            let formLines = screen.split(separator: "\n")
            let description = try #require(formLines.firstIndex { $0.contains("Description") })
            #expect(formLines[description + 1].contains("✗ Zenodo: Shorter than minimum length 3."))
            #expect(screen.contains("Publish failed"))
            #expect(try await client.deposition(id).state == .unsubmitted)
            try await tmux.keys("q")
        }
    }

    @Test func theFormImportsZenodoJSONAndCitationCFFThroughTheDiff() async throws {
        let directory = try FlowTests.temporaryDirectory()
        let zenodoJSON = directory.appendingPathComponent(".zenodo.json")
        try #"{"title": "Imported title", "upload_type": "software", "keywords": ["a", "b"], "creators": [{"name": "Roe, Rick"}]}"#
            .write(to: zenodoJSON, atomically: false, encoding: .utf8)
        let cff = directory.appendingPathComponent("CITATION.cff")
        try "cff-version: 1.2.0\ntitle: From CFF\nauthors:\n  - family-names: Smith\n    given-names: Ann\nversion: 3.1\n"
            .write(to: cff, atomically: false, encoding: .utf8)
        let broken = directory.appendingPathComponent("broken.json")
        try #"{"title": "#.write(to: broken, atomically: false, encoding: .utf8)
        try await Self.run { _, tmux, client in
            let screen = try await Self.open(tmux, "plankton")
            let id = try Self.id(screen)
            try await tmux.keys("e")
            _ = try await tmux.wait(for: "Metadata of")

            // A malformed file: a clear error, the form unchanged.
            try await tmux.keys("i", "C-u")
            try await tmux.type(broken.path)
            try await tmux.keys("Enter")
            var text = try await tmux.wait { $0.contains("Import failed") && $0.contains("Any key closes.") }
            #expect(text.contains("broken.json"))
            #expect(!text.contains("unsaved"))
            try await tmux.keys("q")
            _ = try await tmux.wait("the failure closed") { !$0.contains("Any key closes") }

            try await tmux.keys("i", "C-u")
            try await tmux.type(zenodoJSON.path)
            try await tmux.keys("Enter")
            text = try await tmux.wait(for: "Imported .zenodo.json")
            #expect(text.contains("Imported title"))
            try await tmux.keys("i", "C-u")
            try await tmux.type(cff.path)
            try await tmux.keys("Enter")
            text = try await tmux.wait(for: "Imported CITATION.cff")
            try await tmux.keys("s")
            text = try await tmux.wait(for: "Save? y / N")
            #expect(text.contains("+ title: From CFF"))
            #expect(text.contains("+ version: 3.1"))
            #expect(text.contains("+ keywords: a, b"), "fields of the first import the second does not set stay")
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "Saved and read back")
            let saved = try await client.deposition(id).metadata
            #expect(saved.title == "From CFF")
            #expect(saved.keywords == ["a", "b"])
            #expect(saved.creators.map(\.name) == ["Smith, Ann"])
            try await tmux.keys("q")
        }
    }
}
