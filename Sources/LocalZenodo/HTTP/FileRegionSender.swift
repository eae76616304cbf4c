import FoundationEssentials
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// Sends a stored file's bytes with `sendfile` (a NIO `FileRegion`) instead of reading them into
/// buffers: the kernel moves them from the page cache to the socket, so LocalZenodo's CPU per GiB
/// served falls to a fraction (it shares the machine with the client it serves in every test and
/// benchmark), as the web server in front of a real repository does.
///
/// Hummingbird's body writer takes only `ByteBuffer`s, so the route asks for the file
/// (`expect`, on the event loop) and finishes its body without writing it; when that answer's end
/// passes here, the region goes out first, written below the HTTP/1 translation (whose parts carry
/// buffers only), where NIO's encoder frames it like any body.
final class FileRegionSender: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var pending: (path: String, span: Range<Int64>)?

    /// The next answer's body is this part of this file. Call on the channel's event loop.
    func expect(path: String, span: Range<Int64>) { pending = (path, span) }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data), let file = pending else {
            context.write(data, promise: promise)
            return
        }
        pending = nil
        let fd = open(file.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0,
            let below = try? context.pipeline.syncOperations.context(handlerType: HTTP1ToHTTPServerCodec.self)
        else {
            // The promised length cannot be sent: end the connection, as a failed read would.
            if fd >= 0 { Glibc.close(fd) }
            promise?.fail(ChannelError.ioOnClosedChannel)
            context.close(promise: nil)
            return
        }
        let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: fd)
        let region = FileRegion(
            fileHandle: handle, readerIndex: Int(file.span.lowerBound), endIndex: Int(file.span.upperBound))
        let sent = context.eventLoop.makePromise(of: Void.self)
        sent.futureResult.whenComplete { _ in try? handle.close() }
        below.write(NIOAny(HTTPServerResponsePart.body(.fileRegion(region))), promise: sent)
        context.write(data, promise: promise)
    }
}

extension FileRegionSender {
    /// Asks the channel's sender (if it has one) to send `span` of `path` as the body of the answer
    /// being written; false if it has none (the caller writes the bytes itself).
    static func request(on channel: any Channel, path: String, span: Range<Int64>) async -> Bool {
        (try? await channel.eventLoop.submit {
            guard let sender = try? channel.pipeline.syncOperations.handler(type: FileRegionSender.self) else {
                return false
            }
            sender.expect(path: path, span: span)
            return true
        }.get()) ?? false
    }
}
