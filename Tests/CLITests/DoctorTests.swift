import Foundation
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// `zenodo-tui doctor` (issue 16): every step against LocalZenodo, and each way it stops at the
/// first failing step with advice and a non-zero exit; the token never printed.
@Suite struct DoctorTests {
    static func steps(_ output: String) throws -> [JSONValue] {
        try output.split(separator: "\n").map { try JSONValue.decode(Data($0.utf8)) }
    }

    @Test func everyStepPassesAgainstLocalZenodoAndTheTokenIsNeverShown() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            let result = try await Binary.run(["doctor", "--json"], environment: h.commandEnvironment(state: state))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let steps = try Self.steps(result.stdout)
            #expect(
                steps.compactMap { $0["step"]?.string } == [
                    "configuration", "DNS", "TCP", "public request", "authenticated request", "scopes", "rate limit",
                ])
            #expect(steps.allSatisfy { $0["ok"] == true })
            #expect(steps.first?["detail"]?.string?.contains("token from environment variable ZENODO_TOKEN") == true)
            #expect(!result.stdout.contains(Harness.token) && !result.stderr.contains(Harness.token))
            let human = try await Binary.run(["doctor"], environment: h.commandEnvironment(state: state))
            #expect(
                human.status == 0 && human.stdout.contains("ok   rate limit") && !human.stdout.contains(Harness.token))
        }
    }

    @Test(arguments: [
        ("http://127.0.0.1:9/api", "TCP", "connection refused", Int32(7)),
        ("https://nothing.invalid/api", "DNS", "does not resolve", Int32(7)),
    ])
    func itStopsAtTheFirstFailingStepWithAdvice(server: String, step: String, words: String, code: Int32) async throws {
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        // Said by what happened (refused, not resolved), not by a clock: a wait for the connect
        // timeout would say "timed out".
        let result = try await Binary.run(
            ["doctor", "--json"],
            environment: ["ZENODO_SERVER": server, "ZENODO_TOKEN": "secret-token", "HOME": state.path])
        #expect(result.status == code, "\(result.stdout)\(result.stderr)")
        let last = try #require(try Self.steps(result.stdout).last)
        #expect(last["step"]?.string == step && last["ok"] == false)
        #expect(last["detail"]?.string?.contains(words) == true, "\(last)")
        #expect(last["advice"]?.string?.isEmpty == false)
        #expect(!result.stdout.contains("secret-token"))
    }

    @Test func withoutATokenItSaysHowToGiveOne() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: state) }
            var environment = h.commandEnvironment(state: state)
            environment["ZENODO_TOKEN"] = nil
            let result = try await Binary.run(["doctor", "--json"], environment: environment)
            #expect(result.status == 3)
            let last = try #require(try Self.steps(result.stdout).last)
            #expect(last["step"] == "token" && last["advice"]?.string?.contains("ZENODO_TOKEN") == true)
        }
    }

    /// A TLS server whose certificate nobody signed (openssl s_server): the TLS step fails and
    /// names the CA certificates; `list` fails at once with the same advice.
    @Test func aCertificateThatDoesNotVerifyStopsAtTLS() async throws {
        let directory = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func openssl(_ arguments: [String], output: Pipe? = nil) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.currentDirectoryURL = directory
            process.standardOutput = output ?? FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            return process
        }
        let make = try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
            "/CN=localhost", "-days", "1", "-keyout", "key.pem", "-out", "cert.pem",
        ])
        make.waitUntilExit()
        #expect(make.terminationStatus == 0)
        // Port 0: the system picks a free one, and s_server says which once it listens
        // (`ACCEPT [::]:PORT`), so there is neither a port clash nor a wait for it to start.
        let output = Pipe()
        let server = try openssl(
            ["s_server", "-accept", "0", "-cert", "cert.pem", "-key", "key.pem", "-www"], output: output)
        defer { server.terminate() }
        let announced: String = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var text = ""
                while !text.contains("\n") || !text.contains("ACCEPT") {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { break }  // it ended
                    text += String(decoding: chunk, as: UTF8.self)
                }
                continuation.resume(returning: text)
            }
        }
        let port = try #require(
            announced.firstMatch(of: /ACCEPT .*:(\d+)/).flatMap { Int($0.1) }, "s_server said: \(announced)")
        let environment = ["ZENODO_SERVER": "https://127.0.0.1:\(port)/api", "HOME": directory.path]
        let probe = try await Binary.run(["doctor", "--json"], environment: environment)
        let steps = try Self.steps(probe.stdout)
        #expect(probe.status == 7, "\(probe.stdout)\(probe.stderr)")
        let last = try #require(steps.last)
        #expect(last["step"] == "TLS" && last["ok"] == false, "\(steps)")
        #expect(last["advice"]?.string?.contains("CA certificates") == true)
        let list = try await Binary.run(
            ["list", "--api", "legacy"], environment: environment.merging(["ZENODO_TOKEN": "t"]) { _, new in new })
        // Not retried: every retry is said on standard error, and none is. (0.2 s on a quiet
        // machine; no time bound here: with two fuzzers and the suite on 2 cores it took 16 s.)
        #expect(
            list.status == 7 && list.stderr.contains("CA certificates") && !list.stderr.contains("retry"),
            "\(list.stderr)")
        #expect(
            list.stderr.contains("certificate verify failed") && !list.stderr.contains(".build/"),
            "in words: \(list.stderr)")
    }
}
