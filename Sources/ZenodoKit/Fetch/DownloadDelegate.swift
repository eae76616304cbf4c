import AsyncHTTPClient
import EssentialsExtras
import FoundationEssentials
import NIOCore
import NIOHTTP1

/// Receives a download's answer on the event loop. When the head arrives, `choose` decides at
/// once where the body goes (a file's sink opens in microseconds; hashing a partial copy happens
/// on the sink's own thread), so no byte waits behind a decision and none is lost if the
/// connection drops right after the head. The body's buffers then go straight from the loop into
/// the sink, with no hop to a task for each of the ~16,000 chunks a GiB arrives in; while the
/// sink's queue is full the next read waits (the future AsyncHTTPClient honours), so memory
/// stays flat.
final class DownloadDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void

    /// Where the body goes.
    enum Route {
        /// Into a file's sink; `progress` hears the bytes on disk so far, counted from `offset`.
        /// Past `limit` bytes in all (the file's listed size) the answer is cut off and fails: a
        /// server that never stops sending does not fill the disk.
        case sink(DownloadSink, offset: Int64, limit: Int64?, progress: @Sendable (Int64) -> Void)
        /// Kept (up to `limit` bytes) for an error's message.
        case collect(limit: Int)
        /// Read and dropped (a redirect's or a `416`'s body).
        case discard
    }

    private let lock = PlainLock()
    private let choose: @Sendable (HTTPResponseHead) throws -> Route
    private let headPromise: EventLoopPromise<(HTTPResponseHead, Route)>
    private var headDone = false
    private var route: Route?
    private var received: Int64 = 0
    private var kept = ByteBuffer()

    /// The answer's head and where its body went, once it arrives (fails with the request's
    /// error before that, or with `choose`'s).
    var head: EventLoopFuture<(HTTPResponseHead, Route)> { headPromise.futureResult }

    /// An error's body, as far as it was kept.
    var collected: Data { lock.withLock { Data(kept.readableBytesView) } }

    init(eventLoop: EventLoop, choose: @escaping @Sendable (HTTPResponseHead) throws -> Route) {
        headPromise = eventLoop.makePromise()
        self.choose = choose
    }

    /// Fails a head still awaited (the request ended without one).
    func endWithoutHead(_ error: any Error) {
        let pending = lock.withLock {
            defer { headDone = true }
            return !headDone
        }
        if pending { headPromise.fail(error) }
    }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        let route: Route
        do {
            route = try choose(head)
        } catch {
            endWithoutHead(error)
            return task.eventLoop.makeFailedFuture(error)
        }
        let pending = lock.withLock {
            self.route = route
            if case .sink(_, let offset, _, _) = route { received = offset }
            defer { headDone = true }
            return !headDone
        }
        if pending { headPromise.succeed((head, route)) }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        var buffer = buffer
        let route = lock.withLock { self.route }
        switch route {
        case .sink(let sink, _, let limit, let progress):
            let total = lock.withLock {
                received += Int64(buffer.readableBytes)
                return received
            }
            if let limit, total > limit {
                // Not a byte past the listed size reaches the disk.
                return task.eventLoop.makeFailedFuture(ZenodoClient.oversize(listed: limit))
            }
            let wait = sink.offer(buffer, on: task.eventLoop)
            progress(total)
            return wait ?? task.eventLoop.makeSucceededVoidFuture()
        case .collect(let limit):
            let full = lock.withLock {
                kept.writeBuffer(&buffer)
                return kept.readableBytes >= limit
            }
            // Enough for a message: the rest of a huge error page is not read.
            if full { return task.eventLoop.makeFailedFuture(Enough()) }
        case .discard, nil:
            break
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        endWithoutHead(error)
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {}

    /// Ends a request whose error body has been kept as far as it is needed.
    struct Enough: Error {}
}
