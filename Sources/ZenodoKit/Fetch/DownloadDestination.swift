import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether a download batch can be written where it is to go, asked before any byte is fetched:
/// the destination (or the nearest directory above it that exists, where it will be made) must be
/// a directory this process may write in, on a file system that is not read-only, with room for
/// what is left to fetch. A full disk found half-way through a 20 GB batch wastes an hour; found
/// first, it costs nothing.
public enum DownloadDestination {
    /// Why the batch cannot go to its destination, or nil. `checksSpace: false` leaves out the
    /// free-space comparison (file systems that compress, or quotas `statvfs` does not show).
    public static func problem(for journal: DownloadJournal, checksSpace: Bool = true) -> String? {
        let destination = journal.destination
        guard let existing = nearestExisting(destination) else { return "\(destination) cannot be made: nothing above it exists" }
        var info = stat()
        guard stat(existing, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            return "\(existing) is a file, not a directory: choose another destination"
        }
        if access(existing, W_OK | X_OK) != 0 {
            let reason = errno == EROFS ? "is on a read-only file system" : "is not writable (\(String(cString: strerror(errno))))"
            return "\(existing) \(reason): choose another destination"
        }
        guard checksSpace else { return nil }
        let needed = bytesToFetch(journal)
        var space = statvfs()
        guard statvfs(existing, &space) == 0 else { return nil }
        let free = Int64(space.f_bavail) * Int64(space.f_frsize)
        if needed > free {
            return
                "not enough space in \(destination): \(ByteFormat.string(free)) free, \(ByteFormat.string(needed)) to fetch; free some space or choose another destination"
        }
        return nil
    }

    /// What the batch still has to write: its unverified files, less what their partial copies hold.
    public static func bytesToFetch(_ journal: DownloadJournal) -> Int64 {
        let destination = URL(fileURLWithPath: journal.destination, isDirectory: true)
        return journal.pending.reduce(0) { total, entry in
            let partial = destination.appendingPathComponent(entry.folder, isDirectory: true)
                .appendingPathComponent(".\(LocalName.forKey(entry.key)).zenodo-tui-part").path
            var info = stat()
            let have = stat(partial, &info) == 0 ? Int64(info.st_size) : 0
            return total + max(0, entry.size - have)
        }
    }

    /// The path itself when it exists, else the nearest directory above it that does.
    static func nearestExisting(_ path: String) -> String? {
        var url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        while true {
            var info = stat()
            if stat(url.path, &info) == 0 { return url.path }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }
}
