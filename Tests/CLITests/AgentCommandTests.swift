import Foundation
import TestScratch
import TestSupport
import Testing
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// `upload --detach` and `uploads …` with the real binary and its real background agent, against
/// LocalZenodo (issue 11). Each test has its own state and socket directory; the agent exits a
/// second after its last batch.
@Suite struct AgentCommandTests {
    struct Setup {
        let state: URL
        let data: URL
        var environment: [String: String]
        var journals: JournalStore { JournalStore(directory: state.appendingPathComponent("zenodo-tui/uploads")) }
        var log: URL { state.appendingPathComponent("zenodo-tui/agent.log") }
        var socketDirectory: URL { state.appendingPathComponent("run/zenodo-tui") }

        init(_ h: Harness) throws {
            state = try TempFile.directory()
            data = try TempFile.directory()
            let runtime = state.appendingPathComponent("run")
            try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true)
            environment = h.commandEnvironment(state: state).merging(
                ["XDG_RUNTIME_DIR": runtime.path, "ZENODO_TUI_AGENT_IDLE": "1"], uniquingKeysWith: { _, new in new })
        }

        func run(_ arguments: [String]) async throws -> Binary.Result {
            try await Binary.run(arguments, environment: environment)
        }

        /// The agent's pid, from its answer to a ping (nil when none runs).
        func agentPID() -> Int32? {
            let socket = socketDirectory.appendingPathComponent("agent.sock").path
            guard let answer = try? Self.ping(socket) else { return nil }
            return answer["pid"]?.int.map(Int32.init)
        }

        static func ping(_ path: String) throws -> JSONValue? {
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            let connected = withUnixAddress(path) { connect(fd, $0, $1) }
            guard connected == 0 else { return nil }
            let request = Array(#"{"v":1,"op":"ping"}"#.utf8) + [10]
            _ = send(fd, request, request.count, Int32(MSG_NOSIGNAL))
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { return nil }
            return try JSONValue.decode(Data(buffer[0..<n]).split(separator: 10).first ?? Data())
        }

        /// The pids of every agent this test started, from their log lines.
        func loggedAgentPIDs() -> [Int32] {
            let log = (try? String(contentsOf: self.log, encoding: .utf8)) ?? ""
            return log.split(separator: "\n").compactMap { line in
                guard let range = line.range(of: "(pid ") else { return nil }
                return Int32(line[range.upperBound...].prefix { $0.isNumber })
            }
        }

        /// Waits (up to `seconds`) until every agent has gone, without talking to them (a request
        /// is activity, and would keep an agent alive).
        func waitForAgentToExit(seconds: Double = 15) async throws -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                let alive = loggedAgentPIDs().contains { kill($0, 0) == 0 && !Self.isZombie($0) }
                if !alive,
                    !FileManager.default.fileExists(atPath: socketDirectory.appendingPathComponent("agent.sock").path)
                {
                    return true
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            return false
        }

        static func isZombie(_ pid: Int32) -> Bool {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            return status.split(separator: ")").last?.split(separator: " ").first == "Z"
        }

        /// Waits until `condition` holds for the batch's journal.
        func waitForJournal(_ id: String, seconds: Double = 20, _ condition: (UploadJournal) -> Bool) async throws
            -> Bool
        {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let journal = try? journals.load(id), condition(journal) { return true }
                try await Task.sleep(for: .milliseconds(20))
            }
            return false
        }

