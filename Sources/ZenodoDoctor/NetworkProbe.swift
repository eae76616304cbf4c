import FoundationEssentials
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import SwiftASN1
import X509
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// The network steps of `doctor`, each on its own: name resolution, a TCP connection, a TLS
/// handshake with the certificate the server shows.
enum NetworkProbe {
    /// The addresses `host` resolves to (getaddrinfo, on another thread: it blocks).
    static func resolve(_ host: String, port: Int) async throws -> [String] {
        try await Task.detached {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &result)
            guard status == 0, let first = result else {
                throw ZenodoError(.network, "\(host) does not resolve: \(String(cString: gai_strerror(status)))")
            }
            defer { freeaddrinfo(first) }
            var addresses: [String] = []
            var next: UnsafeMutablePointer<addrinfo>? = first
            while let info = next {
                var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                if getnameinfo(
                    info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0,
                    NI_NUMERICHOST) == 0
                {
                    let address = String(cString: buffer)
                    if !addresses.contains(address) { addresses.append(address) }
                }
                next = info.pointee.ai_next
            }
            return addresses
        }.value
    }

    /// Opens and closes a TCP connection.
    static func connect(_ host: String, port: Int, timeout: Double) async throws {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(Int64(timeout * 1000)))
                .connect(host: host, port: port).get()
            try? await channel.close()
        } catch {
            throw ZenodoError(.network, "no connection to \(host):\(port): \(reason(error))")
        }
    }

    /// A NIO connection error in a few words.
    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        for (needle, words) in [
            ("Connection refused", "connection refused"), ("timed out", "timed out"), ("connectTimeout", "timed out"),
            ("No route to host", "no route to host"), ("Network is unreachable", "network unreachable"),
        ] where text.contains(needle) {
            return words
        }
        return text
    }

    struct CertificateSummary: Sendable {
        var subject: String
        var issuer: String
        var notValidAfter: Date
    }

    /// A TLS handshake verified against the system's CA certificates, and the leaf certificate.
    static func handshake(_ host: String, port: Int, timeout: Double) async throws -> CertificateSummary {
        let group = MultiThreadedEventLoopGroup.singleton
        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
        let done = group.next().makePromise(of: Void.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.milliseconds(Int64(timeout * 1000)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: context, serverHostname: host))
                        try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(done))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            // Every promise is completed, also when there is no connection to watch.
            done.fail(error)
            throw ZenodoError(.network, "no connection to \(host):\(port) for the TLS handshake: \(reason(error))")
        }
        let deadline = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            done.fail(ZenodoError(.network, "no TLS handshake within \(Int(timeout)) s"))
        }
        defer { deadline.cancel() }
        do {
            try await done.futureResult.get()
        } catch {
            try? await channel.close()
            throw error
        }
        let der = try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).peerCertificate?.toDERBytes()
        }.get()
        try? await channel.close()
        guard let der else { throw ZenodoError(.network, "the server showed no certificate") }
        let certificate = try Certificate(derEncoded: der)
        return CertificateSummary(
            subject: certificate.subject.description, issuer: certificate.issuer.description,
            notValidAfter: certificate.notValidAfter)
    }
}

/// Completes `done` when the TLS handshake completes, fails it when the connection fails first.
private final class HandshakeWatcher: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    private let done: EventLoopPromise<Void>

    init(_ done: EventLoopPromise<Void>) { self.done = done }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event { done.succeed(()) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        done.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.fail(ZenodoError(.network, "the server closed the connection during the TLS handshake"))
        context.fireChannelInactive()
    }
}
