import Dispatch
import FoundationEssentials
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Turns SIGINT, SIGTERM and SIGHUP (a dropped SSH session) into a callback, so a long command
/// can stop its work cleanly (journals written) instead of dying mid-write.
final class SignalWatcher: @unchecked Sendable {
    /// `Mutex` is non-copyable: a class shares it with the handlers.
    private final class Caught: Sendable { let value = Mutex<Int32?>(nil) }

    private let sources: [any DispatchSourceSignal]
    private let caught = Caught()

    init(_ signals: [Int32] = [SIGINT, SIGTERM, SIGHUP], onSignal: @escaping @Sendable (Int32) -> Void) {
        var sources: [any DispatchSourceSignal] = []
        let caught = self.caught
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let first = caught.value.withLock { value -> Bool in
                    defer { if value == nil { value = number } }
                    return value == nil
                }
                if first { onSignal(number) }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// The first signal received, if any.
    var received: Int32? { caught.value.withLock { $0 } }

    func stop() {
        for source in sources { source.cancel() }
    }
}
