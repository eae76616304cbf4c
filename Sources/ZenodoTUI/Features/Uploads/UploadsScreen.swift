import FoundationEssentials
import TerminalKit
import ZenodoKit

/// The upload queue and the live progress of each batch: total bar with bytes, %, rate, ETA and
/// file counts, then one bar per active file with retries as they happen.
enum UploadsScreen {
    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        var y = area.y
        let downloads = state.downloads
        let interrupted = state.resumableDownloads.filter { !state.resuming.contains($0.id) }
        if state.uploads.isEmpty, !downloads.isEmpty || !interrupted.isEmpty {
            drawDownloads(downloads, interrupted: interrupted, from: y, in: area, into: &buffer)
            return
        }
        if state.uploads.isEmpty {
            var lines = ["No uploads in this session.", "Open a draft and press u to upload files."]
            if !state.resumable.isEmpty {
                lines += ["", "\(state.resumable.count) interrupted upload(s) from an earlier run: press R to resume."]
                for journal in state.resumable.prefix(5) {
                    let left = journal.entries.filter { $0.state != .verified }.count
                    lines.append("  deposition \(journal.depositionID): \(left) of \(journal.entries.count) files left")
                }
            }
            ListScreen.message(lines, at: area, into: &buffer, style: Palette.dim)
            return
        }
        for (index, upload) in state.uploads.enumerated() {
            guard y < area.bottom - 1 else { break }
            let selected = index == state.uploadSelection
            let title =
                "\(upload.phase.rawValue.uppercased())\(upload.background ? " in the background" : "")  deposition \(upload.depositionID)  \(TerminalText.sanitize(upload.title))"
            if selected { buffer.fill(x: 0, y: y, width: area.width, style: Palette.selected) }
            buffer.write(title, x: 1, y: y, style: selected ? Palette.selected : Palette.title)
            y += 1
            let p = upload.progress
            let bar = ProgressText.bar(p.fraction, width: min(40, area.width / 3))
            let line =
                "\(bar) \(Int(p.fraction * 100))%  \(ByteFormat.string(p.doneBytes))/\(ByteFormat.string(p.totalBytes))  \(ByteFormat.string(Int64(p.rate)))/s  ETA \(ProgressText.duration(p.eta))"
            buffer.write(line, x: 2, y: y, style: .plain)
            y += 1
            buffer.write(
                "files: \(p.verified + p.skipped) done (\(p.skipped) skipped), "
                    + (p.unverified > 0 ? "\(p.unverified) arrived NOT verified, " : "")
                    + "\(p.failed) failed, \(p.remaining) remaining",
                x: 2, y: y, style: p.failed > 0 || p.unverified > 0 ? Palette.error : Palette.dim)
            y += 1
            guard selected else { continue }
            for file in upload.active where y < area.bottom - 1 {
                let fraction = file.total > 0 ? Double(file.sent) / Double(file.total) : 0
                let name = TerminalText.pad(TerminalText.sanitize(file.key), to: 24)
                let detail =
                    file.note.map { TerminalText.sanitize($0) }
                    ?? "\(Int(fraction * 100))%  \(ByteFormat.string(Int64(file.rate)))/s"
                buffer.write(
                    TerminalText.truncate(
                        "  \(name) \(ProgressText.bar(fraction, width: 22)) \(detail)", to: area.width - 1), x: 1, y: y,
                    style: file.note?.hasPrefix("retry") == true ? Style(foreground: .yellow) : .plain)
                y += 1
            }
            for entry in upload.log.suffix(max(0, min(4, area.bottom - 1 - y))) {
                buffer.write(
                    TerminalText.truncate("  " + TerminalText.sanitize(entry), to: area.width - 2), x: 1, y: y,
                    style: Palette.dim)
                y += 1
            }
            y += 1
        }
        if !downloads.isEmpty || !interrupted.isEmpty {
            drawDownloads(downloads, interrupted: interrupted, from: y, in: area, into: &buffer)
        }
    }

    /// Download batches below the uploads: one row each with the record, a bar with bytes, rate and
    /// ETA, and the files verified, failed and left (`c` in the record view stops a batch).
    static func drawDownloads(
        _ batches: [DownloadBatch], interrupted: [DownloadJournal], from top: Int, in area: Rect,
        into buffer: inout ScreenBuffer
    ) {
        var y = top
        guard y < area.bottom - 1 else { return }
        buffer.write("Downloads", x: 1, y: y, style: Palette.heading)
        y += 1
        if !interrupted.isEmpty, y < area.bottom - 1 {
            let line = "\(interrupted.count) interrupted download batch(es) from an earlier run: R resumes the first"
            buffer.write(TerminalText.truncate(line, to: area.width - 2), x: 1, y: y, style: Palette.dim)
            y += 1
            for journal in interrupted.prefix(3) where y < area.bottom - 1 {
                let what = journal.title.map { TerminalText.sanitize($0) } ?? TerminalText.sanitize(journal.reference)
                let left =
                    "\(journal.pending.count) of \(journal.entries.count) file(s) left, \(ByteFormat.string(journal.pendingBytes))"
                buffer.write(
                    TerminalText.truncate("  \(what): \(left)", to: area.width - 2), x: 1, y: y, style: Palette.dim)
                y += 1
            }
            y += 1
        }
        for batch in batches.reversed() where y + 2 < area.bottom {
            let head = "\(batch.label)  record \(batch.recordID)  \(TerminalText.sanitize(batch.title))"
            buffer.write(
                TerminalText.truncate(head, to: area.width - 2), x: 1, y: y,
                style: batch.failed > 0 ? Palette.error : Palette.title)
            y += 1
            let eta = batch.eta.map { "  ETA \(ProgressText.duration($0))" } ?? ""
            let line =
                "\(ProgressText.bar(batch.fraction, width: min(40, area.width / 3))) \(Int(batch.fraction * 100))%  "
                + "\(ByteFormat.string(batch.doneBytes))/\(ByteFormat.string(batch.totalBytes))"
                + (batch.isRunning ? "  \(ByteFormat.string(Int64(batch.rate)))/s\(eta)" : "")
            buffer.write(TerminalText.truncate(line, to: area.width - 3), x: 2, y: y, style: .plain)
            y += 1
            let files =
                "files: \(batch.verified) verified, \(batch.failed) failed, \(batch.left) left; into \(TerminalText.sanitize(batch.directory))"
            buffer.write(
                TerminalText.truncate(files, to: area.width - 3), x: 2, y: y,
                style: batch.failed > 0 ? Palette.error : Palette.dim)
            y += 2
        }
    }
}
