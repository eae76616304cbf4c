import EssentialsExtras
import FoundationEssentials
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// A Unix domain stream socket carrying one JSON document per line, with blocking reads (callers
/// keep them off the cooperative pool) and writes that never raise SIGPIPE.
final class LineSocket: @unchecked Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []
    private let writeLock = PlainLock()
    private var closed = false
    private let closeLock = PlainLock()

    init(fd: Int32) { self.fd = fd }

    /// Connects to the socket at `path`; `nil` when nobody listens there.
    static func connect(path: String) -> LineSocket? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_un()
        guard fill(&address, path: path) else {
            Glibc.close(fd)
            return nil
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            return nil
        }
        return LineSocket(fd: fd)
    }

    /// Binds and listens at `path` (which must not exist), readable and writable by the owner only.
    static func listen(path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw AgentError("cannot create a socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        guard fill(&address, path: path) else {
            Glibc.close(fd)
            throw AgentError(
                "the socket path is too long for a Unix socket (\(path.utf8.count) bytes): set XDG_RUNTIME_DIR to a shorter directory"
            )
        }
        let previous = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        umask(previous)
        guard bound == 0, Glibc.listen(fd, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw AgentError("cannot listen on \(path): \(reason)")
        }
        return fd
    }

    /// The user id of the process at the other end (`SO_PEERCRED`), `nil` if the kernel will not say.
    var peerUID: uid_t? {
        var credentials = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else { return nil }
        return credentials.uid
    }

    private static func fill(_ address: inout sockaddr_un, path: String) -> Bool {
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return true
    }

    /// Writes one line; `false` once the other end is gone.
    @discardableResult
    func send(_ value: JSONValue) -> Bool {
        var bytes = value.encoded()
        bytes.append(UInt8(ascii: "\n"))
        writeLock.lock()
        defer { writeLock.unlock() }
        return bytes.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    /// Reads one line (without its newline); `nil` at the end of the stream or on an error.
    func readLine() -> Data? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<n])
            if buffer.count > 64 << 20 { return nil }
        }
    }

    /// Ends both directions (a blocked `readLine` returns) without closing the descriptor.
    func hangUp() {
        closeLock.lock()
        defer { closeLock.unlock() }
        guard !closed else { return }
        shutdown(fd, Int32(SHUT_RDWR))
    }

    func close() {
        closeLock.lock()
        defer { closeLock.unlock() }
        guard !closed else { return }
        closed = true
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }

    deinit { close() }
}

/// Linux's `struct ucred` (pid, uid, gid), which Swift's Glibc module leaves out.
private struct PeerCredentials {
    var pid: Int32 = 0
    var uid: uid_t = 0
    var gid: gid_t = 0
}
