import Foundation
import TerminalKit
import ZenodoKit

/// The state of a batch as a progress display needs it, folded from `UploadEvent`s (pure).
struct TransferBoard {
    struct Active {
        var key: String
        var sent: Int64 = 0
        var total: Int64
        var rate: Double = 0
        var note: String?
    }

    var batch = BatchProgress()
    var active: [String: Active] = [:]
    var order: [String] = []
    var sizes: [String: Int64] = [:]
    var finished = false

    mutating func apply(_ event: UploadEvent) {
        switch event {
        case .queued(let key, let size):
            sizes[key] = size
        case .started(let key, _):
            if active[key] == nil { order.append(key) }
            active[key] = Active(key: key, total: sizes[key] ?? 0)
        case .progress(let key, let sent, let total, let rate):
            active[key]?.sent = sent
            active[key]?.total = total
            active[key]?.rate = rate
            active[key]?.note = nil
        case .verifying(let key):
            active[key]?.note = "verifying"
        case .retrying(let key, let attempt, let max, let delay, let reason):
            active[key]?.sent = 0
            active[key]?.note = "retry \(attempt)/\(max) in \(Int(delay.rounded())) s: \(reason)"
        case .verified(let key, _), .skipped(let key, _), .failed(let key, _):
            active[key] = nil
            order.removeAll { $0 == key }
        case .paced, .batch:
            if case .batch(let progress) = event { batch = progress }
        case .finished(let progress):
            batch = progress
            finished = true
        }
    }

    /// The rclone-like block: totals, then one line per active file.
    func lines(width: Int) -> [String] {
        let b = batch
        let percent = Int((b.fraction * 100).rounded(.down))
        var lines = [
            "Transferred: \(ByteFormat.string(b.doneBytes)) / \(ByteFormat.string(b.totalBytes)), \(percent)%, "
                + "\(ByteFormat.string(Int64(b.rate)))/s, ETA \(Self.duration(b.eta))",
            "Files:       \(b.verified) verified, \(b.skipped) skipped, \(b.failed) failed, \(b.remaining) remaining",
            Bar.render(fraction: b.fraction, width: max(10, min(width, 100) - 2)),
        ]
        for key in order {
            guard let file = active[key] else { continue }
            let fraction = file.total > 0 ? Double(file.sent) / Double(file.total) : 0
            let name = TerminalText.pad(TerminalText.sanitize(file.key), to: 28)
            let detail =
                file.note
                ?? "\(Int(fraction * 100))% \(ByteFormat.string(file.sent))/\(ByteFormat.string(file.total)) \(ByteFormat.string(Int64(file.rate)))/s"
            lines.append(TerminalText.truncate(" * \(name) \(Bar.render(fraction: fraction, width: 20)) \(detail)", to: width))
        }
        return lines
    }

    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "-" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m" }
        if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s)s"
    }
}

/// A text progress bar: `[=========>          ]`.
enum Bar {
    static func render(fraction: Double, width: Int) -> String {
        let inner = max(1, width - 2)
        let filled = Int((min(max(fraction, 0), 1) * Double(inner)).rounded(.down))
        let head = filled < inner && filled > 0 ? ">" : ""
        let body = String(repeating: "=", count: filled == inner ? inner : max(0, filled - (head.isEmpty ? 0 : 1)))
        return "[" + body + head + String(repeating: " ", count: inner - body.count - head.count) + "]"
    }
}
