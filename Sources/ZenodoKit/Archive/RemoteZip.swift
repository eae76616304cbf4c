import FoundationEssentials
import NIOHTTP1

/// A ZIP's members as a listing shows them, and what reading them cost.
public struct ZipListing: Sendable {
    public enum Source: String, Sendable {
        /// The server's container API (`…/files/{key}/container`, invenio-records-resources d2396a9).
        case container
        /// The archive's own end and directory, read by `Range`.
        case ranges
    }

    public var entries: [ZipEntry]
    public var source: Source = .ranges
    /// Requests made and bytes read to list it (the tail, maybe ZIP64's record, the directory).
    public var requests: Int
    public var bytesRead: Int64
}

extension ZenodoClient {
    /// Lists a ZIP on the server without fetching it: the server's container API where it has one
    /// and its listing is whole (one request); else the archive's last 64 KiB (the end record, and
    /// ZIP64's record where it is there), ZIP64's record if it is elsewhere, then the central
    /// directory: at most 3 range requests, and the directory's size in bytes, whatever the
    /// archive's size (plus the container API's answer, where it was asked and fell short).
    public func zipListing(
        _ url: String, size: Int64, limits: ZipCentralDirectory.Limits = .init()
    ) async throws -> ZipListing {
        // The server's own listing first, where it has one and it is whole (it stops at 1,000);
        // what asking cost is counted with the ranges read after it.
        let asked = await containerListing(url)
        if let listed = asked.listing { return listed }
        var ranged = try await rangeListing(url, size: size, limits: limits)
        ranged.requests += asked.requests
        ranged.bytesRead += asked.bytes
        return ranged
    }

    /// Where the container API of a file's content link is (`…/files/KEY/content` →
    /// `…/files/KEY/container`), on this server.
    static func containerURL(_ content: String) -> String? {
        guard content.hasSuffix("/content") else { return nil }
        return String(content.dropLast("/content".count)) + "/container"
    }

    /// The container API's listing, or nil where the server has none (404, 400 "No extractor"),
    /// cannot read the archive, or stopped short (`truncated`): the directory is read then.
    func containerListing(_ url: String) async -> (listing: ZipListing?, requests: Int, bytes: Int64) {
        guard let container = Self.containerURL(url), profile.owns(container) else { return (nil, 0, 0) }
        guard let reply = try? await send(.GET, container, idempotent: true, accept: Self.rdmAccept) else {
            return (nil, 1, 0)
        }
        guard let listing = try? reply.json("the container listing"), listing["truncated"]?.bool == false,
            let files = listing["entries"]?.array
        else { return (nil, 1, Int64(reply.body.count)) }
        var entries: [ZipEntry] = []
        for directory in listing["directories"]?.array ?? [] {
            guard let key = directory["key"]?.string else { continue }
            entries.append(
                ZipEntry(
                    name: key + "/", isDirectory: true, method: 0, crc32: 0, compressedSize: 0, size: 0,
                    localHeaderOffset: -1, modified: nil,
                    unsafeName: ZipCentralDirectory.unsafeReason(key, bytes: Array(key.utf8)), encrypted: false))
        }
        for file in files {
            guard let key = file["key"]?.string, let size = file["size"]?.int else {
                return (nil, 1, Int64(reply.body.count))
            }
            let compressed = file["compressed_size"]?.int ?? size
            var entry = ZipEntry(
                name: key, isDirectory: false, method: compressed == size ? 0 : 8,
                crc32: UInt32(truncatingIfNeeded: file["crc"]?.int ?? 0), compressedSize: Int64(compressed),
                size: Int64(size), localHeaderOffset: -1, modified: nil,
                unsafeName: ZipCentralDirectory.unsafeReason(key, bytes: Array(key.utf8)), encrypted: false)
            entry.contentURL = file["links"]?["content"]?.string
            entries.append(entry)
        }
        entries.sort { $0.name < $1.name }
        let listed = ZipListing(
            entries: entries, source: .container, requests: 1, bytesRead: Int64(reply.body.count))
        return (listed, 1, Int64(reply.body.count))
    }

    /// The archive's end and directory read by `Range`.
    func rangeListing(
        _ url: String, size: Int64, limits: ZipCentralDirectory.Limits = .init()
    ) async throws -> ZipListing {
        var requests = 0
        var bytesRead: Int64 = 0
        func read(_ range: Range<Int64>) async throws -> [UInt8] {
            requests += 1
            let bytes = try await readRange(url, range)
            bytesRead += Int64(bytes.count)
            return bytes
        }
        do {
            let tailRange = max(0, size - ZipCentralDirectory.tailLength)..<size
            let tail = try await read(tailRange)
            var end: ZipEnd
            switch try ZipCentralDirectory.end(tail: tail, fileSize: size, limits: limits) {
            case .found(let found): end = found
            case .zip64Record(let at):
                end = try ZipCentralDirectory.zip64End(try await read(at..<at + 56), fileSize: size, limits: limits)
            }
            var directory: [UInt8] = []
            if end.directorySize > 0 {
                // Already read with the tail when it lies there.
                if end.directoryOffset >= tailRange.lowerBound {
                    let start = Int(end.directoryOffset - tailRange.lowerBound)
                    directory = Array(tail[start..<start + Int(end.directorySize)])
                } else {
                    directory = try await read(end.directoryOffset..<end.directoryOffset + end.directorySize)
                }
            }
            let entries = try ZipCentralDirectory.entries(directory, end: end, fileSize: size)
            return ZipListing(entries: entries, requests: requests, bytesRead: bytesRead)
        } catch let failure as ZipCentralDirectory.Failure {
            throw ZenodoError(.integrity, "\(Self.shown(url)) cannot be listed: \(failure.message)")
        }
    }
}
