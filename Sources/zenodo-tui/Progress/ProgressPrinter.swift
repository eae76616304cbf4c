import Foundation
import TerminalKit
import ZenodoKit

/// Prints an upload's events: a live block redrawn at most 4 times a second on a terminal, plain
/// lines otherwise, or NDJSON with `--json`.
final class ProgressPrinter: @unchecked Sendable {
    enum Mode { case live, lines, json }

    private let mode: Mode
    private var board = TransferBoard()
    private var drawnLines = 0
    private var lastDraw = 0.0
    private let lock = NSLock()

    init(json: Bool) {
        mode = json ? .json : (Console.stdoutIsTTY ? .live : .lines)
    }

    func handle(_ event: UploadEvent) {
        lock.withLock {
            board.apply(event)
            switch mode {
            case .json:
                Console.out(String(decoding: event.json.encoded(), as: UTF8.self))
            case .lines:
                if let line = Self.line(for: event) { Console.out(line) }
            case .live:
                if let line = Self.line(for: event), Self.isMilestone(event) {
                    erase()
                    Console.out(line)
                }
                let now = Date().timeIntervalSince1970
                if now - lastDraw >= 0.25 || board.finished {
                    erase()
                    draw()
                    lastDraw = now
                }
            }
        }
    }

    private func draw() {
        let lines = board.finished ? [] : board.lines(width: Console.columns)
        for line in lines { Console.out(line) }
        drawnLines = lines.count
    }

    private func erase() {
        guard drawnLines > 0 else { return }
        Console.rawOut("\u{1B}[\(drawnLines)A\u{1B}[J")
        drawnLines = 0
    }

    static func isMilestone(_ event: UploadEvent) -> Bool {
        switch event {
        case .verified, .skipped, .failed, .retrying, .finished: return true
        default: return false
        }
    }

    /// The plain-text line for an event, `nil` for high-frequency ones.
    static func line(for event: UploadEvent) -> String? {
        switch event {
        case .verified(let key, let md5): return "verified  \(Console.safe(key))  md5:\(md5)"
        case .skipped(let key, let reason): return "skipped   \(Console.safe(key))  (\(reason))"
        case .failed(let key, let reason): return "FAILED    \(Console.safe(key)): \(reason)"
        case .retrying(let key, let attempt, let max, let delay, let reason):
            return "retry     \(Console.safe(key))  \(attempt)/\(max) in \(Int(delay.rounded())) s: \(reason)"
        case .paced(let seconds): return "waiting   \(Int(seconds.rounded())) s for Zenodo's rate limit to reset"
        case .finished(let b):
            return "done: \(b.verified) verified, \(b.skipped) skipped, \(b.failed) failed, \(ByteFormat.string(b.doneBytes))"
        default: return nil
        }
    }
}
