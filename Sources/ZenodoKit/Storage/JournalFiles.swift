import Foundation

/// How journals are kept on disk: `<directory>/<id>.json`, ISO 8601 dates, sorted keys, written
/// whole or not at all, read only if a regular file under 64 MiB. Shared by the upload and the
/// download journals.
struct JournalFiles: Sendable {
    var directory: URL
    /// `upload journal`, `download journal`: for errors.
    var what: String

    func url(_ id: String) -> URL { directory.appendingPathComponent("\(id).json") }

    func save<T: Encodable>(_ value: T, id: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        do {
            try AtomicFile.write(try encoder.encode(value), to: url(id))
        } catch {
            throw ZenodoError(.configuration, "cannot write the \(what) in \(directory.path)")
        }
    }

    func load<T: Decodable>(_ type: T.Type, id: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: BoundedFile.read(url(id), limit: 64 << 20, what: "the \(what)"))
    }

    /// The ids of the journals there (not the temporary files of a write under way).
    func ids() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { String($0.dropLast(5)) }
    }
}
