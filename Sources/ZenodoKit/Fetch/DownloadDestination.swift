import FoundationEssentials

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
        let check = check(journal.destination, bytes: bytesToFetch(journal), checksSpace: checksSpace)
        guard let reason = check.problem else { return nil }
        let advice = check.lacksSpace ? "free some space or choose another destination" : "choose another destination"
        return "\(journal.destination) \(reason): \(advice)"
    }

    /// Whether `directory` (or the nearest one above it that exists) can take `bytes`: the reason
    /// it cannot, as a predicate of the path ("is on a read-only file system", "has too little
    /// space: 1.0 MiB free, 1.9 MiB to fetch"), the free space when it could be read, and whether
    /// space is what it lacks.
    public static func check(_ directory: String, bytes: Int64, checksSpace: Bool = true) -> (
        problem: String?, free: Int64?, lacksSpace: Bool
    ) {
        guard let existing = nearestExisting(directory) else {
            return ("cannot be made: nothing above it exists", nil, false)
        }
        let subject = existing == URL(fileURLWithPath: directory).standardizedFileURL.path ? "" : " (at \(existing))"
        var info = stat()
        guard stat(existing, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            return ("is a file, not a directory\(subject)", nil, false)
        }
        var space = statvfs()
        let free = statvfs(existing, &space) == 0 ? Int64(space.f_bavail) * Int64(space.f_frsize) : nil
        if access(existing, W_OK | X_OK) != 0 {
            let reason =
                errno == EROFS
                ? "is on a read-only file system" : "is not writable (\(String(cString: strerror(errno))))"
            return (reason + subject, free, false)
        }
        if checksSpace, let free, bytes > free {
            return (
                "has too little space: \(ByteFormat.string(free)) free, \(ByteFormat.string(bytes)) to fetch", free,
                true
            )
        }
        return (nil, free, false)
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
