import Foundation

/// Runs the real `zenodo-tui` binary with a chosen environment and standard input.
enum Binary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var url: URL {
        if let built = ProcessInfo.processInfo.environment["ZENODO_TUI_BINARY"] { return URL(fileURLWithPath: built) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/zenodo-tui")
    }

    /// Runs on a thread of its own: waiting for the process must not block the cooperative pool,
    /// where the in-process LocalZenodo answers the binary's requests.
    /// `wrapper` runs the binary under another program (`setpriv …`, `unshare …`): its first
    /// element is looked up in /usr/bin, and the binary's path and `arguments` follow the rest.
    static func run(_ arguments: [String], environment: [String: String], stdin: String? = nil, wrapper: [String] = []) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try runBlocking(arguments, environment: environment, stdin: stdin, wrapper: wrapper) })
            }
        }
    }

    private static func runBlocking(_ arguments: [String], environment: [String: String], stdin: String?, wrapper: [String]) throws -> Result {
        let process = Process()
        if let program = wrapper.first {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/" + program)
            process.arguments = Array(wrapper.dropFirst()) + [url.path] + arguments
        } else {
            process.executableURL = url
            process.arguments = arguments
        }
        process.environment = environment.merging(["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]) { a, _ in a }
        let out = Pipe(), err = Pipe(), input = Pipe()
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
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
