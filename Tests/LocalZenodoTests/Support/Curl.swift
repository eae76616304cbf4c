import Foundation

/// Runs the real `curl`, so that requests are exactly as curl sends them (including
/// `Expect: 100-continue` on bodies over 1 MiB).
enum Curl {
    struct Result {
        var status: Int
        var body: String
        var seconds: Double
        var trace: String
    }

    /// Runs on a thread of its own, so that waiting for curl never blocks the cooperative pool
    /// where the in-process server answers it.
    static func run(_ arguments: [String]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try runBlocking(arguments) })
            }
        }
    }

    private static func runBlocking(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-sS", "-o", "-", "-w", "\n%{http_code} %{time_total}"] + arguments
        let out = Pipe()
        process.standardOutput = out
        let err = Pipe()
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let trace = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        let last = lines.removeLast().split(separator: " ")
        return Result(
            status: Int(last.first ?? "") ?? 0, body: lines.joined(separator: "\n"),
            seconds: Double(last.last ?? "") ?? 0, trace: trace)
    }
}
