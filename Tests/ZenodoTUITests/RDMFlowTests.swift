import Foundation
import LocalZenodo
import Testing
import ZenodoKit

/// The interface on a plain InvenioRDM repository (`--flavor inveniordm`, found by `auto`): the
/// same screens, the native API underneath, nothing of the record lost by a save (issue 12).
@Suite(.serialized) struct RDMFlowTests {
    @Test func browseEditSaveUploadAndPublishOverTheNativeAPI() async throws {
        var configuration = LocalZenodoConfiguration()
        configuration.port = 0
        configuration.seedDemo = true
        configuration.tokens = [FlowTests.token]
        configuration.flavor = .inveniordm
        configuration.logger.logLevel = .critical
        let server = try await LocalZenodoServer.start(configuration)
        let tmux = Tmux()
        defer { tmux.stop() }
        let state = try FlowTests.temporaryDirectory()
        let data = try FlowTests.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: state)
            try? FileManager.default.removeItem(at: data)
        }
        var rdm = try ServerProfile(parsing: server.apiURL)
        rdm.api = .rdm
        let transport = HTTPTransport(environment: [:], forHost: "127.0.0.1")
        let client = ZenodoClient(profile: rdm, credentials: Credentials(token: FlowTests.token, source: .explicit), transport: transport)
        do {
            try PublishingFlowTests.write(500_000, seed: 5, to: data.appendingPathComponent("cores.csv"))
            let id = try #require(try await client.allDepositions().first { $0.title.hasPrefix("Deep-sea") }?.id)
            // Something the legacy form has no field for, set by the web form.
            var record = try #require(try await client.deposition(id).rdmRecord)
            var metadata = record["metadata"]?.object ?? [:]
            metadata["additional_titles"] = [["title": "Carottes", "type": ["id": "translated-title"]]]
            record["metadata"] = .object(metadata)
            var parts: [String: JSONValue] = [:]
            for key in ["metadata", "access", "custom_fields"] { parts[key] = record[key] }
            _ = try await client.rdmPut(id, .object(parts))

            try await tmux.start("\(Tmux.binary) browse", environment: FlowTests.environment(server, state: state))
            _ = try await tmux.wait(for: "Alpine glacier")
            _ = try await PublishingFlowTests.open(tmux, "deep-sea")
            try await tmux.keys("e")
            _ = try await tmux.wait(for: "Metadata of")
            try await tmux.keys("Enter", "C-u")
            try await tmux.type("Deep-sea cores, native")
            try await tmux.keys("Enter", "s")
            let question = try await tmux.wait(for: "Save? y / N")
            #expect(!question.contains("saving loses them"), "the native API loses nothing")
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "Saved and read back")
            let saved = try #require(try await client.deposition(id).rdmRecord)
            #expect(saved["metadata"]?["title"] == "Deep-sea cores, native")
            #expect(saved["metadata"]?["additional_titles"]?.array?.count == 1, "kept: the form does not show it")

            try await tmux.keys("q")
            _ = try await tmux.wait(for: "Files (")
            try await tmux.keys("u")
            _ = try await tmux.wait(for: "Upload into \(id)")
            try await tmux.keys("p", "C-u")
            try await tmux.type(data.path + "/")
            try await tmux.keys("Enter")
            _ = try await tmux.wait(for: "cores.csv")
            try await tmux.keys("a", "u")
            _ = try await tmux.wait("the upload to finish", timeout: 60) { $0.contains("FINISHED") }
            let files = try await client.files(of: id)
            let local = try LocalDigest.md5(of: data.appendingPathComponent("cores.csv"))
            #expect(files.contains { $0.filename == "cores.csv" && $0.md5 == local })
            try await tmux.keys("q")
            _ = try await tmux.wait(for: "Files (")
            try await tmux.keys("P")
            _ = try await tmux.wait(for: "Publish now? y / N")
            try await tmux.keys("y")
            _ = try await tmux.wait(for: "Published")
            #expect(try await client.deposition(id).state == .done)
        } catch {
            await transport.shutdown()
            await server.stop()
            throw error
        }
        await transport.shutdown()
        await server.stop()
    }
}
