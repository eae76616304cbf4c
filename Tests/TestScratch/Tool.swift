import Foundation

/// Runs another program (an independent reader: `unzip`, `bsdtar`, `python3`) on a thread of its
/// own, its standard output and error together.
public enum Tool {
    public struct Output: Sendable {
        public var status: Int32
        public var text: String
    }

    public static func run(_ program: String, _ arguments: [String]) async throws -> Output {
        try await offThePool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
            process.environment = ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
        }
    }
}
