import Foundation

/// A ZIP's members as a listing shows them, and what reading them cost.
public struct ZipListing: Sendable {
    public var entries: [ZipEntry]
    /// Requests made and bytes read to list it (the tail, maybe ZIP64's record, the directory).
    public var requests: Int
    public var bytesRead: Int64
}

extension ZenodoClient {
    /// Lists a ZIP on the server without fetching it: its last 64 KiB (the end record, and ZIP64's
    /// record where it is there), ZIP64's record if it is elsewhere, then the central directory:
    /// at most 3 range requests, and the directory's size in bytes, whatever the archive's size.
    public func zipListing(
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
