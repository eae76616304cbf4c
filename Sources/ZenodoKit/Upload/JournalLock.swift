import EssentialsExtras
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// One runner per batch: an exclusive `flock` on `<journal id>.lock` beside the journal, held for
/// as long as the batch runs (by a foreground `upload`, or by the transfer agent). The kernel drops
/// it when the holder dies, even by SIGKILL, so a crashed runner never blocks a resume. (The
/// journal itself is replaced by rename on every write, so it cannot carry the lock.)
public final class JournalLock: @unchecked Sendable {
    private var fd: Int32
    public let journalID: String

    private init(fd: Int32, journalID: String) {
        self.fd = fd
        self.journalID = journalID
    }

    /// Takes the lock, or throws `.refused` naming the process that runs the batch.
    public static func acquire(_ journalID: String, in store: JournalStore) throws -> JournalLock {
        do {
            try FileManager.default.createDirectory(
                at: store.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateDirectory.problem(store.directory, error, what: "upload journal")
        }
        try PrivateDirectory.prepare(store.directory, what: "the upload journals' directory")
        let path = store.lockURL(journalID).path
        let fd = try OwnedFile.open(store.lockURL(journalID), .createOrOpen, what: "the upload's lock")
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimming(.whitespacesAndNewlines)
            close(fd)
            throw ZenodoError(
                .refused,
                "upload \(journalID) is already running" + (holder.map { $0.isEmpty ? "" : " (process \($0))" } ?? "")
                    + "; watch it with `zenodo-tui transfers attach \(journalID)`")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        return JournalLock(fd: fd, journalID: journalID)
    }

    /// Whether some process holds the batch's lock now.
    public static func isHeld(_ journalID: String, in store: JournalStore) -> Bool {
        let fd = open(store.lockURL(journalID).path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    public func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }
}
