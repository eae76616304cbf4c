import Foundation
import LocalZenodo
import Testing
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// Uploads that outlive the terminal (issue 11): the real binary in tmux, its real background
/// agent, LocalZenodo in this process.
@Suite(.serialized) struct AgentFlowTests {
    struct World {
        let server: LocalZenodoServer
        let state: URL
        let data: URL
        let client: ZenodoClient
        let transport: HTTPTransport
        var environment: [String: String] { FlowTests.environment(server, state: state) }
        var log: URL { state.appendingPathComponent("zenodo-tui/agent.log") }
        var socket: URL { state.appendingPathComponent("zenodo-tui/agent.sock") }

        static func make() async throws -> World {
            let server = try await FlowTests.server()
            let (client, transport) = try PublishingFlowTests.client(server)
            let world = World(
                server: server, state: try FlowTests.temporaryDirectory(), data: try FlowTests.temporaryDirectory(),
                client: client,
                transport: transport)
            try PublishingFlowTests.write(2_000_000, seed: 3, to: world.data.appendingPathComponent("first.bin"))
            try PublishingFlowTests.write(1_000_000, seed: 9, to: world.data.appendingPathComponent("second.bin"))
            return world
        }

        func end() async {
            await transport.shutdown()
            await server.stop()
            try? FileManager.default.removeItem(at: state)
            try? FileManager.default.removeItem(at: data)
        }

        func agentPIDs() -> [Int32] {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { line in
                guard let range = line.range(of: "(pid ") else { return nil }
                return Int32(line[range.upperBound...].prefix { $0.isNumber })
            }
        }

        /// Waits until every agent started here has exited and its socket is gone.
        func agentsGone(seconds: Double = 20) async throws -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                let alive = agentPIDs().contains { pid in
                    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
                    return !stat.isEmpty && stat.split(separator: ")").last?.split(separator: " ").first != "Z"
                }
                if !alive, !FileManager.default.fileExists(atPath: socket.path) { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
            return false
        }

        /// Every local file is on the server with the same MD5.
        func verifiedOnServer(_ deposition: Int) async throws -> Bool {
            let files = try await client.files(of: deposition)
            for name in ["first.bin", "second.bin"] {
                let local = try LocalDigest.md5(of: data.appendingPathComponent(name))
                guard files.contains(where: { $0.filename == name && $0.md5 == local }) else { return false }
            }
            return true
        }

        /// Opens the demo's draft 1019 and uploads both files through the picker.
        func startUpload(_ tmux: Tmux) async throws {
            _ = try await tmux.wait(for: "Alpine glacier")
            _ = try await PublishingFlowTests.open(tmux, "deep-sea")
            try await tmux.keys("u")
            _ = try await tmux.wait(for: "Upload into 1019")
            try await tmux.keys("p", "C-u")
            try await tmux.type(data.path + "/")
            try await tmux.keys("Enter")
            _ = try await tmux.wait(for: "first.bin")
            try await tmux.keys("a")
            _ = try await tmux.wait(for: "2 files chosen")
            try await tmux.keys("u")
            _ = try await tmux.wait(for: "RUNNING in the background")
        }
    }

