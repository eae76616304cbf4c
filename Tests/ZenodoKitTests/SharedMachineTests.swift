import Foundation
import TestSupport
import Testing
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// Another user on the same machine gets nothing (issue 26): a link planted where a download
/// writes its partial copy, where a journal or the token goes, or a token file of theirs, is
/// refused in words and the file it points at stays as it was. Tests that need a second user
/// (`chown` to `nobody`) run as root and say so otherwise.
@Suite struct SharedMachineTests {
    static let nobody: uid_t = 65534
    static var isRoot: Bool { geteuid() == 0 }

    /// The issue's attack: someone who can write the destination plants
    /// `.data.csv.zenodo-tui-part -> ~/.ssh/authorized_keys`. The download refuses, in words, and
    /// the victim keeps its content (today's code wrote the record's bytes into it and exited 0).
    @Test func aLinkPlantedAtThePartialCopysNameIsRefused() async throws {
        try await Harness.with { h in
            let record = try await h.published(files: ["data.csv": "a,b\n1,2\n"])
            let file = try #require(try await h.client.record(record.id).files.first)
            let directory = try TempFile.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            for victimContent in ["", "ssh-ed25519 AAAA me@host\n"] {
                let victim = directory.appendingPathComponent("authorized_keys")
                try Data(victimContent.utf8).write(to: victim)
                let partial = directory.appendingPathComponent(".data.csv.zenodo-tui-part")
                try? FileManager.default.removeItem(at: partial)
                try FileManager.default.createSymbolicLink(at: partial, withDestinationURL: victim)
                let target = directory.appendingPathComponent("data.csv")
                do {
                    try await h.client.download(
                        try #require(file.contentURL), to: target, expectedMD5: file.md5,
                        expectedSize: file.size)
                    Issue.record("wrote through a planted link")
                } catch let error as ZenodoError {
                    #expect(error.message.contains("symbolic link"), "\(error.message)")
                }
                #expect(
                    try String(contentsOf: victim, encoding: .utf8) == victimContent,
                    "the victim is untouched")
                #expect(!FileManager.default.fileExists(atPath: target.path))
            }
        }
    }

    /// What `OwnedFile` refuses: a link, a FIFO, a second name of another file, another user's
    /// file; what it takes: a new file, or our own regular file.
    @Test func ownedFileOpensOnlyOurOwnRegularFiles() throws {
        let directory = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let victim = directory.appendingPathComponent("victim")
        try Data("keep".utf8).write(to: victim)
        func refusal(_ url: URL, _ mode: OwnedFile.Mode = .createOrOpen) -> String? {
            do {
                let fd = try OwnedFile.open(url, mode, what: "the test file")
                close(fd)
                return nil
            } catch {
                return error.message
            }
        }
        let planted = directory.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: planted, withDestinationURL: victim)
        #expect(refusal(planted)?.contains("symbolic link") == true)
        #expect(refusal(planted, .createNew) != nil)
        let fifo = directory.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(refusal(fifo)?.contains("FIFO") == true, "a FIFO neither blocks nor is written")
        let hard = directory.appendingPathComponent("hard")
        #expect(link(victim.path, hard.path) == 0)
        #expect(refusal(hard)?.contains("2 names") == true)
        #expect(refusal(directory.appendingPathComponent("new"), .createNew) == nil)
        #expect(
            refusal(directory.appendingPathComponent("new"), .createNew) != nil,
            "createNew refuses an existing name")
        #expect(refusal(directory.appendingPathComponent("new"), .existing) == nil)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep")
        if Self.isRoot {
            let theirs = directory.appendingPathComponent("theirs")
            try Data().write(to: theirs)
            #expect(chown(theirs.path, Self.nobody, Self.nobody) == 0)
            #expect(refusal(theirs)?.contains("another user") == true)
        }
    }

    /// Journals are 0600 in 0700 directories (they name local paths and servers), and a journal's
    /// temporary file is never opened through a link.
    @Test func journalsArePrivate() throws {
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        let directories = ConfigDirectories(
            config: state.appendingPathComponent("config"),
            state: state.appendingPathComponent("state/zenodo-tui"))
        // A state directory made by older code with the default mode.
        try FileManager.default.createDirectory(
            at: directories.state, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755])
        let store = DownloadJournalStore(directories: directories)
        let journal = DownloadJournal(
            server: "http://127.0.0.1:1/api", reference: "1", destination: "/tmp", entries: [])
        try store.save(journal)
        var info = stat()
        #expect(stat(store.directory.appendingPathComponent("\(journal.id).json").path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600, "journal \(String(info.st_mode & 0o777, radix: 8))")
        #expect(stat(store.directory.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(stat(directories.state.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700, "the state directory is made private")
    }

    /// A shared, sticky directory (as /tmp) is never made private, even when it is ours (root's
    /// /tmp, when root runs zenodo-tui): journals kept directly below it are refused in words
    /// and its mode stays. (`zenodo-tui demo` kept its journals at /tmp/zenodo-tui-demo-PID, and
    /// so closed /tmp to every other user when run as root.)
    @Test func aSharedStickyDirectoryIsNeverClosed() throws {
        let base = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: base) }
        let shared = base.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        #expect(chmod(shared.path, 0o1777) == 0)
        let store = JournalStore(directory: shared.appendingPathComponent("journals"))
        let journal = UploadJournal(server: "http://127.0.0.1:1/api", depositionID: 1, files: [])
        do {
            try store.save(journal)
            Issue.record("saved below a shared directory it made private")
        } catch let error as ZenodoError {
            #expect(error.message.contains("is a shared directory (sticky, mode 1777)"), "\(error.message)")
        }
        var info = stat()
        #expect(stat(shared.path, &info) == 0 && info.st_mode & 0o7777 == 0o1777, "its mode stays")
    }

    /// A token file of another user's, or in a directory others can write, is refused as ssh
    /// refuses such a key; our own 0600 file in a private directory is read.
    @Test func aTokenFileOthersCouldChangeIsRefused() throws {
        let base = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: base) }
        let store = TokenStore(
            directories: ConfigDirectories(config: base.appendingPathComponent("zenodo-tui"), state: base)
        )
        let profile = ServerProfile.zenodo
        try store.write("secret-token", for: profile)
        #expect(try store.read(for: profile) == "secret-token")
        let tokens = store.url(for: profile).deletingLastPathComponent()
        var info = stat()
        #expect(stat(tokens.path, &info) == 0 && info.st_mode & 0o777 == 0o700)
        chmod(tokens.path, 0o777)
        #expect(throws: ZenodoError.self) { try store.read(for: profile) }
        do { _ = try store.read(for: profile) } catch {
            #expect(error.message.contains("can be written by others"), "\(error.message)")
        }
        chmod(tokens.path, 0o700)
        if Self.isRoot {
            #expect(chown(store.url(for: profile).path, Self.nobody, Self.nobody) == 0)
            do {
                _ = try store.read(for: profile)
                Issue.record("another user's token file was read")
            } catch {
                #expect(error.message.contains("belongs to another user"), "\(error.message)")
            }
        }
    }

    /// A link planted at the tokens directory's name is refused, not written through.
    @Test func aTokenIsNeverWrittenThroughAPlantedDirectoryLink() throws {
        let base = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: base) }
        let elsewhere = base.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let config = base.appendingPathComponent("zenodo-tui")
        try FileManager.default.createDirectory(
            at: config, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createSymbolicLink(
            at: config.appendingPathComponent("tokens"), withDestinationURL: elsewhere)
        let store = TokenStore(directories: ConfigDirectories(config: config, state: base))
        #expect(throws: ZenodoError.self) { try store.write("secret-token", for: .zenodo) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    /// The directory rules, pure: ours and private, or refused in words.
    @Test func privateDirectoryRules() {
        #expect(PrivateDirectory.problem(owner: 1000, mode: 0o40700, ownUID: 1000) == nil)
        #expect(
            PrivateDirectory.problem(owner: 1001, mode: 0o40700, ownUID: 1000)?.contains("another user")
                == true)
        #expect(
            PrivateDirectory.problem(owner: 1000, mode: 0o40750, ownUID: 1000)?.contains("chmod 700")
                == true)
        #expect(PrivateDirectory.ancestorProblem(owner: 0, mode: 0o40755, ownUID: 1000) == nil)
        #expect(
            PrivateDirectory.ancestorProblem(owner: 0, mode: 0o41777, ownUID: 1000) == nil, "/tmp: sticky"
        )
        #expect(
            PrivateDirectory.ancestorProblem(owner: 0, mode: 0o40777, ownUID: 1000)?.contains(
                "not sticky") == true)
        #expect(
            PrivateDirectory.ancestorProblem(owner: 1000, mode: 0o40775, ownUID: 1000) != nil,
            "a group that can write")
        #expect(
            PrivateDirectory.ancestorProblem(owner: 1001, mode: 0o40755, ownUID: 1000)?.contains(
                "another user") == true)
    }
}
