import Crypto
import EssentialsExtras
import FoundationEssentials

/// A checksum manifest as coreutils writes and reads it (`sha256sum`, `md5sum`): a line per
/// file, `HEX  PATH` (two spaces; `HEX *PATH` in binary mode read too), paths relative to the
/// manifest's directory. Zenodo gives MD5 only; `SHA256SUMS` is what readers verify with today.
public struct ChecksumManifest: Sendable, Equatable {
    public enum Algorithm: String, Sendable, CaseIterable {
        case sha256, md5

        /// `SHA256SUMS`, `MD5SUMS`.
        public var fileName: String { self == .sha256 ? "SHA256SUMS" : "MD5SUMS" }
        var hexLength: Int { self == .sha256 ? 64 : 32 }
    }

    public struct Entry: Sendable, Equatable {
        public var path: String
        public var hex: String
        public init(path: String, hex: String) {
            self.path = path
            self.hex = hex
        }
    }

    public var algorithm: Algorithm
    public var entries: [Entry]

    public init(algorithm: Algorithm, entries: [Entry]) {
        self.algorithm = algorithm
        self.entries = entries.sorted { $0.path < $1.path }
    }

    /// The text, sorted by path, each line `HEX  PATH`. A path with a newline or a backslash is
    /// written as coreutils does: escaped, the line led by a backslash.
    public var text: String {
        entries.map { entry in
            let escapes = entry.path.contains("\n") || entry.path.contains("\\")
            let path = entry.path.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
            return (escapes ? "\\" : "") + "\(entry.hex)  \(path)\n"
        }.joined()
    }

    /// Reads a manifest's text; the algorithm from the hex length. Lines that are not entries
    /// (blank, `#` comments) are skipped; a manifest mixing lengths is refused.
    public static func parse(_ text: String) throws(ZenodoError) -> ChecksumManifest {
        var entries: [Entry] = []
        var algorithm: Algorithm?
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.trimming(.whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let escaped = line.hasPrefix("\\")
            if escaped { line = line.dropFirst() }
            guard let space = line.firstIndex(of: " ") else {
                throw ZenodoError(.validation, "manifest line \(number + 1) is not `HEX  PATH`")
            }
            let hex = line[..<space].lowercased()
            var path = line[line.index(after: space)...]
            if path.hasPrefix(" ") || path.hasPrefix("*") { path = path.dropFirst() }
            guard let kind = Algorithm.allCases.first(where: { $0.hexLength == hex.count }),
                hex.allSatisfy(\.isHexDigit), !path.isEmpty
            else {
                throw ZenodoError(.validation, "manifest line \(number + 1) has no SHA-256 or MD5 checksum")
            }
            if let algorithm, algorithm != kind {
                throw ZenodoError(.validation, "manifest line \(number + 1) mixes MD5 and SHA-256 checksums")
            }
            algorithm = kind
            var name = String(path)
            if escaped {
                name = name.replacing("\\n", with: "\n").replacing("\\\\", with: "\\")
            }
            entries.append(Entry(path: name, hex: hex))
        }
        return ChecksumManifest(algorithm: algorithm ?? .sha256, entries: entries)
    }

    /// The checksum of a local file, read in 1 MiB blocks (MD5 by `LocalDigest`, as uploads do).
    public static func hash(_ url: URL, _ algorithm: Algorithm) throws -> String {
        guard let handle = try? PlainFileHandle(forReadingFrom: url) else {
            throw ZenodoError(.localFile, "cannot read \(url.path)")
        }
        defer { try? handle.close() }
        guard algorithm == .sha256 else { return try LocalDigest.md5(of: url) }
        var sha = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { sha.update(data: block) }
        return String.hex(sha.finalize())
    }

    /// The checksum of what an upload sends: a file, or an archive packed on the fly (`--pack`),
    /// which is packed once more here, byte for byte as it is sent (`PackReader` is deterministic).
    public static func hash(_ source: any ByteSource, _ algorithm: Algorithm) throws -> String {
        if let url = source as? URL { return try hash(url, algorithm) }
        guard algorithm == .sha256 else { return try LocalDigest.md5(of: source) }
        var sha = SHA256()
        try source.forEachChunk(in: 0..<source.identity().size) { sha.update(bufferPointer: $0) }
        return String.hex(sha.finalize())
    }

    /// The manifest of the files of an upload or a sync, by their keys (read once more each).
    public static func make(of files: [LocalFile], _ algorithm: Algorithm) throws -> ChecksumManifest {
        ChecksumManifest(
            algorithm: algorithm, entries: try files.map { Entry(path: $0.key, hex: try hash($0.source(), algorithm)) })
    }

    /// The manifest of files below `directory` (`paths` relative to it).
    public static func make(_ paths: [String], in directory: URL, _ algorithm: Algorithm) throws -> ChecksumManifest {
        ChecksumManifest(
            algorithm: algorithm,
            entries: try paths.map { Entry(path: $0, hex: try hash(directory.appendingPathComponent($0), algorithm)) })
    }
}
