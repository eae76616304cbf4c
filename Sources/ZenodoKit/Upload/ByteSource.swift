import FoundationEssentials
import NIOCore

/// What an upload reads: a file, or an archive packed on the fly from a tree (`PackedArchive`).
/// Any byte can be read at its offset (parts are sent out of order and resumed), and the source
/// can say whether it is still what it was (`identity`), so a change while it is sent fails.
public protocol ByteSource: Sendable {
    /// Named in messages.
    var path: String { get }
    var lastPathComponent: String { get }
    /// Size and modification stamp now; throws when the source cannot be read.
    func identity() throws -> FileIdentity
    func open() throws -> any ByteReader
    /// What changed since `before`, in words, for a failure message.
    func change(since before: FileIdentity) -> String
}

/// An open source: reads at any offset (`pread` for a file), from whichever thread asks, one read
/// at a time.
public protocol ByteReader: AnyObject, Sendable {
    /// Fills up to `count` bytes from `offset` into `buffer` (fewer only at the end); the number read.
    func read(into buffer: inout ByteBuffer, at offset: Int64, upTo count: Int) throws -> Int
    /// Size and modification stamp now (nil when they cannot be read).
    func identity() -> FileIdentity?
}

extension URL: ByteSource {
    public func identity() throws -> FileIdentity { try FileIdentity(of: self) }

    public func open() throws -> any ByteReader { try ReadableFile(self) }

    public func change(since before: FileIdentity) -> String {
        "\(path) changed while it was being uploaded"
    }
}

extension ByteSource {
    /// Reads `range` in order (1 MiB at a time), handing each piece to `body`.
    func forEachChunk(in range: Range<Int64>, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let reader = try open()
        var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
        var offset = range.lowerBound
        while offset < range.upperBound {
            try Task.checkCancellation()
            buffer.clear()
            let count = try reader.read(into: &buffer, at: offset, upTo: Int(min(1 << 20, range.upperBound - offset)))
            if count == 0 { throw ZenodoError(.localFile, "\(path) is shorter than it was: it changed") }
            try buffer.withUnsafeReadableBytes(body)
            offset += Int64(count)
        }
    }
}
