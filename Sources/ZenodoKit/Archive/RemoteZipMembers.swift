import EssentialsExtras
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A member of a remote ZIP fetched alone, verified against the directory's CRC-32.
public struct FetchedMember: Sendable {
    public var name: String
    public var path: String
    public var size: Int64
    public var crc32: UInt32
    /// Bytes read from the server for it (its local header and its data).
    public var bytesRead: Int64
}

extension ZenodoClient {
    /// Fetches one member of the ZIP at `url` into `destination` (under its own path there):
    /// its local header and its compressed bytes by `Range` (in pieces of `piece` bytes), inflated
    /// with zlib where deflated, written to a temporary name that is never a link, checked against
    /// the directory's size and CRC-32, and only then renamed into place. A name that could leave
    /// the destination, a member that inflates past its size, or a damaged one is refused in
    /// words; nothing is left under its name.
    public func fetchMember(
        _ url: String, size fileSize: Int64, entry: ZipEntry, into destination: URL, piece: Int64 = 8 << 20
    ) async throws -> FetchedMember {
        if let unsafe = entry.unsafeName {
            throw ZenodoError(.refused, "\(entry.name) is not written: \(unsafe)")
        }
        guard !entry.isDirectory else { throw ZenodoError(.refused, "\(entry.name) is a folder, not a file") }
        let decoder: MemberDecoder
        do { decoder = try MemberDecoder(entry) } catch { throw ZenodoError(.refused, "\(error)") }
        let target = try Self.memberTarget(entry.name, in: destination)
        if let content = entry.contentURL {
            return try await extracted(content, entry: entry, to: target)
        }
        let partial = target.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).zenodo-tui-part")
        unlink(partial.path)
        let fd = try OwnedFile.open(partial, .createNew, permissions: 0o644, what: "a member's partial copy")
        var closed = false
        defer {
            if !closed {
                close(fd)
                unlink(partial.path)
            }
        }
        var bytesRead: Int64 = 0
        func write(_ bytes: [UInt8]) throws {
            guard OwnedFile.writeAll(fd, bytes) else {
                throw ZenodoError(.localFile, "cannot write \(partial.path): \(String(cString: strerror(errno)))")
            }
        }
        do {
            // The local header (its name and extra field may differ from the directory's) with as
            // much of the data as one piece holds.
            let headerGuess = Int64(30 + entry.name.utf8.count + 1024)
            let start = entry.localHeaderOffset
            var first = try await readRange(
                url, start..<min(fileSize, start + headerGuess + min(entry.compressedSize, piece)))
            bytesRead += Int64(first.count)
            guard first.count >= 30, ZipCentralDirectory.read32(first, 0) == 0x0403_4B50 else {
                throw MemberDecoder.Refusal(description: "\(entry.name) has no local header where the directory says")
            }
            let headerLength =
                30 + Int(ZipCentralDirectory.read16(first, 26)) + Int(ZipCentralDirectory.read16(first, 28))
            guard ZipCentralDirectory.read16(first, 8) == entry.method else {
                throw MemberDecoder.Refusal(
                    description: "\(entry.name)'s local header and directory disagree on its method")
            }
            let dataStart = start + Int64(headerLength)
            guard entry.compressedSize <= fileSize, dataStart <= fileSize - entry.compressedSize else {
                throw MemberDecoder.Refusal(description: "\(entry.name) runs past the end of the archive")
            }
            if first.count < headerLength {
                first = []
            } else {
                first = Array(first[headerLength...].prefix(Int(min(entry.compressedSize, Int64(Int.max)))))
            }
            try decoder.feed(first, write)
            var have = Int64(first.count)
            while have < entry.compressedSize {
                try Task.checkCancellation()
                let next = try await readRange(
                    url, dataStart + have..<dataStart + min(entry.compressedSize, have + piece))
                bytesRead += Int64(next.count)
                try decoder.feed(next, write)
                have += Int64(next.count)
            }
            try decoder.finish()
        } catch let refusal as MemberDecoder.Refusal {
            throw ZenodoError(.integrity, refusal.description)
        }
        closed = true
        guard close(fd) == 0, rename(partial.path, target.path) == 0 else {
            unlink(partial.path)
            throw ZenodoError(.localFile, "cannot put \(target.path) in place: \(String(cString: strerror(errno)))")
        }
        return FetchedMember(
            name: entry.name, path: target.path, size: decoder.produced, crc32: decoder.crc, bytesRead: bytesRead)
    }

    /// A member the server extracts (its container API): fetched as a file is (a temporary name,
    /// renamed once whole), then checked against the listing's size and CRC-32; a copy that does
    /// not match is removed.
    private func extracted(_ url: String, entry: ZipEntry, to target: URL) async throws -> FetchedMember {
        try await download(url, to: target, expectedMD5: nil, expectedSize: entry.size)
        var crc: UInt32 = 0
        var size: Int64 = 0
        do {
            let handle = try PlainFileHandle(forReadingFrom: target)
            defer { try? handle.close() }
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                crc = data.withUnsafeBytes { CRC32.update(crc, $0) }
                size += Int64(data.count)
            }
        } catch {
            unlink(target.path)
            throw ZenodoError(.localFile, "cannot read \(target.path) back to check it")
        }
        guard size == entry.size, crc == entry.crc32 else {
            unlink(target.path)
            throw ZenodoError(
                .integrity,
                "\(entry.name) as the server extracted it is \(size) bytes with CRC-32 \(String(crc, radix: 16)); its listing says \(entry.size) and \(String(entry.crc32, radix: 16)): removed"
            )
        }
        return FetchedMember(name: entry.name, path: target.path, size: size, crc32: crc, bytesRead: size)
    }

    /// Where a member goes under `destination`: its path's parts, made as folders that stay inside
    /// the destination (a link planted among them leading out is refused).
    static func memberTarget(_ name: String, in destination: URL) throws -> URL {
        let parts = name.pathNames().map(String.init).filter { !$0.isEmpty && $0 != "." }
        guard let leaf = parts.last, !parts.contains("..") else {
            throw ZenodoError(.refused, "\(name) has no name to be written under")
        }
        let folder = parts.dropLast().reduce(destination) { $0.appendingPathComponent($1) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard let base = realpath(destination.path, nil), let real = realpath(folder.path, nil) else {
            throw ZenodoError(.localFile, "cannot make \(folder.path)")
        }
        defer {
            free(base)
            free(real)
        }
        let root = String(cString: base)
        let inside = String(cString: real)
        guard inside == root || inside.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw ZenodoError(.refused, "\(name) would be written outside \(destination.path) (a link leads out)")
        }
        return URL(fileURLWithPath: inside).appendingPathComponent(leaf)
    }
}
