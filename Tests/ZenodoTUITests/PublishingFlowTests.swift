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
    static func upload(_ tmux: Tmux, directory: URL, expect names: [String]) async throws {
        try await tmux.keys("u")
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
        let server = try await FlowTests.server()
        let tmux = Tmux()
        defer { tmux.stop() }
        let state = try FlowTests.temporaryDirectory()
        let first = try FlowTests.temporaryDirectory()
        let second = try FlowTests.temporaryDirectory()
        try Self.write(3_000, seed: 1, to: first.appendingPathComponent("keep.csv"))
        try Self.write(40_000, seed: 2, to: first.appendingPathComponent("data.bin"))
        try Self.write(50_000, seed: 3, to: second.appendingPathComponent("data.bin"))
        let (client, transport) = try Self.client(server)
        do {
            try await tmux.start("\(Tmux.binary) browse", environment: FlowTests.environment(server, state: state))
            _ = try await tmux.wait(for: "Alpine glacier")

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
            try await tmux.keys("Escape", "Down", "Down", "Enter")
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
            #expect(draft.metadata.license == "mit")
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

            // New version: keep keep.csv, drop data.bin, version 2.0, upload a new data.bin.
            try await tmux.keys("N")
            screen = try await tmux.wait(for: "Files from the previous version")
            let newID = try #require(screen.firstMatch(of: /Draft (\d+);/).flatMap { Int($0.1) })
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
            screen = try await tmux.wait("the new-version draft") { $0.contains("Files (1") && $0.contains("new version · id \(newID)") }
            try await Self.upload(tmux, directory: second, expect: ["data.bin"])
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
            screen = try await tmux.wait(for: "Publish the edit?")
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
}
