import Foundation
import TestScratch

/// The real `zenodo-tui serve` binary, started on port 0; its ready line gives the URL.
final class ServeProcess: @unchecked Sendable {
    let api: String
    let stderr: URL

    static var binary: URL { Binary.url }

    private init(api: String, running: Process, output: Pipe, stderr: URL) {
        self.api = api
        self.running = running
        self.output = output
        self.stderr = stderr
    }

    static func start(_ arguments: [String]) throws -> ServeProcess {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0"] + arguments
        let out = Pipe()
        let errURL = TestScratch.file("serve.log")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let line = readLine(out.fileHandleForReading)
        guard line.hasPrefix("LocalZenodo listening on ") else {
            process.terminate()
            throw ServeError(message: "unexpected ready line: \(line)")
        }
        return ServeProcess(
            api: String(line.dropFirst("LocalZenodo listening on ".count)), running: process, output: out,
            stderr: errURL)
    }

    let running: Process?
    let output: Pipe?

    var pid: Int32 { running?.processIdentifier ?? 0 }

    /// Reads one line from the pipe (blocking until the server is ready or exits).
    static func readLine(_ handle: FileHandle) -> String {
        var bytes = Data()
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `VmHWM` of the server process in KiB.
    func peakRSSKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// Sends SIGTERM and waits; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        guard let running, running.isRunning else { return running?.terminationStatus ?? 0 }
        running.terminate()
        running.waitUntilExit()
        return running.terminationStatus
    }

    var log: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }
}

struct ServeError: Error { var message: String }
