import FoundationEssentials

/// A file of a draft begun through the native files API and not committed yet (`status:
/// "pending"`): its key is taken, its content is arriving (in one PUT, or part by part for a
/// multipart transfer) into its blob, and it becomes a `StoredFile` only at commit.
struct PendingFile: Codable, Sendable, Equatable {
    var key: String
    /// What the client declared at init (`size`, `checksum`), if anything.
    var declaredSize: Int64?
    var declaredChecksum: String?
    /// A multipart transfer's part count and part size (`transfer: {type: "M", parts, part_size}`).
    var parts: Int?
    var partSize: Int64?
    /// Parts received so far (multipart), 1-based.
    var received: [Int] = []
    /// Bytes of a single-PUT content, once received whole, and its MD5 (hashed as it arrived).
    var contentSize: Int64?
    var contentMD5: String?
    /// The blob the content goes into (under the store's `blobs/`).
    var blob: String
    var created: Date
    var updated: Date

    var isMultipart: Bool { parts != nil }

    /// Whether commit may complete it: the content, or every part, has arrived.
    var isComplete: Bool {
        if let parts { return Set(received) == Set(1...max(1, parts)) }
        return contentSize != nil
    }
}
