import Foundation
import MetadataFiles
import TestSupport
import Testing
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// Users' files that are empty, binary, huge, not files at all, deeply nested, or YAML that
/// expands without end (issue 14): each is refused with a clear error, at once, without reading
/// it all into memory, and nothing crashes or hangs.
@Suite struct HostileFileTests {
    enum Kind: String, CaseIterable, Sendable {
        case empty, binary, huge, directory, fifo, device, symlinkLoop, nestedJSON, duplicateKeys, wrongTypes,
            notAnObject
        case billionLaughs, yamlTag, notUTF8
    }

    /// Makes the hostile file in `directory`, named for the reader (`.zenodo.json` or `CITATION.cff`).
    static func make(_ kind: Kind, in directory: URL) throws -> URL {
        let cff = [.billionLaughs, .yamlTag, .notUTF8].contains(kind)
        let url = directory.appendingPathComponent(cff ? "CITATION.cff" : ".zenodo.json")
        switch kind {
        case .empty: try Data().write(to: url)
        case .binary: try Data((0..<4096).map { UInt8(($0 * 37) % 256) }).write(to: url)
        case .huge:
            // Sparse: 1 GB without writing it.
            FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: 1 << 30)
            try handle.close()
        case .directory: try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        case .fifo: #expect(mkfifo(url.path, 0o600) == 0)
        case .device: try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/zero")
        case .symlinkLoop:
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: url.path + ".b")
            try FileManager.default.createSymbolicLink(atPath: url.path + ".b", withDestinationPath: url.path)
        case .nestedJSON:
            try Data((String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)).utf8).write(
                to: url)
        case .duplicateKeys: try Data(#"{"title": "a", "title": "b", "upload_type": "dataset"}"#.utf8).write(to: url)
        case .wrongTypes: try Data(#"{"title": 7, "creators": "nobody", "keywords": {"a": 1}}"#.utf8).write(to: url)
        case .notAnObject: try Data("[1, 2, 3]".utf8).write(to: url)
        case .billionLaughs:
            var yaml = "cff-version: 1.2.0\nlol0: &a0 [\"lol\"]\n"
            for n in 1...12 {
                yaml += "lol\(n): &a\(n) [" + Array(repeating: "*a\(n - 1)", count: 9).joined(separator: ", ") + "]\n"
            }
            yaml += "title: laughs\nauthors: *a12\n"
            try Data(yaml.utf8).write(to: url)
        case .yamlTag:
            try Data("cff-version: 1.2.0\ntitle: !!binary aGVsbG8=\nauthors: !custom {a: 1}\n".utf8).write(to: url)
        case .notUTF8: try Data([0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: url)
        }
        return url
    }

    @Test(arguments: Kind.allCases)
    func aHostileMetadataFileIsRefusedInWords(_ kind: Kind) async throws {
        let directory = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try Self.make(kind, in: directory)
        let started = ContinuousClock.now
        let outcome: Result<[String: JSONValue], ZenodoError>
        do {
            outcome = .success(try MetadataFile.load(url))
        } catch let error as ZenodoError {
            outcome = .failure(error)
        }
        #expect(ContinuousClock.now - started < .seconds(10), "no hang, no reading 1 GB")
        switch (kind, outcome) {
        case (.duplicateKeys, .success(let fields)):
            #expect(fields["title"] != nil, "one of the duplicates wins, the file is read")
        case (.wrongTypes, .success(let fields)), (.yamlTag, .success(let fields)):
            // Read as given: the checklist and Zenodo judge the values (the editor shows them).
            #expect(!fields.isEmpty)
        case (_, .success(let fields)):
            Issue.record("\(kind) was accepted: \(fields)")
        case (_, .failure(let error)):
            #expect(!error.message.isEmpty && error.message.count < 400, "\(kind): \(error.message)")
            #expect(error.message.contains(url.lastPathComponent), "\(kind) names the file: \(error.message)")
            let words: [Kind: String] = [
                .huge: "at most", .directory: "is a directory", .fifo: "not a regular file",
                .device: "not a regular file",
                .symlinkLoop: "loop", .billionLaughs: "100,000 YAML nodes", .notUTF8: "not UTF-8",
                .notAnObject: "JSON object",
            ]
            if let expected = words[kind] { #expect(error.message.contains(expected), "\(kind): \(error.message)") }
        }
    }

    /// A token file that is a directory, a FIFO, empty, or has trailing spaces and CRLF.
    @Test func tokenFilesThatAreNotWhatTheySeem() throws {
        let home = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: home) }
        let store = TokenStore(
            directories: ConfigDirectories(config: home.appendingPathComponent("config"), state: home))
        let profile = try ServerProfile(parsing: "zenodo")
        let file = store.url(for: profile)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)

        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
        #expect(throws: ZenodoError.self) { try store.read(for: profile) }
        do { _ = try store.read(for: profile) } catch {
            #expect(error.message.contains("is a directory"), "\(error.message)")
        }
        try FileManager.default.removeItem(at: file)

        #expect(mkfifo(file.path, 0o600) == 0)
        do { _ = try store.read(for: profile) } catch {
            #expect(error.message.contains("not a regular file"), "\(error.message)")
        }
        try FileManager.default.removeItem(at: file)

        FileManager.default.createFile(atPath: file.path, contents: Data(), attributes: [.posixPermissions: 0o600])
        #expect(try store.read(for: profile) == nil, "an empty token file is no token")
        try FileManager.default.removeItem(at: file)

        FileManager.default.createFile(
            atPath: file.path, contents: Data("  abc123 \r\n".utf8), attributes: [.posixPermissions: 0o600])
        #expect(try store.read(for: profile) == "abc123")
        try FileManager.default.removeItem(at: file)

        // A symbolic link: followed, and the file it names must be private.
        let secrets = home.appendingPathComponent("secrets")
        FileManager.default.createFile(
            atPath: secrets.path, contents: Data("linked-token\n".utf8), attributes: [.posixPermissions: 0o600])
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: secrets.path)
        #expect(try store.read(for: profile) == "linked-token")
        #expect(chmod(secrets.path, 0o644) == 0)
        do { _ = try store.read(for: profile) } catch {
            #expect(error.message.contains("too open"), "\(error.message)")
        }
        try FileManager.default.removeItem(at: secrets)
        #expect(throws: ZenodoError.self, "a link to nothing is said, not taken for no token") {
            try store.read(for: profile)
        }
        do { _ = try store.read(for: profile) } catch {
            #expect(error.message.contains("which does not exist"), "\(error.message)")
        }
    }
}

