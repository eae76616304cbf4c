import CThreadName
import Glibc

/// A detached thread of its own for blocking work (Foundation's `Thread.detachNewThread`), named
/// so that `top -H` tells it apart (names are cut to 15 bytes, the kernel's limit).
public enum PlainThread {
    public static func detach(name: String? = nil, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Work(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { raw in
                let work = Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue()
                if let name = work.name {
                    zenodo_set_thread_name(String(decoding: name.utf8.prefix(15), as: UTF8.self))
                }
                work.body()
                return nil
            }, box)
        precondition(started == 0, "cannot start a thread: \(String(cString: strerror(started)))")
        pthread_detach(thread)
    }

    private final class Work: @unchecked Sendable {
        let name: String?
        let body: @Sendable () -> Void
        init(name: String?, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}
