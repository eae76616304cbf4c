import Foundation

/// Runs the real `zenodo-tui` binary with a chosen environment and standard input: the one runner
/// of every test target (the command-line tests, `serve`, the interface's smoke tests in tmux).
public enum Binary {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The binary built with these tests: in the directory the test bundle runs from (what
    /// `swift build --show-bin-path` names, whatever the build path or configuration), or
    /// `ZENODO_TUI_BINARY`.
    public static var url: URL {
        if let built = ProcessInfo.processInfo.environment["ZENODO_TUI_BINARY"] { return URL(fileURLWithPath: built) }
        return binPath.appendingPathComponent("zenodo-tui")
    }

    /// The build's products directory: where this test process's own executable is.
    public static var binPath: URL {
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent()
    }

    /// Runs on a thread of its own: waiting for the process must not block the cooperative pool,
    /// where the in-process LocalZenodo answers the binary's requests.
    /// `wrapper` runs the binary under another program (`setpriv …`, `unshare …`): its first
    /// element is looked up in /usr/bin, and the binary's path and `arguments` follow the rest.
    public static func run(
        _ arguments: [String], environment: [String: String], stdin: String? = nil, wrapper: [String] = []
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Swift.Result {
                        try runBlocking(arguments, environment: environment, stdin: stdin, wrapper: wrapper)
                    })
            }
        }
    }

    /// Runs another program (`curl` as an anonymous client), off the pool, with its output.
    public static func runTool(_ path: String, _ arguments: [String]) async throws -> Result {
        try await offThePool {
            try runBlocking(
                arguments, environment: [:], stdin: nil, wrapper: [], executable: URL(fileURLWithPath: path))
        }
    }

    private static func runBlocking(
        _ arguments: [String], environment: [String: String], stdin: String?, wrapper: [String],
        executable: URL? = nil
    ) throws -> Result {
        let process = Process()
        if let executable {
            process.executableURL = executable
            process.arguments = arguments
        } else if let program = wrapper.first {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/" + program)
            process.arguments = Array(wrapper.dropFirst()) + [url.path] + arguments
        } else {
            process.executableURL = url
            process.arguments = arguments
        }
        process.environment = environment.merging(["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]) { a, _ in a }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

/// Runs blocking work (making 100,000 files, a long scan) on a thread of its own: on 2 cores
/// the cooperative pool has 2 threads, and the in-process servers of other tests answer there.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