/// Dates people type or files carry (issue 14): only real days, months and years, in Zenodo's forms.
@Suite struct PublicationDateTests {
    @Test(arguments: [
        ("2024", true), ("2024-02", true), ("2024-02-29", true), ("2024-01-01/2024-12-31", true), ("0999", true),
        ("2024-02-30", false), ("2023-02-29", false), ("-999", false), ("+123", false), ("2024-13", false),
        ("2024-00", false),
        ("२०२४", false), (" 2024", false), ("2024-1-1", false), ("20240101", false), ("", false), ("2024/", false),
        ("2024-02-30/2024-03-01", false), ("99999", false), ("2024-02-29T00:00", false),
    ])
    func onlyRealDates(_ text: String, _ valid: Bool) {
        #expect(ZenodoDate.isPublicationDate(text) == valid, "\(text)")
    }
}

/// Names from the file system and from records that no listing or file system takes well (issue 14).
@Suite struct HostileNameTests {
    static func file(_ key: String, path: String? = nil) -> LocalFile {
        LocalFile(path: path ?? "/data/\(key)", key: key, size: 10, modified: Date())
    }

    @Test func controlCharactersAndNormalisationTwinsAreRefusedBeforeSending() throws {
        let draft = try Deposition(json: [
            "id": 7, "state": "unsubmitted", "submitted": false, "metadata": [:], "files": [],
        ])
        let problems = Preflight.problems(
            files: [
                Self.file("a\nb.csv"), Self.file("tab\there.txt"), Self.file("caf\u{E9}.csv"),
                Self.file("cafe\u{301}.csv"), Self.file("ok.csv"),
            ],
            deposition: draft)
        let text = problems.map(\.description)
        #expect(text.filter { $0.contains("control character") }.count == 2, "\(text)")
        #expect(text.contains { $0.contains("once Unicode-normalised") && $0.contains("caf") }, "\(text)")
        #expect(!text.contains { $0.contains("ok.csv") })
    }

    @Test func aLongKeyGetsALocalNameAFileSystemTakes() {
        let long = String(repeating: "数据", count: 100) + ".csv"  // 600 bytes of UTF-8
        let other = String(repeating: "数据", count: 100) + "2.csv"
        let name = LocalName.forKey(long)
        #expect(name.utf8.count <= 230 && (".\(name).zenodo-tui-part").utf8.count <= 255, "\(name.utf8.count) bytes")
        #expect(name.hasSuffix(".csv") && name.hasPrefix("数据"))
        #expect(LocalName.forKey(other) != name, "two long keys do not meet")
        #expect(LocalName.forKey(long) == name, "stable")
        #expect(LocalName.forKey("short.csv") == "short.csv")
        #expect(LocalName.forKey(String(repeating: "x", count: 300)).utf8.count <= 230)
    }
}
