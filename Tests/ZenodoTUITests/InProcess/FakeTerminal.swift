import Foundation
import Synchronization
import TerminalKit

#if canImport(Glibc)
    import Glibc
#endif

/// A terminal in memory for the in-process driver: keys are queued by the test and delivered with
/// a wake-up, each presented frame is kept (and counted) for the test to read. Thread-safe: the
/// loop's thread presents and reads keys, the test's tasks queue keys and read frames.
final class FakeTerminal: Terminal, @unchecked Sendable {
    private struct State {
        var keys: [Key] = []
        var frame = ScreenBuffer(size: Size(width: 80, height: 24))
        var frames = 0
        var size: Size
        var resized = false
        var signal: Int32 = 0
        var copied: [String] = []
    }

    private let state: Mutex<State>
    let wakeFD: Int32
    private let wakeWrite: Int32

    init(size: Size = Size(width: 80, height: 24)) {
        state = Mutex(State(size: size))
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        wakeFD = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        close(wakeFD)
        close(wakeWrite)
    }

    // MARK: the loop's side

    var size: Size { state.withLock { $0.size } }
    var inputFD: Int32 { -1 }

    func present(_ buffer: ScreenBuffer) {
        state.withLock {
            $0.frame = buffer
            $0.frames += 1
        }
    }

    func copyToClipboard(_ text: String) { state.withLock { $0.copied.append(text) } }

    /// What the app put in the clipboard, oldest first.
    var copied: [String] { state.withLock { $0.copied } }

    func pendingKeys() -> [Key] {
        state.withLock { s in
            defer { s.keys = [] }
            return s.keys
        }
    }

    func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    func drainWake() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeFD, &buffer, buffer.count) > 0 {}
    }

    func takeSignal() -> Int32 {
        state.withLock { s in
            defer { s.signal = 0 }
            return s.signal
        }
    }
    func takeResize() -> Bool {
        state.withLock { s in
            defer { s.resized = false }
            return s.resized
        }
    }
    func start() {}
    func stop() {}

    // MARK: the test's side

    func press(_ keys: [Key]) {
        state.withLock { $0.keys += keys }
        wake()
    }

    func resize(to size: Size) {
        state.withLock {
            $0.size = size
            $0.resized = true
        }
        wake()
    }

    func send(signal: Int32) {
        state.withLock { $0.signal = signal }
        wake()
    }

    /// The last frame presented, and how many frames have been presented so far.
    var frame: (text: String, count: Int) { state.withLock { ($0.frame.text, $0.frames) } }
}
