import Foundation
import LocalZenodo
import TerminalKit
import Testing
import ZenodoKit

/// The interface on a plain InvenioRDM repository (`--flavor inveniordm`, found by `auto`): the
/// same screens, the native API underneath, nothing of the record lost by a save (issue 12).
@Suite struct RDMFlowTests {
    @Test func browseEditSaveUploadAndPublishOverTheNativeAPI() async throws {
        let data = try FlowTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        try await Self.withNativeServer { _, ui, client in
            try PublishingFlowTests.write(500_000, seed: 5, to: data.appendingPathComponent("cores.csv"))
            let id = try #require(try await client.allDepositions().first { $0.title.hasPrefix("Deep-sea") }?.id)
            // An additional title set by the web form, which the user does not touch here.
            var record = try #require(try await client.deposition(id).rdmRecord)
            var metadata = record["metadata"]?.object ?? [:]
            metadata["additional_titles"] = [["title": "Carottes", "type": ["id": "translated-title"]]]
            record["metadata"] = .object(metadata)
            var parts: [String: JSONValue] = [:]
            for key in ["metadata", "access", "custom_fields"] { parts[key] = record[key] }
            _ = try await client.rdmPut(id, .object(parts))

            _ = try await PublishingFlowTests.open(ui, "deep-sea")
            try await ui.keys("e")
            _ = try await ui.wait(for: "Metadata of")
            try await ui.keys("Enter", "C-u")
            try await ui.type("Deep-sea cores, native")
            try await ui.keys("Enter", "s")
            let question = try await ui.wait(for: "Save? y / N")
            #expect(!question.contains("saving loses them"), "the native API loses nothing")
            try await ui.keys("y")
            _ = try await ui.wait(for: "Saved and read back")
            let saved = try #require(try await client.deposition(id).rdmRecord)
            #expect(saved["metadata"]?["title"] == "Deep-sea cores, native")
            #expect(saved["metadata"]?["additional_titles"]?.array?.count == 1, "kept: the form does not show it")

            try await ui.keys("q")
            _ = try await ui.wait(for: "Files (")
            try await ui.keys("u")
            _ = try await ui.wait(for: "Upload into \(id)")
            try await ui.keys("p", "C-u")
            try await ui.type(data.path + "/")
            try await ui.keys("Enter")
            _ = try await ui.wait(for: "cores.csv")
            try await ui.keys("a", "u")
            _ = try await ui.wait("the upload to finish", timeout: 60) { $0.contains("FINISHED") }
            let files = try await client.files(of: id)
            let local = try LocalDigest.md5(of: data.appendingPathComponent("cores.csv"))
            #expect(files.contains { $0.filename == "cores.csv" && $0.md5 == local })
            try await ui.keys("q")
            _ = try await ui.wait(for: "Files (")
            try await ui.keys("P")
            _ = try await ui.wait(for: "Publish now? y / N")
            try await ui.keys("y")
            // The answer's overlay (not the word in a label shown before it: that raced under load).
            _ = try await ui.wait("the published overlay") {
                $0.contains("Any key closes.") && $0.contains("Published")
            }
            #expect(try await client.deposition(id).state == .done)
        }
    }

    /// A plain InvenioRDM LocalZenodo with the demo records, the interface in-process against it
    /// (speaking the native API, as `auto` settles it there), and a client that speaks it too.
    static func withNativeServer(_ body: (LocalZenodoServer, any FlowDriver, ZenodoClient) async throws -> Void)
        async throws
    {
        let server = try await FlowTests.server(flavor: .inveniordm)
        var rdm = try ServerProfile(parsing: server.apiURL)
        rdm.api = .rdm
        let transport = HTTPTransport(environment: [:], forHost: "127.0.0.1")
        let client = ZenodoClient(
            profile: rdm, credentials: Credentials(token: FlowTests.token, source: .explicit), transport: transport)
        var failure: (any Error)?
        do {
            let app = try InProcessApp(
                server: server, token: FlowTests.token, size: Size(width: 100, height: 30), api: .rdm)
            defer { app.abandon() }
            _ = try await app.wait(for: "Alpine glacier")
            try await body(server, app, client)
        } catch {
            failure = error
        }
        await transport.shutdown()
        await server.stop()
        if let failure { throw failure }
    }

    @Test func discardEditPublishAndNewVersionOverTheNativeAPI() async throws {
        try await Self.withNativeServer { server, ui, client in
            // Discard the open edit of a published record.
            var screen = try await PublishingFlowTests.open(ui, "urban heat")
            let heat = try PublishingFlowTests.id(screen)
            #expect(try await client.deposition(heat).state == .inprogress)
            try await ui.keys("D")
            screen = try await ui.wait(for: "Discard? y / N")
            try await ui.keys("y")
            _ = try await ui.wait(for: "State        published · id \(heat)")
            #expect(try await client.deposition(heat).state == .done)

            // Edit the published record and publish the edit: same record, same DOI.
            let doi = try await client.deposition(heat).doi
            try await ui.keys("e")
            _ = try await ui.wait(for: "metadata only; files stay locked")
            try await ui.keys("Enter", "End")
            try await ui.type(" (revised)")
            try await ui.keys("Enter", "s")
            _ = try await ui.wait(for: "(revised)")
            _ = try await ui.wait(for: "Save? y / N")
            try await ui.keys("y")
            _ = try await ui.wait(for: "Saved and read back")
            try await ui.keys("q", "P")
            _ = try await ui.wait(for: "Publish the edit?")
            try await ui.keys("y")
            _ = try await ui.wait(for: "Published \(heat)")
            let edited = try await client.deposition(heat)
            #expect(edited.state == .done && edited.title.hasSuffix("(revised)") && edited.doi == doi)
            try await ui.keys("Escape")

            // A new version keeping the files (imported on the server, nothing sent again).
            let files = try await client.deposition(heat).files
            let putsBefore = server.accessLog.all().filter { $0.method == "PUT" && $0.target.contains("/content") }
                .count
            try await ui.keys("N")
            screen = try await ui.wait(for: "c continues, then choose new files")
            let newID = try #require(screen.firstMatch(of: /Draft (\d+);/).flatMap { Int($0.1) })
            try await ui.keys("Enter", "C-u")
            try await ui.type("2.0")
            try await ui.keys("Enter", "c")
            _ = try await ui.wait(for: "Continue? y / N")
            try await ui.keys("y")
            _ = try await ui.wait(for: "Choose new files, or q")
            try await ui.keys("q")
            _ = try await ui.wait("the new version's files") {
                $0.contains("Files (\(files.count)") && $0.contains("draft (\(newID), this)")
            }
            let draft = try await client.deposition(newID)
            #expect(draft.metadata.version == "2.0")
            #expect(Set(draft.files.map(\.md5)) == Set(files.map(\.md5)))
            #expect(
                server.accessLog.all().filter { $0.method == "PUT" && $0.target.contains("/content") }.count
                    == putsBefore)

            // Delete the new-version draft: the published versions stay.
            try await ui.keys("D")
            _ = try await ui.wait(for: "Delete it? y / N")
            try await ui.keys("y")
            _ = try await ui.wait(for: "Draft \(newID) deleted.")
            await #expect(throws: ZenodoError.self) { try await client.deposition(newID) }
            #expect(try await client.deposition(heat).state == .done)
            try await ui.keys("q")
        }
    }
}