        func cleanUp() {
            try? FileManager.default.removeItem(at: state)
            try? FileManager.default.removeItem(at: data)
        }
    }

    /// A runtime directory anyone can write (and swap ours in): `upload --detach` refuses, in
    /// words, before anything is sent to an agent; the same upload in the foreground goes ahead
    /// (issue 26).
    @Test func detachRefusesARuntimeDirectoryOthersCanWriteAndTheForegroundStillWorks() async throws {
        try await Harness.with { h in
            let setup = try Setup(h)
            defer { setup.cleanUp() }
            chmod(setup.socketDirectory.deletingLastPathComponent().path, 0o777)
            try TempFile.makeFiles(["a.bin"], size: 1000, in: setup.data)
            let draft = try await h.client.createDeposition()
            let detached = try await setup.run(["upload", "--detach", String(draft.id), setup.data.path])
            #expect(detached.status != 0)
            #expect(detached.stderr.contains("can be written by others"), "\(detached.stderr)")
            #expect(
                !FileManager.default.fileExists(atPath: setup.socketDirectory.path), "no agent directory was made there"
            )
            let foreground = try await setup.run(["upload", String(draft.id), setup.data.path])
            #expect(foreground.status == 0, "\(foreground.stderr)")
        }
    }

    @Test func detachThenWaitVerifiesEverythingAndTheAgentLeavesNothingBehind() async throws {
        try await Harness.with { h in
            let setup = try Setup(h)
            defer { setup.cleanUp() }
            try TempFile.makeFiles(["a.bin", "b.bin", "c.bin"], size: 300_000, in: setup.data)
            let draft = try await h.client.createDeposition()
            let started = Date()
            let detached = try await setup.run(["upload", "--detach", String(draft.id), setup.data.path])
            #expect(detached.status == 0, "\(detached.stderr)")
            let id = detached.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(id.count == 36, "the batch id alone on stdout: \(detached.stdout)")
            // Returns once the agent has the batch (about 0.3 s quiet); room for a busy machine.
            #expect(Date().timeIntervalSince(started) < 30, "--detach returns at once")

            let waited = try await setup.run(["uploads", "wait", String(id.prefix(8))])
            #expect(waited.status == 0, "\(waited.stderr)")
            #expect(waited.stdout.contains("finished"))
            let files = try await h.client.files(of: draft.id)
            #expect(Set(files.map(\.filename)) == ["a.bin", "b.bin", "c.bin"])
            for file in files {
                let local = try LocalDigest.md5(of: setup.data.appendingPathComponent(file.filename))
                #expect(file.md5 == local, "verified on the server: \(file.filename)")
            }
            #expect((try? setup.journals.load(id)) == nil, "the journal goes once wait has shown the result")

            #expect(try await setup.waitForAgentToExit(), "the agent exits by itself when idle")
            var info = stat()
            #expect(stat(setup.socketDirectory.path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o700, "the socket directory is private")
            let log = try String(contentsOf: setup.log, encoding: .utf8)
            #expect(log.contains("upload \(id): 3 files into deposition \(draft.id)"))
            #expect(log.contains("exiting"))
            #expect(!log.contains(Harness.token), "the token never reaches the log")
        }
    }

    @Test func aFailedFileMakesWaitExitNonZeroWithTheReason() async throws {
        try await Harness.with { h in
            let setup = try Setup(h)
            defer { setup.cleanUp() }
            try TempFile.makeFiles(["good.bin", "bad.bin"], size: 50_000, in: setup.data)
            let draft = try await h.client.createDeposition()
            try await h.inject(
                #"{"method":"PUT","path":"/api/files/*/bad.bin","action":"status","status":403,"times":100}"#)
            let detached = try await setup.run(["upload", "--detach", String(draft.id), setup.data.path])
            #expect(detached.status == 0, "\(detached.stderr)")
            let id = detached.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let waited = try await setup.run(["uploads", "wait", id])
            #expect(waited.status == 1)
            #expect(waited.stdout.contains("failed"))
            #expect(waited.stderr.contains("FAILED    bad.bin"))
            #expect(waited.stderr.contains("upload --resume \(draft.id)"))
            #expect((try? setup.journals.load(id)) != nil, "a failed batch keeps its journal (resumable)")
            let list = try await setup.run(["uploads", "list", "--json"])
            let batches = try JSONValue.decode(Data(list.stdout.utf8)).array ?? []
            #expect(batches.first?["status"] == "failed")
            #expect(
                batches.first?["files"]?.array?.contains { $0["key"] == "good.bin" && $0["md5"]?.string?.count == 32 }
                    == true)
            #expect(try await setup.waitForAgentToExit())
        }
    }

    @Test func twoBatchesIntoTwoDepositionsAtOnceAndASecondRunnerIsRefused() async throws {
        try await Harness.with { h in
            let setup = try Setup(h)
            defer { setup.cleanUp() }
            let one = setup.data.appendingPathComponent("one")
            let two = setup.data.appendingPathComponent("two")
            for directory in [one, two] {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            try TempFile.makeFiles(["x.bin", "y.bin"], size: 100_000, in: one)
            try TempFile.makeFiles(["p.bin", "q.bin"], size: 100_000, in: two)
            let first = try await h.client.createDeposition()
            let second = try await h.client.createDeposition()
            // Held until the faults are cleared (100 s at most), so both are seen running side by side
            // however slow the machine.
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","action":"stall","seconds":100,"times":4}"#)
            let a = try await setup.run(["upload", "--detach", String(first.id), one.path])
            let b = try await setup.run(["upload", "--detach", String(second.id), two.path])
            #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
            let idA = a.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let idB = b.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

            let listed = try await setup.run(["uploads"])
            #expect(listed.stdout.contains(String(idA.prefix(8))) && listed.stdout.contains(String(idB.prefix(8))))
            #expect(
                listed.stdout.components(separatedBy: "running").count - 1 == 2,
                "both run at once:\n\(listed.stdout)\n\((try? String(contentsOf: setup.log, encoding: .utf8)) ?? "")")

            // While the agent sends it, nobody else may: `upload --resume` would send it twice.
            let second2 = try await setup.run(["upload", "--resume", String(first.id)])
            #expect(second2.status != 0)
            #expect(second2.stderr.contains("already running"), "\(second2.stderr)")
            h.server.faults.clear()

            #expect(try await setup.run(["uploads", "wait", idA]).status == 0)
            #expect(try await setup.run(["uploads", "wait", idB]).status == 0)
            #expect(Set(try await h.client.files(of: first.id).map(\.filename)) == ["x.bin", "y.bin"])
            #expect(Set(try await h.client.files(of: second.id).map(\.filename)) == ["p.bin", "q.bin"])
            #expect(UploadCommandTests.stored(h).values.allSatisfy { $0 == 1 }, "nothing was sent twice")
            #expect(try await setup.waitForAgentToExit())
        }
    }

    @Test func attachFollowsAndCtrlCDetachesWithoutStopping() async throws {
        try await Harness.with { h in
            let setup = try Setup(h)
            defer { setup.cleanUp() }
            try TempFile.makeFiles(["slow.bin"], size: 200_000, in: setup.data)
            let draft = try await h.client.createDeposition()
            // Held until the faults are cleared (100 s at most): `attach` starts while the file is on its way.
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","action":"stall","seconds":100}"#)
            let detached = try await setup.run(["upload", "--detach", String(draft.id), setup.data.path])
            let id = detached.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

            let process = Process()
            process.executableURL = Binary.url
            process.arguments = ["uploads", "attach", "--json"]
            process.environment = setup.environment
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The catch-up arrives first: the batch's queued file.
            let firstLine = try await Task.detached { () -> String in
                var bytes = Data()
                while !bytes.contains(10) {
                    let chunk = out.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    bytes.append(chunk)
                }
                return String(decoding: bytes, as: UTF8.self)
            }.value
            #expect(firstLine.contains(#""event":"queued""#), "\(firstLine)")
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "Ctrl-C detaches")
            h.server.faults.clear()

            let waited = try await setup.run(["uploads", "wait", id])
            #expect(
                waited.status == 0,
                "the upload went on: \(waited.stdout) \(waited.stderr) \((try? String(contentsOf: setup.log, encoding: .utf8)) ?? "")"
            )
            #expect(try await h.client.files(of: draft.id).first?.filename == "slow.bin")
            #expect(try await setup.waitForAgentToExit())
        }
    }

    @Test func cancelStopsItResumably() async throws {
        try await Harness.with { h in
            let setup = try Setup(h)
            defer { setup.cleanUp() }
            try TempFile.makeFiles(["a.bin", "b.bin"], size: 100_000, in: setup.data)
            let draft = try await h.client.createDeposition()
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","action":"stall","seconds":100,"times":10}"#)
            let id = try await setup.run(["upload", "--detach", "--parallel", "1", String(draft.id), setup.data.path])
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try await setup.waitForJournal(id) { $0.entries.contains { $0.state == .uploading } })
            let cancelled = try await setup.run(["uploads", "cancel", String(id.prefix(8))])
            #expect(cancelled.status == 0, "\(cancelled.stderr)")
            #expect(cancelled.stdout.contains("interrupted"))
            let journal = try setup.journals.load(id)
            #expect(journal.entries.allSatisfy { $0.state == .pending }, "stopped files are pending again")
            h.server.faults.clear()
            let resumed = try await setup.run(["upload", "--resume", String(draft.id)])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(Set(try await h.client.files(of: draft.id).map(\.filename)) == ["a.bin", "b.bin"])
            #expect(try await setup.waitForAgentToExit())
        }
    }

    @Test func aKilledAgentLeavesABatchThatResumes() async throws {
        try await Harness.with { h in
            let setup = try Setup(h)
            defer { setup.cleanUp() }
            try TempFile.makeFiles(["k1.bin", "k2.bin"], size: 100_000, in: setup.data)
            let draft = try await h.client.createDeposition()
            try await h.inject(#"{"method":"PUT","path":"/api/files/*/k2.bin","action":"stall","seconds":100}"#)
            let id = try await setup.run(["upload", "--detach", "--parallel", "1", String(draft.id), setup.data.path])
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(
                try await setup.waitForJournal(id) { journal in
                    journal.entries.contains { $0.file.key == "k2.bin" && $0.state == .uploading }
                })
            let pid = try #require(setup.agentPID())
            let commandLine = try String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)
            #expect(!commandLine.contains(Harness.token), "the token is not on the agent's command line")
            #expect(commandLine.replacingOccurrences(of: "\0", with: " ").hasSuffix("agent "))
            let environ = (try? String(contentsOfFile: "/proc/\(pid)/environ", encoding: .utf8)) ?? ""
            #expect(!environ.contains(Harness.token), "nor in its environment")
            #expect(getsid(pid) == pid, "a session of its own: no controlling terminal to lose")
            kill(pid, SIGKILL)
            #expect(try await setup.waitForAgentToExit(seconds: 5) || setup.agentPID() == nil)

            let listed = try await setup.run(["uploads"])
            #expect(listed.stdout.contains("interrupted"), "\(listed.stdout)")
            h.server.faults.clear()
            let resumed = try await setup.run(["upload", "--resume", String(draft.id)])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(
                resumed.stdout.contains("verified in an earlier run") || resumed.stdout.contains("skipped   k1.bin"))
            #expect(Set(try await h.client.files(of: draft.id).map(\.filename)) == ["k1.bin", "k2.bin"])
        }
    }
}
