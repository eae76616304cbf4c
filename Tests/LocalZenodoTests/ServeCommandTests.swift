import Foundation
import LocalZenodo
import TestScratch
import Testing

/// The real `zenodo-tui serve` binary: ready line, signals, persistence, demo data, flags.
@Suite(.serialized) struct ServeCommandTests {
    @Test func printsOneReadyLineAndStopsCleanlyOnSIGTERMAndSIGINT() async throws {
        let server = try ServeProcess.start(["--token", "t1"])
        #expect(server.api.range(of: #"^http://127\.0\.0\.1:\d+/api$"#, options: .regularExpression) != nil)
        let reply = try await HTTP.get(server.api + "/deposit/depositions", token: "t1")
        #expect(reply.status == 200)
        #expect(server.stop() == 0, "SIGTERM stops cleanly")
        let rest = server.output?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        #expect(rest.isEmpty, "stdout holds exactly one line")
        #expect(!server.log.contains("t1"), "the token is never logged")

        let second = try ServeProcess.start([])
        kill(second.pid, SIGINT)
        second.running?.waitUntilExit()
        #expect(second.running?.terminationStatus == 0, "Ctrl-C stops cleanly")
    }

    @Test func dataDirectorySurvivesARestartAndTheTemporaryOneIsRemoved() async throws {
        let directory = TestScratch.file("lz-data")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try ServeProcess.start(["--data", directory.path, "--token", "keep"])
        let created = try await HTTP.send(
            .POST, first.api + "/deposit/depositions", token: "keep", json: Body(["metadata": ["title": "Survivor"]]))
        let bucket = created.json["links"]["bucket"].string!.replacingOccurrences(of: first.api, with: "")
        let put = try await HTTP.send(
            .PUT, first.api + bucket + "/f.txt", token: "keep", headers: [("Content-Type", "application/octet-stream")],
            body: Data("kept".utf8))
        #expect(put.status == 201)
        first.stop()

        let second = try ServeProcess.start(["--data", directory.path, "--token", "keep"])
        defer { second.stop() }
        let listed = try await HTTP.get(second.api + "/deposit/depositions", token: "keep")
        #expect(listed.json.array.map { $0["title"].string } == ["Survivor"])
        let file = try await HTTP.get(second.api + bucket + "/f.txt", token: "keep")
        #expect(file.text == "kept")
        let next = try await HTTP.send(.POST, second.api + "/deposit/depositions", token: "keep", json: Body([:]))
        #expect(next.json["id"].int! > created.json["id"].int!, "ids are never reused")
    }

    @Test func seedDemoHasEveryStateAndNonASCIINames() async throws {
        let server = try ServeProcess.start(["--seed-demo"])
        defer { server.stop() }
        let token = LocalZenodoConfiguration.defaultToken
        let all = try await HTTP.get(server.api + "/deposit/depositions?all_versions=1&size=100", token: token).json
            .array
        #expect(all.count >= 12)
        let states = Set(all.compactMap { $0["state"].string })
        #expect(states == ["unsubmitted", "inprogress", "done"])
        let names = all.flatMap { $0["metadata"]["creators"].array.compactMap { $0["name"].string } }
        #expect(names.contains("Müller, Anna") && names.contains("Ødegård, Sigrid") && names.contains("李, 娜"))
        let concepts = Dictionary(grouping: all, by: { $0["conceptrecid"].string ?? "" })
        #expect(concepts.values.contains { $0.count == 3 }, "a record with three versions")
        #expect(all.contains { $0["metadata"]["access_right"].string == "embargoed" })
        let sizes = all.flatMap { $0["files"].array.compactMap { $0["filesize"].int } }
        #expect(sizes.min()! < 100 && sizes.max()! > 2 * 1024 * 1024)
    }

    @Test func faultFlagAndLimitFlagsApply() async throws {
        let server = try ServeProcess.start([
            "--token", "t", "--max-files", "1", "--rate-limit", "50",
            "--fault", #"{"method":"GET","path":"/api/records","action":"status","status":500}"#,
        ])
        defer { server.stop() }
        #expect(try await HTTP.get(server.api + "/records", token: nil).status == 500)
        #expect(try await HTTP.get(server.api + "/records", token: nil).status == 200)
        #expect(
            try await HTTP.get(server.api + "/vocabularies/licenses", token: nil).header("X-RateLimit-Limit") == "50")
        #expect(
            try await HTTP.get(server.api + "/records", token: nil).header("X-RateLimit-Limit") == "30",
            "the search's own limit")
        let draft = try await HTTP.send(.POST, server.api + "/deposit/depositions", token: "t", json: Body([:])).json
        let bucket = draft["links"]["bucket"].string!
        let first = try await HTTP.send(.PUT, bucket + "/a", token: "t", body: Data("a".utf8))
        #expect(first.status == 201)
        let second = try await HTTP.send(.PUT, bucket + "/b", token: "t", body: Data("b".utf8))
        #expect(second.status == 400)
    }

    /// `--subjects FILE` loads an instance's subjects in InvenioRDM's fixture shape (YAML).
    @Test func subjectsComeFromTheInstancesFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("subjects-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(
            """
            - id: "https://id.loc.gov/authorities/subjects/sh85055101"
              scheme: LCSH
              subject: Glaciers
            - id: "310701"
              scheme: ANZSRC
              subject: Bacteriology
            """.utf8
        ).write(to: file)
        let server = try ServeProcess.start(["--token", "t", "--subjects", file.path])
        defer { server.stop() }
        let found = try await HTTP.get(server.api + "/subjects?q=glaciers", token: nil).json
        #expect(found["hits"]["total"].int == 1 && found["hits"]["hits"][0]["scheme"].string == "LCSH")
        let all = try await HTTP.get(server.api + "/subjects", token: nil).json
        #expect(all["hits"]["total"].int == 2)
    }

    @Test func badFlagsAreUsageErrors() throws {
        let twice = FileManager.default.temporaryDirectory.appendingPathComponent("twice-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: twice) }
        try Data("- {id: a, scheme: s, subject: A}\n- {id: a, scheme: s, subject: B}\n".utf8).write(to: twice)
        for arguments in [
            ["serve", "--port", "70000"], ["serve", "--fault", "{not json"], ["serve", "--quota", "0"],
            ["serve", "--subjects", "/nonexistent/subjects.yaml"], ["serve", "--subjects", twice.path],
        ] {
            let process = Process()
            process.executableURL = ServeProcess.binary
            process.arguments = arguments
            process.standardOutput = Pipe()
            process.standardError = Pipe()
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 2, "\(arguments) exits with the usage code")
        }
    }

    @Test func refusesANonLoopbackAddressUnlessNamedExplicitly() async throws {
        var configuration = LocalZenodoConfiguration()
        configuration.host = "0.0.0.0"
        configuration.port = 0
        await #expect(throws: LocalZenodoError.self) { _ = try await LocalZenodoServer.start(configuration) }
    }
}
