import Foundation
import LocalZenodo
import TestScratch
import Testing
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary in tmux against LocalZenodo: what a user sees and does.
@Suite(.serialized) struct FlowTests {
    static let token = "flow-token"

    /// LocalZenodo with the demo data, on `port` (0: any free one), as Zenodo or as a plain
    /// InvenioRDM (`flavor`).
    static func server(port: Int = 0, flavor: Flavor = .production, containerAPI: Bool = true) async throws
        -> LocalZenodoServer
    {
        var configuration = LocalZenodoConfiguration()
        configuration.port = port
        configuration.flavor = flavor
        configuration.containerAPI = containerAPI
        configuration.seedDemo = true
        configuration.tokens = [token]
        configuration.logger.logLevel = .critical
        return try await LocalZenodoServer.start(configuration)
    }

    static func environment(_ server: LocalZenodoServer, state: URL) -> [String: String] {
        [
            "ZENODO_SERVER": server.apiURL, "ZENODO_TOKEN": token, "XDG_STATE_HOME": state.path, "HOME": state.path,
            // Each test its own upload agent, gone a second after its last batch.
            "XDG_RUNTIME_DIR": state.path, "ZENODO_TUI_AGENT_IDLE": "1",
        ]
    }

    static func temporaryDirectory() throws -> URL {
        let url = try TestScratch.directory("flow")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Waits for the shell's `EXITED <code>` and the `stty -a` printed after it.
    static func waitForExit(_ tmux: Tmux, code: Int) async throws -> String {
        try await tmux.wait("exit \(code) and stty") {
            $0.contains("EXITED \(code)") && $0.contains("speed") && $0.contains("isig")
        }
    }

    /// The terminal is back to normal: alternate screen off, cursor visible, cooked mode.
    static func expectRestored(_ tmux: Tmux, _ screen: String) async throws {
        let alternate = try await tmux.display("#{alternate_on}")
        let cursor = try await tmux.display("#{cursor_flag}")
        #expect(alternate == "0")
        #expect(cursor == "1")
        let flags = Set(screen.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
        #expect(flags.isSuperset(of: ["icanon", "echo", "isig"]), "stty is sane:\n\(screen)")
        #expect(flags.isDisjoint(with: ["-icanon", "-echo", "-isig"]))
    }

    @Test func browseFilterOpenUploadResizeHelpQuit() async throws {
        let server = try await Self.server()
        let tmux = Tmux()
        defer { tmux.stop() }
        let state = try Self.temporaryDirectory()
        let data = try Self.temporaryDirectory()
        for (name, size) in [("alpha.bin", 3_000_000), ("beta.bin", 1_500_000)] {
            var bytes = Data(count: size)
            bytes[0] = UInt8(size % 251)
            try bytes.write(to: data.appendingPathComponent(name))
        }
        do {
            try await tmux.start("\(Tmux.binary) browse", environment: Self.environment(server, state: state))
            var screen = try await tmux.wait(for: "Alpine glacier mass balance")
            #expect(screen.contains(" LOCAL"))
            #expect(screen.contains("Müller") == false, "creators are not in the list")

            try await tmux.keys("/")
            try await tmux.type("deep-sea")
            screen = try await tmux.wait("the filtered list") {
                $0.contains("Deep-sea sediment") && !$0.contains("Alpine")
            }
            try await tmux.keys("Enter", "Enter")
            screen = try await tmux.wait(for: "Files (2")
            #expect(screen.contains("García-López, Javier"))
            #expect(screen.contains("李, 娜"))
            #expect(screen.contains("10.5281/zenodo.1019 (reserved"))

            try await tmux.keys("u")
            _ = try await tmux.wait(for: "Upload into 1019")
            try await tmux.keys("p", "C-u")
            try await tmux.type(data.path + "/")
            try await tmux.keys("Enter")
            _ = try await tmux.wait(for: "alpha.bin")
            try await tmux.keys("a")
            _ = try await tmux.wait(for: "2 files chosen")
            try await tmux.keys("u")
            screen = try await tmux.wait("the upload to finish", timeout: 60) { $0.contains("FINISHED") }
            #expect(screen.contains("100%"))
            #expect(screen.contains("2 done"))
            #expect(screen.contains("verified alpha.bin md5:"))

            try await tmux.resize(width: 80, height: 24)
            screen = try await tmux.wait("the 80x24 layout") {
                $0.split(separator: "\n").first.map { $0.count <= 80 && $0.hasSuffix("LOCAL") } ?? false
            }
            try await tmux.keys("?")
            screen = try await tmux.wait(for: "Cancel the selected upload")
            try await tmux.keys("Escape")
            try await tmux.keys("q", "q")
            screen = try await tmux.wait(for: "Deep-sea sediment")
            try await tmux.keys("Escape")
            try await tmux.keys("/", "Escape", "q")
            screen = try await Self.waitForExit(tmux, code: 0)
            try await Self.expectRestored(tmux, screen)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test(arguments: ["C-c", "TERM", "HUP"])
    func theTerminalIsRestoredAfterInterrupts(_ how: String) async throws {
        let server = try await Self.server()
        let tmux = Tmux()
        defer { tmux.stop() }
        do {
            try await tmux.start(
                "\(Tmux.binary) browse", environment: Self.environment(server, state: try Self.temporaryDirectory()))
            _ = try await tmux.wait(for: "Alpine glacier")
            let alternate = try await tmux.display("#{alternate_on}")
            #expect(alternate == "1")
            switch how {
            case "C-c": try await tmux.keys("C-c")
            case "TERM": kill(try #require(await tmux.appPID()), SIGTERM)
            default: kill(try #require(await tmux.appPID()), SIGHUP)
            }
            let code = ["C-c": 130, "TERM": 143, "HUP": 129][how]!
            let screen = try await Self.waitForExit(tmux, code: code)
            try await Self.expectRestored(tmux, screen)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func aHostileTitleDoesNotEmitItsEscapeSequence() async throws {
        let server = try await Self.server()
        let tmux = Tmux()
        defer { tmux.stop() }
        do {
            let transport = HTTPTransport(environment: [:], forHost: "127.0.0.1")
            let client = ZenodoClient(
                profile: try ServerProfile(parsing: server.apiURL),
                credentials: Credentials(token: Self.token, source: .explicit),
                transport: transport)
            var metadata = DepositionMetadata()
            metadata.title = "Pwned\u{1B}]52;c;SGFja2Vk\u{07} \u{1B}[2Jdata"
            _ = try await client.createDeposition(metadata: metadata)
            await transport.shutdown()
            try await tmux.start(
                "\(Tmux.binary) browse", environment: Self.environment(server, state: try Self.temporaryDirectory()))
            // The whole list, not the first frame's first rows (under load tmux shows a frame
            // as it arrives): had ESC [2J reached the terminal, the rows drawn before it (the
            // header, the column titles) would be gone from the finished frame.
            _ = try await tmux.wait(for: "Pwned data")
            let screen = try await tmux.wait(for: "Alpine glacier")
            #expect(
                screen.contains("Pwned data") && screen.contains("STATE") && screen.contains("LOCAL"),
                "the screen was not cleared by ESC [2J: \(screen)")
            let buffers = try await tmux.run(["list-buffers"])
            #expect(buffers.isEmpty, "OSC 52 never reached the terminal: \(buffers)")
            try await tmux.keys("q")
            _ = try await tmux.wait(for: "EXITED 0")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func theTerminalIsRestoredAfterACrash() async throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        try await tmux.start(
            "\(Tmux.binary) browse --server http://127.0.0.1:9/api",
            environment: ["ZENODO_TOKEN": "x", "HOME": "/nonexistent", "ZENODO_TUI_CRASH_FOR_TEST": "1"])
        let screen = try await tmux.wait("the crash and stty") { $0.contains("EXITED") && $0.contains("isig") }
        #expect(!screen.contains("EXITED 0"))
        try await Self.expectRestored(tmux, screen)
    }

    @Test func noColorMeansNoColours() async throws {
        let server = try await Self.server()
        let tmux = Tmux()
        defer { tmux.stop() }
        do {
            var environment = Self.environment(server, state: try Self.temporaryDirectory())
            environment["NO_COLOR"] = "1"
            try await tmux.start("\(Tmux.binary) browse", environment: environment)
            _ = try await tmux.wait(for: "Alpine glacier")
            let styled = try await tmux.run(["capture-pane", "-p", "-e", "-t", "S"])
            #expect(
                styled.range(of: #"\e\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)"#, options: .regularExpression) == nil,
                "no colour codes")
            #expect(styled.contains("\u{1B}["), "attributes (bold, reverse) still mark things")
            try await tmux.keys("q")
            _ = try await Self.waitForExit(tmux, code: 0)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// A terminal without colours (`TERM=vt100`), and input bytes that are not UTF-8 typed into
    /// the filter (issue 14, row 46b): no colour is sent, the invalid bytes never reach the text
    /// (or the screen), what follows them is typed as usual, and the interface quits cleanly.
    @Test func aTerminalWithoutColoursAndInputThatIsNotUTF8() async throws {
        let server = try await Self.server()
        let tmux = Tmux()
        defer { tmux.stop() }
        do {
            let environment = Self.environment(server, state: try Self.temporaryDirectory())
            try await tmux.start("TERM=vt100 \(Tmux.binary) browse", environment: environment)
            _ = try await tmux.wait(for: "Alpine glacier")
            let styled = try await tmux.run(["capture-pane", "-p", "-e", "-t", "S"])
            #expect(
                styled.range(of: #"\e\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)"#, options: .regularExpression) == nil,
                "no colour codes")
            try await tmux.keys("/")
            // (Not 0x9b: tmux itself reads it as CSI, which starts an escape sequence.)
            // A character cut short (e2 82) right before the text: the text must survive it, however
            // the bytes are split between reads (ncurses' get_wch lost it when they came together).
            // In one write, as a paste arrives: ncurses' get_wch lost text that came in the same read
            // as an invalid byte (CI caught it under load, when the program read key-by-key sends
            // together). A character cut short (e2 82) right before the text, too.
            try await tmux.paste([0xFF, 0xC3, 0x00, 0xFE, 0xE2, 0x82] + Array("alp".utf8))
            let screen = try await tmux.wait(for: "filter: alp")
            #expect(
                screen.contains("Alpine glacier") && screen.firstMatch(of: /filter: alp(\s|$)/) != nil,
                "the filter is \"alp\": \(screen)")
            #expect(!screen.contains("\u{FFFD}") && !screen.contains("ÿ"), "\(screen)")
            try await tmux.keys("Escape", "Escape", "q")
            _ = try await Self.waitForExit(tmux, code: 0)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func withoutATerminalItPointsToTheSubcommands() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tmux.binary)
        process.arguments = ["browse", "--server", "http://127.0.0.1:9/api"]
        process.environment = ["TERM": "dumb", "ZENODO_TOKEN": "x", "HOME": "/nonexistent"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        process.standardInput = Pipe()
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("cannot open the full-screen interface"))
        #expect(message.contains("zenodo-tui list"))
    }
}
