import Synchronization

/// The batch's numbers, updated from parallel transfers of either direction: bytes per file, the
/// smoothed rates, and counts. Also throttles per-file progress events. The one tracker of
/// `BatchRunner`, whichever the direction.
final class BatchTracker: Sendable {
    enum FileEnd { case verified, unverified, skipped, failed }

    private struct State {
        var progress = BatchProgress()
        var sent: [String: Int64] = [:]
        var sizes: [String: Int64] = [:]
        var fileMeters: [String: RateMeter] = [:]
        var lastEmit: [String: Double] = [:]
        var batchMeter = RateMeter()
        var finishedBytes: Int64 = 0
    }

    private let state: Mutex<State>
    private let now: @Sendable () -> Double
    private let interval: Double

    /// The batch's files by the key its events name them with, and their sizes; `now` (seconds)
    /// is the clock rates are measured with, injected so that tests can drive it.
    init(files: [(key: String, size: Int64)], now: @escaping @Sendable () -> Double, interval: Double) {
        var initial = State()
        initial.progress.files = files.count
        initial.progress.totalBytes = files.reduce(0) { $0 + $1.size }
        for file in files { initial.sizes[file.key] = file.size }
        state = Mutex(initial)
        self.now = now
        self.interval = interval
    }

    func snapshot() -> BatchProgress { state.withLock { $0.progress } }

    /// Records bytes sent for a file; returns a progress event unless one was sent very recently.
    func progress(_ key: String, sent: Int64) -> TransferEvent? {
        let time = now()
        return state.withLock { s in
            s.sent[key] = sent
            s.fileMeters[key, default: RateMeter()].add(bytes: sent, at: time)
            s.progress.doneBytes = s.finishedBytes + s.sent.values.reduce(0, +)
            s.batchMeter.add(bytes: s.progress.doneBytes, at: time)
            s.progress.rate = s.batchMeter.bytesPerSecond
            s.progress.eta = s.batchMeter.eta(remaining: s.progress.totalBytes - s.progress.doneBytes)
            s.progress.active = s.sent.count
            let total = s.sizes[key] ?? sent
            if sent < total, let last = s.lastEmit[key], time - last < interval { return nil }
            s.lastEmit[key] = time
            return .progress(key: key, sent: sent, total: total, rate: s.fileMeters[key]?.bytesPerSecond ?? 0)
        }
    }

    /// The attempt failed: its bytes no longer count.
    func restart(_ key: String) {
        state.withLock { s in
            s.sent[key] = nil
            s.progress.doneBytes = s.finishedBytes + s.sent.values.reduce(0, +)
            s.progress.active = s.sent.count
        }
    }

    func finish(_ key: String, as outcome: FileEnd) {
        state.withLock { s in
            s.sent[key] = nil
            s.progress.active = s.sent.count
            switch outcome {
            case .verified:
                s.finishedBytes += s.sizes[key] ?? 0
                s.progress.verified += 1
            case .unverified:
                s.finishedBytes += s.sizes[key] ?? 0
                s.progress.unverified += 1
            case .skipped:
                s.finishedBytes += s.sizes[key] ?? 0
                s.progress.skipped += 1
            case .failed:
                s.progress.failed += 1
                s.progress.totalBytes -= s.sizes[key] ?? 0
            }
            s.progress.doneBytes = s.finishedBytes + s.sent.values.reduce(0, +)
            s.progress.eta = s.batchMeter.eta(remaining: s.progress.totalBytes - s.progress.doneBytes)
        }
    }
}
