import Foundation
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// What a server says reaches the user's terminal only sanitised, through every command (issue
/// 26): a title-setting OSC, an OSC 52 clipboard write, a screen clear, a DCS, a C1 CSI and a
/// right-to-left override in a 400's message come out as plain text; `--json` escapes C1 and
/// bidirectional controls; a download's exit code says what went wrong.
@Suite struct HostileTextCLITests {
    /// The message as the server sends it (JSON escapes, so the decoded text carries them raw).
    static let hostileMessage =
        #"bad \u001b]0;pwned-title\u0007 \u001b]52;c;ZXZpbA==\u0007 \u001b[2J \u001bP+q544e\u001b\\ \u009b31m \u202etxt.exe visible-words"#

    static let forbidden: [Character] = [
        "\u{1B}", "\u{9B}", "\u{9D}", "\u{90}", "\u{202E}", "\u{07}",
    ]

    static func check(_ text: String, _ what: String) {
        for character in forbidden {
            #expect(
                !text.contains(character),
                "\(what) passed U+\(String(character.unicodeScalars.first!.value, radix: 16)) through: \(text.debugDescription)"
            )
        }
    }

    @Test func aServersErrorMessageReachesTheTerminalSanitisedFromEveryCommand() async throws {
        let body =
            #"{"status":400,"message":"\#(Self.hostileMessage)","errors":[{"field":"metadata.title","messages":["\#(Self.hostileMessage)"]}]}"#
        let server = try RawServer { connection in
            _ = RawServer.send(
                "HTTP/1.1 400 BAD REQUEST\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)",
                to: connection)
        }
        defer { server.stop() }
        let home = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: home) }
        let env = [
            "HOME": home.path, "ZENODO_TOKEN": "tok-123456", "ZENODO_API": "legacy",
            "ZENODO_RETRIES": "0",
        ]
        let url = "http://127.0.0.1:\(server.port)/api"
        for arguments in [
            ["list"], ["show", "1"], ["create"], ["publish", "1", "--yes"],
            ["metadata", "1", "--set", "title=x"],
        ] {
            let result = try await Binary.run(arguments + ["--server", url], environment: env)
            #expect(result.status != 0, "\(arguments)")
            Self.check(result.stderr, "\(arguments) stderr")
            Self.check(result.stdout, "\(arguments) stdout")
            #expect(
                result.stderr.contains("visible-words") || result.stdout.contains("visible-words"),
                "\(arguments): the words still show: \(result.stderr)")
        }
    }

    @Test func jsonOutputEscapesC1AndBidiControls() throws {
        let value: JSONValue = [
            "title": .string("a\u{9B}31m b\u{202E}txt.exe c\u{2066}d\u{200F}e\u{85}f\u{7F}")
        ]
        let text = String(decoding: value.encoded(pretty: true), as: UTF8.self)
        Self.check(text, "--json")
        for escape in [#"\u009b"#, #"\u202e"#, #"\u2066"#, #"\u200f"#, #"\u0085"#, #"\u007f"#] {
            #expect(text.contains(escape), "\(text)")
        }
        #expect(try JSONValue.decode(Data(text.utf8)) == value, "the same JSON to any parser")
        let plain: JSONValue = ["title": "Ünïcödé — “quotes” 日本語"]
        #expect(try JSONValue.decode(plain.encoded()) == plain)
        #expect(
            String(decoding: plain.encoded(), as: UTF8.self).contains("Ünïcödé — “quotes” 日本語"),
            "ordinary text stays as it is")
    }

    @Test func localNamesKeepNoC1OrBidiControls() {
        #expect(LocalName.forKey("evil\u{202E}txt.exe") == "eviltxt.exe")
        #expect(LocalName.forKey("a\u{9B}b\u{85}c\u{2067}d") == "abcd")
        #expect(LocalName.forKey("données.csv") == "données.csv")
    }

    /// A download that fails because the file is gone (404) exits 4, as documented, not 9.
    @Test func aDownloadOfAFileThatIsGoneExitsNotFound() async throws {
        try await Harness.with { h in
            let record = try await h.published(files: ["gone.csv": "a,b\n"])
            try await h.inject(
                #"{"method":"GET","path":"/api/records/*/files/gone.csv/content","action":"status","status":404}"#
            )
            let home = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: home) }
            let result = try await Binary.run(
                [
                    "download", String(record.id), "--dest", home.appendingPathComponent("out").path,
                    "--server", h.server.apiURL, "--retries", "0",
                ],
                environment: ["HOME": home.path])
            #expect(result.status == 4, "exit \(result.status): \(result.stderr)")
        }
    }
}
