import EssentialsExtras
import Foundation
import Testing

@Suite struct SystemTests {
    @Test func aFileIsReadSoughtAndItsErrorsSaid() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("extras-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("0123456789".utf8).write(to: url)
        let handle = try PlainFileHandle(forReadingFrom: url)
        #expect(try handle.read(upToCount: 4) == Data("0123".utf8))
        #expect(try handle.seekToEnd() == 10)
        try handle.seek(toOffset: 8)
        #expect(try handle.read(upToCount: 100) == Data("89".utf8))
        #expect(try handle.read(upToCount: 100) == Data())
        try handle.close()
        #expect(PlainFileHandle(forReadingAtPath: "/no/such/file") == nil)
        do {
            _ = try PlainFileHandle(forReadingFrom: URL(fileURLWithPath: "/no/such/file"))
            Issue.record("a missing file was opened")
        } catch {
            #expect(ErrorText.describe(error) == "“/no/such/file” does not exist: No such file or directory")
        }
        #expect(ErrorText.describe(POSIXError(.EACCES)) == "Permission denied")
    }

    @Test func aConditionWaitsUntilSignalledOrTimedOut() async {
        let condition = PlainCondition()
        condition.lock()
        let started = ContinuousClock.now
        #expect(condition.wait(seconds: 0.05) == false)
        #expect(ContinuousClock.now - started >= .milliseconds(40))
        condition.unlock()
        let flag = PlainLock()
        nonisolated(unsafe) var ready = false
        PlainThread.detach(name: "extras-test") {
            condition.withLock {
                flag.withLock { ready = true }
                condition.signal()
            }
        }
        condition.lock()
        let deadline = ContinuousClock.now + .seconds(30)
        while !flag.withLock({ ready }), ContinuousClock.now < deadline { condition.wait(seconds: 1) }
        condition.unlock()
        #expect(flag.withLock { ready })
    }

    /// The thread's name is the one `top -H` shows.
    @Test func aThreadCarriesItsName() async throws {
        let seen = PlainCondition()
        nonisolated(unsafe) var name = ""
        PlainThread.detach(name: "zenodo-test-thread-long") {
            let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
            seen.withLock {
                name = comm.trimmingCharacters(in: .newlines)
                seen.signal()
            }
        }
        seen.lock()
        let deadline = ContinuousClock.now + .seconds(30)
        while name.isEmpty, ContinuousClock.now < deadline { seen.wait(seconds: 1) }
        seen.unlock()
        #expect(name == "zenodo-test-thr", "cut to the kernel's 15 bytes")
    }
}
