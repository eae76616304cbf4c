import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `path` as a Unix socket address, handed to `body` (bind or connect), for the tests that talk to
/// the agent's socket, or plant one at its address.
public func withUnixAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
    var address = sockaddr_un()
    precondition(
        path.utf8.count < MemoryLayout.size(ofValue: address.sun_path),
        "a Unix socket path this long does not fit: \(path)")
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        raw.copyBytes(from: Array(path.utf8))
        raw[path.utf8.count] = 0
    }
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
}
