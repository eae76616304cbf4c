import FoundationEssentials

/// How journals are kept on disk, one format for both directions: `<directory>/<id>.json`, ISO
/// 8601 dates, sorted keys, a `format` and a `kind` (`upload`, `download`) beside the journal's
/// own fields, written whole or not at all, read only if a regular file under 64 MiB.
struct JournalFiles: Sendable {
    var directory: URL
    var kind: TransferKind

    /// `upload journal`, `download journal`: for errors.
    var what: String { "\(kind.rawValue) journal" }

    func url(_ id: String) -> URL { directory.appendingPathComponent("\(id).json") }

    /// The journal format this version writes and reads. A journal from a newer zenodo-tui
    /// (a higher `format`) is refused in words and left in place, never half-understood; one
    /// without `format` was written before formats were counted (format 1).
    static let format = 1

    func save<T: Encodable>(_ value: T, id: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        do {
            var object = try JSONValue.decode(try encoder.encode(value))
            object["format"] = .int(Self.format)
            object["kind"] = .string(kind.rawValue)
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // The state directory above the journals is private too (it names servers and paths).
            try PrivateDirectory.prepare(
                directory.deletingLastPathComponent(), what: "the state directory")
            try AtomicFile.write(object.encoded(), to: url(id))
        } catch let error as ZenodoError {
            throw error
        } catch {
            throw StateDirectory.problem(directory, error, what: what)
        }
    }

    func load<T: Decodable>(_ type: T.Type, id: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let data = try BoundedFile.read(url(id), limit: 64 << 20, what: "the \(what)")
        let header = try? JSONValue.decode(data)
        // A journal of the other direction (copied or moved here) is never read as this one's.
        if let kind = header?["kind"]?.string, kind != self.kind.rawValue {
            throw ZenodoError(
                .configuration, "\(url(id).path) is a \(kind) journal, not an \(what): it is left as it is")
        }
        if let format = header?["format"]?.int, format > Self.format {
            throw ZenodoError(
                .configuration,
                "the \(what) \(url(id).path) was written by a newer zenodo-tui (format \(format); this one reads format \(Self.format)): finish that batch with the newer version; it is left as it is"
            )
        }
        return try decoder.decode(type, from: data)
    }

    /// The ids of the journals there (not the temporary files of a write under way).
    func ids() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { String($0.dropLast(5)) }
    }
}
