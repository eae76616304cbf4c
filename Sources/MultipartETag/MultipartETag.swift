import Crypto
import EssentialsExtras
import FoundationEssentials

/// The ETag S3 gives an object uploaded in parts, which InvenioRDM on S3 storage reports as the
/// file's checksum at a multipart commit (`multipart:<etag>-<part size>`, invenio-records-resources
/// `transfer/providers/multipart.py` `commit_file`): the hex MD5 of the concatenated binary MD5s of
/// the parts, then `-` and the number of parts (as `recompute_multipart_checksum_task` in
/// `services/files/tasks.py` reads it back). Fed the bytes in order; parts are `partSize` long,
/// the last one shorter.
public struct MultipartETag {
    public let partSize: Int64
    private var part = Insecure.MD5()
    private var inPart: Int64 = 0
    private var digests: [UInt8] = []
    private var parts = 0

    public init(partSize: Int64) {
        precondition(partSize > 0)
        self.partSize = partSize
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let take = Int(min(Int64(bytes.count - offset), partSize - inPart))
            part.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
            inPart += Int64(take)
            offset += take
            if inPart == partSize { closePart() }
        }
    }

    public mutating func update(_ data: Data) { data.withUnsafeBytes { update($0) } }

    private mutating func closePart() {
        digests.append(contentsOf: part.finalize())
        parts += 1
        part = Insecure.MD5()
        inPart = 0
    }

    /// `<hex>-<parts>`: the S3 ETag of what was fed.
    public mutating func finalize() -> String {
        if inPart > 0 || parts == 0 { closePart() }
        let hex = String.hex(Insecure.MD5.hash(data: digests))
        return "\(hex)-\(parts)"
    }

    /// The checksum InvenioRDM writes for it: `multipart:<hex>-<parts>-<part size>`.
    public mutating func invenioChecksum() -> String { "multipart:\(finalize())-\(partSize)" }

    /// The ETag of a file on disk, read a MiB at a time; `between` runs before each read (a caller's
    /// cancellation check).
    public static func ofFile(at url: URL, partSize: Int64, between: () throws -> Void = {}) throws -> MultipartETag {
        let handle = try PlainFileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var etag = MultipartETag(partSize: partSize)
        while true {
            try between()
            guard let data = try handle.read(upToCount: 1 << 20), !data.isEmpty else { break }
            etag.update(data)
        }
        return etag
    }

    /// Splits InvenioRDM's `multipart:<hex>-<parts>-<part size>` into the ETag and the part size.
    public static func parse(_ checksum: String) -> (etag: String, partSize: Int64)? {
        guard checksum.hasPrefix("multipart:") else { return nil }
        let fields = checksum.dropFirst("multipart:".count).split(separator: "-")
        guard fields.count == 3, fields[0].count == 32, fields[0].allSatisfy(\.isHexDigit), let parts = Int(fields[1]),
            parts > 0,
            let size = Int64(fields[2]), size > 0
        else { return nil }
        return ("\(fields[0].lowercased())-\(parts)", size)
    }
}
