import Foundation
import TestScratch
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A server whose deposition pages are always full of new ids (issue 26): the interface keeps
/// answering keys while it loads, and a SIGTERM sent while it loads ends it at once with the
/// terminal restored. (The issue saw it grow without end, sort everything again on every page and
/// ignore signals for over 90 s; the 10,000-result window is held by `HostileServerTests`.)
@Suite(.serialized) struct SignalWhileLoadingTests {
    @Test(.timeLimit(.minutes(3)))
    func aSignalEndsTheInterfaceWhileAnEndlessListLoads() async throws {
        let pages = RawServer.Counter()
        let server = try RawServer { connection in
            usleep(600_000)  // the server's pace (the window's 100 pages take 60 s), not synchronisation
            pages.add(1)
            let start = pages.value * 100
            let items = (start..<(start + 100)).map {
                #"{"id":\#($0),"state":"unsubmitted","submitted":false,"title":"Endless \#($0)","metadata":{"title":"Endless \#($0)"},"files":[],"links":{}}"#
            }
            let body = "[" + items.joined(separator: ",") + "]"
            _ = RawServer.send(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)",
                to: connection)
        }
        defer { server.stop() }
        let state = try FlowTests.temporaryDirectory()
        let tmux = Tmux()
        defer { tmux.stop() }
        let environment = [
            "ZENODO_SERVER": "http://127.0.0.1:\(server.port)/api", "ZENODO_TOKEN": FlowTests.token,
            "ZENODO_API": "legacy",
            "XDG_STATE_HOME": state.path, "HOME": state.path, "XDG_RUNTIME_DIR": state.path, "ZENODO_TUI_NO_AGENT": "1",
        ]
        try await tmux.start("\(Tmux.binary) browse", environment: environment)
        _ = try await tmux.wait(for: "Endless")
        // Loading goes on: keys are still answered (the help opens and closes) while pages arrive.
        let before = pages.value
        try await tmux.keys("?")
        _ = try await tmux.wait(for: "Filter the list as you type")
        try await tmux.keys("Escape")
        let atSignal = pages.value
        let signalled = Date()
        kill(try #require(await tmux.appPID()), SIGTERM)
        let screen = try await FlowTests.waitForExit(tmux, code: 143)
        try await FlowTests.expectRestored(tmux, screen)
        #expect(
            atSignal < 100,
            "the signal came while the list was loading: page \(atSignal) of 100 (\(before) at the keys)")
        // Gone within seconds (the tmux polling and a busy machine included), long before the
        // paced listing would have ended: a page or three may still have been in flight.
        let took = Date().timeIntervalSince(signalled)
        // Half the listing's 60 s: a busy machine's tmux polling took 10.5 s once.
        #expect(took < 30, "it ended \(took) s after the signal")
        #expect(
            pages.value < 100, "the listing stopped with the program: \(pages.value) pages (\(atSignal) at the signal)")
    }
}
