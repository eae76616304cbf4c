import FoundationEssentials

/// A multipart upload's plan and memory: the part size, the parts that already arrived (from the
/// journal, so a resumed upload sends only the others), and where to record each new one.
public struct PartPlan: Sendable {
    public var partSize: Int64
    public var done: Set<Int>
    /// How many parts are sent at once (1: in order, each hashed as it is sent).
    public var parallel: Int = 1
    public var record: @Sendable (Int) async -> Void
    /// Forget the parts (the server lost the pending file, or refused parts and the file goes whole).
    public var reset: @Sendable () async -> Void

    public init(
        partSize: Int64, done: Set<Int>, record: @escaping @Sendable (Int) async -> Void,
        reset: @escaping @Sendable () async -> Void
    ) {
        self.partSize = partSize
        self.done = done
        self.record = record
        self.reset = reset
    }

    /// How many parts a file of `size` bytes has.
    public func count(for size: Int64) -> Int { Int((size + partSize - 1) / partSize) }

    /// The byte range of part `part` (1-based).
    public func range(_ part: Int, size: Int64) -> Range<Int64> {
        let start = Int64(part - 1) * partSize
        return start..<min(size, start + partSize)
    }
}
