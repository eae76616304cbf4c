import Foundation
import TestScratch
import TestSupport
import Testing
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// The `list`, `show` and `auth` subcommands of the real binary against LocalZenodo.
@Suite struct CLITests {
    /// The sandbox-DOI flag is `--test-dois` (ArgumentParser's own spelling, `--test-do-is`, is
    /// kept as an alias for scripts that used it).
    @Test func theTestDOIFlagIsSpeltAsItReads() async throws {
        try await Harness.with { h in
            let home = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: home) }
            let env = ["HOME": home.path, "ZENODO_TOKEN": Harness.token]
            let help = try await Binary.run(["create", "--help"], environment: env)
            #expect(help.stdout.contains("[--test-dois]"), "\(help.stdout)")
            for spelling in ["--test-dois", "--test-do-is"] {
                let list = try await Binary.run(["list", spelling, "--server", h.server.apiURL], environment: env)
                #expect(list.status == 0, "\(spelling): \(list.stderr)")
            }
        }
    }

    @Test func authLoginReadsTheTokenFromStdinChecksItAndStoresItPrivately() async throws {
        try await Harness.with { h in
            let config = try TempFile.directory()
            let env = ["XDG_CONFIG_HOME": config.path, "HOME": config.path]
            let login = try await Binary.run(
                ["auth", "login", "--server", h.server.apiURL, "--with-token"], environment: env,
                stdin: Harness.token + "\n")
            #expect(login.status == 0, "\(login.stderr)")
            #expect(!login.stdout.contains(Harness.token) && !login.stderr.contains(Harness.token))
            let file = config.appendingPathComponent("zenodo-tui/tokens/127.0.0.1_\(h.server.port)")
            #expect(try String(contentsOf: file, encoding: .utf8) == Harness.token + "\n")
            var info = stat()
            stat(file.path, &info)
            #expect(info.st_mode & 0o777 == 0o600)

            let status = try await Binary.run(["auth", "status", "--server", h.server.apiURL], environment: env)
            #expect(status.status == 0)
            #expect(status.stdout.contains("kit-…"))
            #expect(status.stdout.contains("Works:   yes"))
            #expect(!status.stdout.contains(Harness.token))

            let list = try await Binary.run(["list", "--server", h.server.apiURL], environment: env)
            #expect(list.status == 0, "the stored token is used")

            let logout = try await Binary.run(["auth", "logout", "--server", h.server.apiURL], environment: env)
            #expect(logout.status == 0)
            #expect(!FileManager.default.fileExists(atPath: file.path))

            let wrong = try await Binary.run(
                ["auth", "login", "--server", h.server.apiURL, "--with-token"], environment: env, stdin: "wrong-token\n"
            )
            #expect(wrong.status == 3)
            #expect(wrong.stderr.contains("may be invalid, expired or revoked"))
            #expect(!FileManager.default.fileExists(atPath: file.path), "a refused token is not stored")

            let argv = try await Binary.run(
                ["auth", "login", "--server", h.server.apiURL, "--token", Harness.token], environment: env)
            #expect(argv.status == 2, "there is no way to pass the token on the command line")
        }
    }

    @Test func listAndShowWithoutATerminalArePlainAndJSONIsStable() async throws {
        try await Harness.with { h in
            let record = try await h.published(title: "Evil \u{1B}]52;c;cGF5bG9hZA==\u{07}title \u{1B}[2J")
            let env = ["ZENODO_SERVER": h.server.apiURL, "ZENODO_TOKEN": Harness.token, "HOME": "/nonexistent"]
            let list = try await Binary.run(["list"], environment: env)
            #expect(list.status == 0)
            #expect(list.stdout.contains("published"))
            #expect(list.stdout.contains("Evil title"))
            #expect(!list.stdout.contains("\u{1B}"), "no colours and no escape sequences from the server")

            let json = try await Binary.run(["list", "--json"], environment: env)
            let items = try JSONValue.decode(Data(json.stdout.utf8)).array ?? []
            #expect(items.count == 1)
            #expect(items[0]["id"]?.int == record.id)
            #expect(items[0]["status"] == "published")
            #expect(items[0]["file_count"] == 1)
            #expect(
                Set(items[0].object?.keys.map { $0 } ?? []) == [
                    "id", "concept_id", "state", "status", "title", "doi", "prereserved_doi", "file_count", "size",
                    "created",
                    "modified", "html_url", "stats",
                ])
            #expect(items[0]["stats"] == .null, "the deposit API's listing carries no use")

            let show = try await Binary.run(["show", String(record.id)], environment: env)
            #expect(show.status == 0)
            #expect(show.stdout.contains("data.csv"))
            #expect(show.stdout.contains("Doe, Jane"))
            // The public record's use (LocalZenodo aggregates none: zero, as a new Zenodo record).
            #expect(show.stdout.contains("Use          0 views, 0 downloads"), "\(show.stdout)")
            #expect(!show.stdout.contains("\u{1B}"))
            let detail = try await Binary.run(["show", String(record.id), "--json"], environment: env)
            let object = try JSONValue.decode(Data(detail.stdout.utf8))
            #expect(object["files"]?.array?.first?["md5"]?.string?.count == 32)
            #expect(object["metadata"]?["title"]?.string?.hasPrefix("Evil") == true)
            #expect(object["stats"]?["downloads"]?.int == 0 && object["stats"]?["unique_views"]?.int == 0)
            #expect(!detail.stdout.contains(Harness.token))
        }
    }

    @Test func exitCodesTellFailuresApart() async throws {
        try await Harness.with { h in
            let env = ["ZENODO_SERVER": h.server.apiURL, "ZENODO_TOKEN": Harness.token, "HOME": "/nonexistent"]
            #expect(try await Binary.run(["show", "999999"], environment: env).status == 4)
            #expect(
                try await Binary.run(["list"], environment: env.merging(["ZENODO_TOKEN": "bad"]) { $1 }).status == 3)
            #expect(try await Binary.run(["list", "--nope"], environment: env).status == 2)
            #expect(
                try await Binary.run(["list"], environment: ["ZENODO_SERVER": h.server.apiURL, "HOME": "/nonexistent"])
                    .status == 3)
            let plain = try await Binary.run(["list", "--server", "http://example.org/api"], environment: env)
            #expect(plain.status == 1)
            #expect(plain.stderr.contains("refusing plain http://"))
            // IDNA is ICU's, which the shipped binary leaves out: the DNS form is asked for in words.
            let unicode = try await Binary.run(["list", "--server", "https://zenodö.example/api"], environment: env)
            #expect(unicode.status == 1 && unicode.stderr.contains("DNS form (xn--"), "\(unicode.stderr)")
            #expect(try ServerProfile(parsing: "https://xn--zenod-jua.example/api").host == "xn--zenod-jua.example")
            try await h.inject(
                #"{"path":"/api/deposit/depositions","action":"status","status":429,"retry_after":0,"times":10}"#)
            let limited = try await Binary.run(["list"], environment: env)
            #expect(limited.status == 6)
        }
    }
}
