import EssentialsExtras
import FoundationEssentials
import TerminalKit
import ZenodoKit

/// Prints a transfer batch's events, either direction: a live block redrawn at most 4 times a
/// second on a terminal, plain lines otherwise, or NDJSON with `--json`. The lines are the
/// command's own (`lines`); the block is drawn from the one fold of events (`BatchFold`).
final class ProgressPrinter: @unchecked Sendable {
    enum Mode { case live, lines, json }

    private let mode: Mode
    private let lines: (TransferEvent) -> String?
    /// The same fold of events the interface and the agent use (ZenodoKit's).
    private var upload = BatchFold()
    private var drawnLines = 0
    private var lastDraw = 0.0
    private let lock = PlainLock()

    init(json: Bool, lines: @escaping (TransferEvent) -> String? = ProgressPrinter.line(for:)) {
        mode = json ? .json : (Console.stdoutIsTTY ? .live : .lines)
        self.lines = lines
    }

    func handle(_ event: TransferEvent) {
        lock.withLock {
            let finished = upload.apply(event)
            switch mode {
            case .json:
                Console.out(String(decoding: event.json.encoded(), as: UTF8.self))
            case .lines:
                if let line = lines(event) { Console.out(line) }
            case .live:
                if Self.isMilestone(event), let line = lines(event) {
                    erase()
                    Console.out(line)
                }
                let now = Date().timeIntervalSince1970
                // Not on a `queued`: the block waits for the whole batch to be queued.
                if case .queued = event { return }
                if now - lastDraw >= 0.25 || finished {
                    erase()
                    draw()
                    lastDraw = now
                }
            }
        }
    }

    private func draw() {
        let lines = upload.isRunning ? Self.block(upload, width: Console.columns) : []
        for line in lines { Console.out(line) }
        drawnLines = lines.count
    }

    private func erase() {
        guard drawnLines > 0 else { return }
        Console.rawOut("\u{1B}[\(drawnLines)A\u{1B}[J")
        drawnLines = 0
    }

    /// The rclone-like block: totals, then one line per active file.
    static func block(_ upload: BatchFold, width: Int) -> [String] {
        let b = upload.progress
        var lines = [
            "Transferred: \(ByteFormat.string(b.doneBytes)) / \(ByteFormat.string(b.totalBytes)), \(Int((b.fraction * 100).rounded(.down)))%, "
                + "\(ByteFormat.string(Int64(b.rate)))/s, ETA \(ProgressText.duration(b.eta))",
            "Files:       \(b.verified) verified, \(b.unverified > 0 ? "\(b.unverified) NOT verified, " : "")\(b.skipped) skipped, \(b.failed) failed, \(b.remaining) remaining",
            ProgressText.bar(b.fraction, width: max(10, min(width, 100) - 2)),
        ]
        for file in upload.active {
            let fraction = file.total > 0 ? Double(file.sent) / Double(file.total) : 0
            let name = TerminalText.pad(TerminalText.sanitize(file.key), to: 28)
            let detail =
                file.note.map { TerminalText.sanitize($0) }
                ?? "\(Int(fraction * 100))% \(ByteFormat.string(file.sent))/\(ByteFormat.string(file.total)) \(ByteFormat.string(Int64(file.rate)))/s"
            lines.append(
                TerminalText.truncate(" * \(name) \(ProgressText.bar(fraction, width: 20)) \(detail)", to: width))
        }
        return lines
    }

    static func isMilestone(_ event: TransferEvent) -> Bool {
        switch event {
        case .verified, .arrived, .skipped, .failed, .retrying, .finished: return true
        default: return false
        }
    }

    /// The plain-text line for an event, `nil` for high-frequency ones.
    static func line(for event: TransferEvent) -> String? {
        switch event {
        case .verified(let key, let md5): return "verified  \(Console.safe(key))  md5:\(md5)"
        case .arrived(let key, let md5):
            return "ARRIVED   \(Console.safe(key))  md5:\(md5) (sent; NOT verified by the server: it gave no checksum)"
        case .skipped(let key, let reason): return "skipped   \(Console.safe(key))  (\(reason))"
        case .failed(let key, let reason): return "FAILED    \(Console.safe(key)): \(reason)"
        case .retrying(let key, let attempt, let max, let delay, let reason):
            return "retry     \(Console.safe(key))  \(attempt)/\(max) in \(Int(delay.rounded())) s: \(reason)"
        case .paced(let seconds): return "waiting   \(Int(seconds.rounded())) s for Zenodo's rate limit to reset"
        case .finished(let b):
            return
                "done: \(b.verified) verified, \(b.unverified > 0 ? "\(b.unverified) arrived NOT verified, " : "")\(b.skipped) skipped, \(b.failed) failed, \(ByteFormat.string(b.doneBytes))"
        default: return nil
        }
    }
}
