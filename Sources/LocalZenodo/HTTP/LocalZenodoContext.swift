import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the channel, so that a `drop` fault can
/// close the connection in the middle of a request body, as a flaky network does.
public struct LocalZenodoContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Bodies are streamed by the handlers; this only bounds the few that are collected (JSON, forms).
    public var maxUploadSize: Int { 128 * 1024 * 1024 }
}
