import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback server that answers what no well-behaved server would, with blocking sockets and a
/// thread per connection: it reads each request head, records it, and hands the connection to `reply`.
/// `refusingProxy()` answers 502 to every CONNECT, as a cluster's proxy does for a host it will
/// not reach; `endless(contentLength:)` announces a body and sends zeros until the client goes.
public final class RawServer: @unchecked Sendable {
    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var heads: [String] = []

    private let reply: @Sendable (Int32) -> Void

    public init(reply: @escaping @Sendable (Int32) -> Void) throws {
        self.reply = reply
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let listener = fd
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 { return }
                // Each connection on a thread of its own: a client that opens a connection and
                // sends nothing on it (yet) must not hold up the next one's answer.
                Thread.detachNewThread { [self] in answer(connection) }
            }
        }
    }

    public var requests: [String] { lock.withLock { heads } }

    private func answer(_ connection: Int32) {
        defer { close(connection) }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.contains(Data("\r\n\r\n".utf8)) {
            let n = recv(connection, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
        }
        lock.withLock { heads.append(String(decoding: received, as: UTF8.self)) }
        reply(connection)
    }

    public static func send(_ text: String, to connection: Int32) -> Bool {
        text.withCString { Glibc.send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) } >= 0
    }

    public static func refusingProxy() throws -> RawServer {
        try RawServer { connection in
            _ = send("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", to: connection)
        }
    }

    /// 200 with JSON's content type and `contentLength`, then spaces for as long as the client reads.
    public static func endless(contentLength: Int) throws -> RawServer {
        try endless(status: "200 OK", contentType: "application/json", contentLength: contentLength, sent: nil)
    }

    /// `status` announcing `contentLength` bytes of `contentType`, then as many as the client
    /// reads; `sent` counts the body bytes that left.
    public static func endless(status: String, contentType: String, contentLength: Int, sent: Counter?) throws
        -> RawServer
    {
        try RawServer { connection in
            guard
                send(
                    "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(contentLength)\r\n\r\n",
                    to: connection)
            else { return }
            let filler = [UInt8](repeating: 0x20, count: 1 << 16)
            var total = 0
            while total < contentLength {
                let n = filler.withUnsafeBytes {
                    Glibc.send(connection, $0.baseAddress, min($0.count, contentLength - total), Int32(MSG_NOSIGNAL))
                }
                if n <= 0 { return }  // the client went away
                total += n
                sent?.add(n)
            }
        }
    }

    /// 200 announcing `declared` bytes, then `body` (shorter or longer), then the connection closes.
    public static func lying(declared: Int, body: [UInt8]) throws -> RawServer {
        try RawServer { connection in
            guard
                send(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: \(declared)\r\n\r\n",
                    to: connection)
            else { return }
            _ = body.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
    }

    /// Stops accepting: the thread's `accept` fails and it ends.
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}

extension RawServer {
    /// A count shared with a server's thread.
    public final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var total = 0
        public init() {}
        public func add(_ n: Int) { lock.withLock { total += n } }
        public var value: Int { lock.withLock { total } }
    }
}
