import Foundation
import LocalZenodo
import Testing

/// Existing InvenioRDM clients against LocalZenodo (issue 27): inveniordm-py, CERN's client, runs
/// its README's first flow to a published record on both flavours. `.ci/run` installs it into
/// `.build/python-clients`; without it the test says so and passes.
@Suite struct ThirdPartyClientTests {
    static var python: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appendingPathComponent(".build/python-clients/bin/python")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    @Test(.timeLimit(.minutes(5)), arguments: [Flavor.inveniordm, .production])
    func inveniordmPyPublishesARecordWithAFile(_ flavor: Flavor) async throws {
        guard let python = Self.python else {
            print(
                "skipped: inveniordm-py is not installed (python3 -m venv .build/python-clients && .build/python-clients/bin/pip install inveniordm-py==0.1.1)"
            )
            return
        }
        let script = try #require(
            Bundle.module.url(forResource: "inveniordm_py_flow", withExtension: "py", subdirectory: "Fixtures/clients"))
        try await TestServer.with({ $0.flavor = flavor }) { server in
            let process = Process()
            process.executableURL = python
            process.arguments = [script.path, server.api]
            // The token in the environment, never on a command line (`ps` shows those to everyone).
            process.environment = ["INVENIORDM_TOKEN": TestServer.tokenA, "PATH": "/usr/bin:/bin"]
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            // Off the cooperative pool: the process is waited for on a thread of its own.
            let (stdout, stderr) = await withCheckedContinuation {
                (done: CheckedContinuation<(String, String), Never>) in
                Thread.detachNewThread {
                    let o = out.fileHandleForReading.readDataToEndOfFile()
                    let e = err.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    done.resume(returning: (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self)))
                }
            }
            #expect(process.terminationStatus == 0, "\(stdout)\n\(stderr)")
            #expect(stdout.contains("committed completed md5:6f5902ac237024bdd0c176cb93063dc4"), "\(stdout)")
            #expect(stdout.contains("published"), "\(stdout)")
        }
    }
}
