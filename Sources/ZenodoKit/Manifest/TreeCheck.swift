import FoundationEssentials
import Glibc
import NIOHTTP1

/// A local tree compared with a record (issue 33): each of the record's files by its size and the
/// MD5 Zenodo keeps, and, when the record carries a `SHA256SUMS` or `MD5SUMS`, every file it
/// lists by that checksum; local files the record does not name are told too.
public enum TreeCheck {
    public enum Outcome: Sendable, Equatable {
        case matches(String)
        case missing
        case differs(String)
        /// In the directory, named neither by the record nor by its manifest.
        case extra
    }

    public struct Line: Sendable, Equatable {
        public var path: String
        public var outcome: Outcome
    }

    /// Whether every line is a match or an extra file.
    public static func passed(_ lines: [Line]) -> Bool {
        lines.allSatisfy { if case .matches = $0.outcome { true } else { $0.outcome == .extra } }
    }

    /// `files`: the record's (key, size, MD5); `manifest`: the record's own, if it has one.
    public static func compare(
        _ directory: URL, files: [Record.File], manifest: ChecksumManifest?, manifestName: String? = nil
    ) throws -> [Line] {
        var lines: [Line] = []
        var named = Set<String>()
        let fm = FileManager.default
        for file in files {
            let local = LocalName.forKey(file.key)
            named.insert(local)
            let url = directory.appendingPathComponent(local)
            guard let attributes = try? fm.attributesOfItem(atPath: url.path),
                attributes[.type] as? FileAttributeType == .typeRegular
            else {
                lines.append(Line(path: local, outcome: .missing))
                continue
            }
            let size = (attributes[.size] as? UInt).map(Int64.init) ?? -1
            if size != file.size {
                lines.append(Line(path: local, outcome: .differs("\(size) bytes, the record's \(file.size)")))
                continue
            }
            guard let md5 = file.md5 else {
                lines.append(Line(path: local, outcome: .matches("size (the record gives no MD5)")))
                continue
            }
            let here = try ChecksumManifest.hash(url, .md5)
            lines.append(
                Line(path: local, outcome: here == md5 ? .matches("MD5") : .differs("MD5 \(here), the record's \(md5)"))
            )
        }
        if let manifest {
            for entry in manifest.entries where entry.path != manifestName {
                let relative = entry.path.hasPrefix("./") ? String(entry.path.dropFirst(2)) : entry.path
                guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
                    lines.append(
                        Line(path: relative, outcome: .differs("the manifest names a path outside the directory")))
                    continue
                }
                named.insert(relative)
                let url = directory.appendingPathComponent(relative)
                guard fm.fileExists(atPath: url.path) else {
                    lines.append(Line(path: relative, outcome: .missing))
                    continue
                }
                let name = manifest.algorithm == .sha256 ? "SHA-256" : "MD5"
                let here = try ChecksumManifest.hash(url, manifest.algorithm)
                lines.append(
                    Line(
                        path: relative,
                        outcome: here == entry.hex ? .matches(name) : .differs("\(name) differs from the manifest's")))
            }
        }
        // What else is there (not followed through symbolic links).
        let root = directory.standardizedFileURL.path
        for relative in (try? fm.subpathsOfDirectory(atPath: root)) ?? [] {
            var info = stat()
            guard lstat(root + "/" + relative, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if !named.contains(relative), relative != manifestName {
                lines.append(Line(path: relative, outcome: .extra))
            }
        }
        return lines
    }
}

extension ZenodoClient {
    /// A small file's content from this server (a record's manifest), whole in memory.
    public func smallFile(_ url: String) async throws -> Data {
        try await send(.GET, url, idempotent: true, accept: "*/*").body
    }
}
