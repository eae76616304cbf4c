import ZenodoKit

extension UploadState {
    /// Applies one upload event to the batch; `true` when the batch finished. Shared by the
    /// interface and `zenodo-tui upload`'s progress block.
    public mutating func apply(_ event: UploadEvent) -> Bool {
        fold(&self, event)
    }
}

private func fold(_ upload: inout UploadState, _ event: UploadEvent) -> Bool {
    func setActive(_ key: String, _ change: (inout UploadState.ActiveFile) -> Void) {
        if let i = upload.active.firstIndex(where: { $0.key == key }) { change(&upload.active[i]) }
    }
    switch event {
    case .queued:
        break
    case .started(let key, _):
        if !upload.active.contains(where: { $0.key == key }) {
            upload.active.append(.init(key: key, total: 0))
        }
        setActive(key) { $0.note = nil; $0.sent = 0 }
    case .progress(let key, let sent, let total, let rate):
        setActive(key) {
            $0.sent = sent
            $0.total = total
            $0.rate = rate
            $0.note = nil
        }
    case .verifying(let key):
        setActive(key) { $0.note = "verifying checksum" }
    case .retrying(let key, let attempt, let max, let delay, let reason):
        setActive(key) {
            $0.sent = 0
            $0.note = "retry \(attempt)/\(max) in \(Int(delay.rounded())) s: \(reason)"
        }
        upload.log.append("retry \(key) \(attempt)/\(max): \(reason)")
    case .verified(let key, let md5):
        upload.active.removeAll { $0.key == key }
        upload.log.append("verified \(key) md5:\(md5)")
    case .skipped(let key, let reason):
        upload.active.removeAll { $0.key == key }
        upload.log.append("skipped \(key): \(reason)")
    case .failed(let key, let reason):
        upload.active.removeAll { $0.key == key }
        upload.log.append("FAILED \(key): \(reason)")
    case .paced(let seconds):
        upload.log.append("waiting \(Int(seconds.rounded())) s for the rate limit")
    case .batch(let progress):
        upload.progress = progress
    case .finished(let progress):
        upload.progress = progress
        upload.active = []
        if upload.phase == .running { upload.phase = progress.remaining > 0 ? .cancelled : .finished }
        return true
    }
    if upload.log.count > 200 { upload.log.removeFirst(upload.log.count - 200) }
    return false
}

