import Foundation
import TestScratch
import Testing
import ZenodoKit

@testable import TransferAgent

#if canImport(Glibc)
    import Glibc
#endif

/// The agent's rules that cannot be shown with the real binary on a one-user machine, and its
/// promise that a watcher never slows a transfer.
@Suite struct AgentUnitTests {
    @Test func onlyTheSameUserMayTalkToTheAgent() {
        #expect(PeerCheck.allows(peerUID: 1000, ownUID: 1000))
        #expect(!PeerCheck.allows(peerUID: 1001, ownUID: 1000), "another uid is refused")
        #expect(!PeerCheck.allows(peerUID: 0, ownUID: 1000), "root's connection too: the agent serves its user only")
        #expect(!PeerCheck.allows(peerUID: nil, ownUID: 1000), "a peer the kernel will not name is refused")
    }

    @Test func theSocketDirectoryMustBePrivateAndOurs() {
        #expect(AgentPaths.problem(ownerUID: 1000, mode: 0o40700, ownUID: 1000) == nil)
        #expect(AgentPaths.problem(ownerUID: 1001, mode: 0o40700, ownUID: 1000)?.contains("another user") == true)
        #expect(AgentPaths.problem(ownerUID: 1000, mode: 0o40755, ownUID: 1000)?.contains("chmod 700") == true)
        #expect(AgentPaths.problem(ownerUID: 1000, mode: 0o40701, ownUID: 1000) != nil)
    }

    @Test func pathsFollowXDG() throws {
        let runtime = AgentPaths(environment: ["XDG_RUNTIME_DIR": "/run/user/1000", "HOME": "/home/u"])
        #expect(runtime.socket.path == "/run/user/1000/zenodo-tui/agent.sock")
        #expect(runtime.log.path == "/home/u/.local/state/zenodo-tui/agent.log")
        let fallback = AgentPaths(environment: ["HOME": "/home/u", "XDG_STATE_HOME": "/s"])
        #expect(fallback.socket.path == "/s/zenodo-tui/agent/agent.sock")
        let directory = TestScratch.root.appendingPathComponent("ap-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        try AgentPaths(environment: ["XDG_RUNTIME_DIR": directory.path]).prepare()
        var info = stat()
        #expect(stat(directory.appendingPathComponent("zenodo-tui").path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        // Ours but open to others (made by other code): made private again.
        chmod(directory.appendingPathComponent("zenodo-tui").path, 0o755)
        try AgentPaths(environment: ["XDG_RUNTIME_DIR": directory.path]).prepare()
        #expect(stat(directory.appendingPathComponent("zenodo-tui").path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
    }

    @Test func theTokenNeverReachesTheAgentsEnvironment() {
        let scrubbed = AgentLauncher.scrubbed([
            "ZENODO_TOKEN": "a", "ZENODO_SANDBOX_TOKEN": "b", "ZENODO_SERVER": "zenodo", "HOME": "/h", "PATH": "/bin",
        ])
        #expect(scrubbed == ["ZENODO_SERVER": "zenodo", "HOME": "/h", "PATH": "/bin"])
    }

    /// A watcher that never reads: pushing 20,000 progress lines (about 4 MB, far beyond a socket
    /// buffer) returns at once, superseded numbers are dropped, milestones are kept.
    @Test(.timeLimit(.minutes(3)))  // a push that blocked would hang: fail instead
    func aWatcherThatNeverReadsNeverBlocksTheSender() async throws {
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        defer { close(pair[1]) }
        let socket = LineSocket(fd: pair[0])
        let outbox = Outbox(socket: socket, limit: 64)
        let gone = DispatchSemaphore(value: 0)
        outbox.start { gone.signal() }
        let pushed = await Task.detached { () -> Bool in
            for index in 0..<20_000 {
                let event = TransferEvent.progress(key: "big.bin", sent: Int64(index), total: 20_000, rate: 1e6)
                outbox.push(AgentProtocol.event(String(repeating: "b", count: 100), event), replaceable: true)
                if index % 1000 == 0 { outbox.push(AgentProtocol.event("b", .verified(key: "f\(index)", md5: "x"))) }
            }
            return true
        }.value
        #expect(pushed)
        #expect(outbox.dropped > 10_000, "superseded progress dropped: \(outbox.dropped)")
        outbox.finish()
        // The reader side goes away: the writer notices and ends.
        close(pair[1])
        pair[1] = -1
        #expect(gone.wait(timeout: .now() + 10) == .success)
        socket.close()
    }

    @Test func everyEventSurvivesTheWire() {
        var progress = BatchProgress()
        progress.totalBytes = 10
        progress.doneBytes = 4
        progress.rate = 2
        progress.eta = 3
        progress.files = 2
        progress.verified = 1
        progress.active = 1
        let events: [TransferEvent] = [
            .queued(key: "a", size: 10), .started(key: "a", attempt: 2),
            .progress(key: "a", sent: 4, total: 10, rate: 2),
            .verifying(key: "a"), .retrying(key: "a", attempt: 2, maxAttempts: 6, delay: 1.5, reason: "reset"),
            .verified(key: "a", md5: "abc"), .skipped(key: "b", reason: "same"), .failed(key: "c", reason: "403"),
            .paced(seconds: 12), .batch(progress), .finished(progress),
        ]
        for event in events {
            let line = AgentProtocol.event("id", event).encoded()
            let back = (try? JSONValue.decode(line))?["event"].flatMap(TransferEvent.init(json:))
            #expect(back == event, "\(event)")
        }
    }
}
