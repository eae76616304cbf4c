import Testing
import ZenodoKit

/// The one fold of a batch's events (upload and download progress blocks, the interface's queue
/// and record view, the agent's listing): every file and where it stands, whatever the direction.
@Suite struct BatchFoldTests {
    @Test func everyFileIsFollowedFromQueuedToItsEnd() {
        var fold = BatchFold()
        for (key, size) in [("a", 10), ("b", 20), ("c", 30), ("d", 40)] {
            _ = fold.apply(.queued(key: key, size: Int64(size)))
        }
        // Counted before the runner's first numbers, so a block drawn early is not "0 of 0".
        #expect(fold.progress.files == 4 && fold.progress.totalBytes == 100)
        _ = fold.apply(.started(key: "a", attempt: 1))
        _ = fold.apply(.progress(key: "a", sent: 4, total: 10, rate: 2))
        _ = fold.apply(.started(key: "b", attempt: 1))
        #expect(fold.files.map(\.state) == [.running, .running, .pending, .pending])
        #expect(fold.active.map(\.sent) == [4, 0])
        _ = fold.apply(.verified(key: "a", md5: "m1"))
        _ = fold.apply(.skipped(key: "c", reason: "already here"))
        _ = fold.apply(.arrived(key: "d", md5: "m4"))
        #expect(fold.file("a") == BatchFold.File(key: "a", size: 10, state: .verified, md5: "m1"))
        #expect(fold.file("c")?.isDone == true && fold.file("d")?.state == .arrived)
        var counts = BatchProgress()
        (counts.files, counts.verified, counts.skipped, counts.unverified) = (4, 1, 1, 1)
        // The batch stopped with b under way: it is pending again (a resume sends it).
        let ended = fold.apply(.finished(counts))
        #expect(ended && fold.phase == .cancelled && fold.active.isEmpty)
        #expect(fold.file("b")?.state == .pending)
        #expect(fold.files.map(\.key) == ["a", "b", "c", "d"])
    }

    @Test func aFailureKeepsItsReasonAndARetryClearsIt() {
        var fold = BatchFold(files: [.init(key: "x", size: 5, state: .failed, error: "earlier run: 500")])
        #expect(fold.file("x")?.error == "earlier run: 500")
        _ = fold.apply(.queued(key: "x", size: 5))
        #expect(fold.file("x")?.state == .pending && fold.file("x")?.error == nil)
        // Queued again, a known file keeps its place and is not counted twice.
        #expect(fold.files.count == 1 && fold.progress.files == 0)
        _ = fold.apply(.started(key: "x", attempt: 1))
        _ = fold.apply(.failed(key: "x", reason: "connection reset"))
        #expect(fold.file("x")?.state == .failed && fold.file("x")?.error == "connection reset")
        // A file the runner never had (no link for it) still ends, with its reason.
        _ = fold.apply(.failed(key: "y", reason: "the record gives no link for it"))
        #expect(fold.file("y")?.error == "the record gives no link for it")
    }
}
