import ArgumentParser
import EssentialsExtras
import FoundationEssentials
import Glibc
import ZenodoKit

/// `download REF --list-members ARCHIVE`: a ZIP's members read from its directory through range
/// requests, as a table (size, compressed, method, modified, name; unsafe names marked) or JSON.
struct ArchiveListing {
    var json: Bool

    func print(_ file: DownloadJournal.Entry, client: ZenodoClient) async throws {
        let listing = try await client.zipListing(file.url, size: file.size)
        if json {
            let entries: [JSONValue] = listing.entries.map { entry in
                var object: [String: JSONValue] = [
                    "name": .string(entry.name), "size": .int(Int(entry.size)),
                    "compressed_size": .int(Int(entry.compressedSize)), "method": .string(entry.methodName),
                    "crc32": .int(Int(entry.crc32)), "directory": .bool(entry.isDirectory),
                    "encrypted": .bool(entry.encrypted),
                ]
                object["modified"] = entry.modified.map { .string(Self.stamp($0)) } ?? .null
                object["unsafe"] = entry.unsafeName.map(JSONValue.string) ?? .null
                return .object(object)
            }
            let document: JSONValue = [
                "archive": .string(file.key), "size": .int(Int(file.size)), "entries": .array(entries),
                "requests": .int(listing.requests), "bytes_read": .int(Int(listing.bytesRead)),
            ]
            Console.out(String(decoding: document.encoded(), as: UTF8.self))
            return
        }
        let files = listing.entries.filter { !$0.isDirectory }
        let total = files.reduce(Int64(0)) { $0 + $1.size }
        Console.out(
            "\(Console.safe(file.key)): \(files.count) file\(files.count == 1 ? "" : "s"), \(ByteFormat.string(total)) unpacked, in \(listing.entries.count - files.count) folder\(listing.entries.count - files.count == 1 ? "" : "s")"
        )
        for entry in listing.entries {
            let size = entry.isDirectory ? "" : ByteFormat.string(entry.size)
            let method = entry.isDirectory ? "" : entry.methodName
            let when = entry.modified.map(Self.stamp) ?? ""
            var line =
                size.padded(to: 10) + " "
                + method.padded(to: 9) + " "
                + when.padded(to: 17) + " " + Console.safe(entry.name)
            if let unsafe = entry.unsafeName { line += "   (refused: \(unsafe))" }
            Console.out(line)
        }
        Console.error(
            "Listed from its directory: \(listing.requests) range request\(listing.requests == 1 ? "" : "s"), \(ByteFormat.string(listing.bytesRead)) of \(ByteFormat.string(file.size)) read."
        )
    }

    /// `download REF --file ARCHIVE --member GLOB...`: the members matching a glob, fetched one by
    /// one and verified; a line each (`verified NAME N bytes crc32:…`, or `FAILED NAME: why`).
    func fetch(_ globs: [String], of file: DownloadJournal.Entry, into destination: URL, client: ZenodoClient)
        async throws
    {
        let listing = try await client.zipListing(file.url, size: file.size)
        let wanted = listing.entries.filter { entry in
            !entry.isDirectory && globs.contains { fnmatch($0, entry.name, 0) == 0 }
        }
        guard !wanted.isEmpty else {
            throw ZenodoError(
                .notFound, "no member of \(file.key) matches \(globs.joined(separator: " or "))")
        }
        var read = listing.bytesRead
        var failures: [ZenodoError.Kind] = []
        for entry in wanted {
            do {
                let fetched = try await client.fetchMember(file.url, size: file.size, entry: entry, into: destination)
                read += fetched.bytesRead
                let line: JSONValue = [
                    "event": "verified", "member": .string(fetched.name), "path": .string(fetched.path),
                    "size": .int(Int(fetched.size)), "crc32": .string(String(cFormat: "%08x", fetched.crc32)),
                ]
                Console.out(
                    json
                        ? String(decoding: line.encoded(), as: UTF8.self)
                        : "verified  \(Console.safe(fetched.name))  \(ByteFormat.string(fetched.size))  crc32:\(String(cFormat: "%08x", fetched.crc32))"
                )
            } catch let error as ZenodoError {
                failures.append(error.kind)
                let line: JSONValue = [
                    "event": "failed", "member": .string(entry.name), "reason": .string(error.message),
                ]
                Console.out(
                    json
                        ? String(decoding: line.encoded(), as: UTF8.self)
                        : "FAILED  \(Console.safe(entry.name)): \(Console.safe(error.message))")
            }
        }
        Console.error(
            "\(wanted.count - failures.count) of \(wanted.count) member\(wanted.count == 1 ? "" : "s") of \(Console.safe(file.key)) fetched; \(ByteFormat.string(read)) of its \(ByteFormat.string(file.size)) read."
        )
        if !failures.isEmpty { throw ExitCode(ExitCodes.code(forFailures: failures)) }
    }

    static func stamp(_ parts: DateComponents) -> String {
        String(
            cFormat: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
    }
}