    @Test func anUploadSurvivesItsTerminalAndANewInterfaceShowsItAdvancing() async throws {
        let world = try await World.make()
        let first = Tmux()
        let second = Tmux()
        defer {
            first.stop()
            second.stop()
        }
        do {
            // Slow enough to be mid-file when the terminal goes.
            // Long enough that a busy machine is still mid-file when the next step looks.
            world.server.faults.add(
                FaultRule(method: "PUT", path: "/api/files/*", times: 2, action: .stall, seconds: 10))
            try await first.start("\(Tmux.binary) browse", environment: world.environment)
            try await world.startUpload(first)
            // The window closes: tmux goes away with the interface (SIGHUP).
            first.stop()

            try await second.start("\(Tmux.binary) browse", environment: world.environment, width: 80, height: 24)
            // The status line is the frame's last: the rows above it are drawn by then.
            var screen = try await second.wait(for: "running in the background, attached")
            #expect(screen.contains("RUNNING in the background"))
            #expect(screen.contains("deposition 1019"))
            screen = try await second.wait("the same batch to finish", timeout: 60) {
                $0.contains("FINISHED") && $0.contains("finished: 2 verified")
            }
            #expect(screen.contains("2 done"))
            #expect(screen.contains("verified"))
            #expect(try await world.verifiedOnServer(1019), "every MD5 verified on the server")

            // Its result stays until dismissed; dismissing forgets its journal.
            try await second.keys("x")
            _ = try await second.wait(for: "Dismissed the upload into 1019")
            let journals = JournalStore(directory: world.state.appendingPathComponent("zenodo-tui/uploads"))
            #expect(journals.all().isEmpty, "the finished journal is cleaned up once shown")
            try await second.keys("q", "q")
            _ = try await FlowTests.waitForExit(second, code: 0)
            #expect(try await world.agentsGone(), "the agent exits by itself a short while after")
            let log = (try? String(contentsOf: world.log, encoding: .utf8)) ?? ""
            #expect(!log.contains(FlowTests.token), "the token is not in the agent's log")
        } catch {
            await world.end()
            throw error
        }
        await world.end()
    }

    @Test func quittingAsksToLeaveUploadsRunningOrStopThem() async throws {
        let world = try await World.make()
        let tmux = Tmux()
        defer { tmux.stop() }
        do {
            // Long enough that a busy machine is still mid-file when the next step looks.
            world.server.faults.add(
                FaultRule(method: "PUT", path: "/api/files/*", times: 2, action: .stall, seconds: 10))
            try await tmux.start("\(Tmux.binary) browse", environment: world.environment)
            try await world.startUpload(tmux)
            try await tmux.keys("C-c")
            // The box's last line: a capture can fall between two writes of one frame.
            let question = try await tmux.wait(for: "Any other key stays.")
            #expect(question.contains("leave them running in the background"))
            #expect(question.contains("stop them (they stay resumable)"))
            try await tmux.keys("b")
            _ = try await FlowTests.waitForExit(tmux, code: 0)
            // Still going without any interface.
            let deadline = Date().addingTimeInterval(60)
            var done = false
            while Date() < deadline, !done {
                done = (try? await world.verifiedOnServer(1019)) == true
                if !done { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(done, "the upload finished after the interface quit")
            #expect(try await world.agentsGone())
        } catch {
            await world.end()
            throw error
        }
        await world.end()
    }

    @Test func aKilledAgentIsOfferedForResumeAndResumes() async throws {
        let world = try await World.make()
        let tmux = Tmux()
        defer { tmux.stop() }
        do {
            world.server.faults.add(
                FaultRule(method: "PUT", path: "/api/files/*", times: 2, action: .stall, seconds: 8))
            try await tmux.start("\(Tmux.binary) browse", environment: world.environment)
            try await world.startUpload(tmux)
            let pid = try #require(world.agentPIDs().last)
            kill(pid, SIGKILL)
            var screen = try await tmux.wait(for: "press R to resume")
            #expect(screen.contains("CANCELLED"))
            world.server.faults.clear()
            try await tmux.keys("R")
            screen = try await tmux.wait("the resumed batch to finish", timeout: 60) { screen in
                screen.split(separator: "\n").contains { $0.contains("FINISHED in the background") }
            }
            #expect(try await world.verifiedOnServer(1019))
            // Back, back, the filter cleared, quit.
            try await tmux.keys("q", "q", "q")
            _ = try await tmux.wait(for: "Alpine glacier")
            try await tmux.keys("q")
            _ = try await FlowTests.waitForExit(tmux, code: 0)
            #expect(try await world.agentsGone())
        } catch {
            await world.end()
            throw error
        }
        await world.end()
    }
}
