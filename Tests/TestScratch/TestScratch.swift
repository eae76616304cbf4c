import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the tests make their temporary files: one directory per test process
/// (`$TMPDIR/zenodo-tui-tests-PID`), removed when the process exits, so a run of the suite leaves
/// nothing in /tmp; the directories of earlier runs whose process is gone (a crash, a kill) are
/// removed when the next run begins.
public enum TestScratch {
    public static let root: URL = {
        let base = FileManager.default.temporaryDirectory
        removeAbandoned(in: base)
        let url = base.appendingPathComponent("\(prefix)\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestScratch.root) }
        return url
    }()

    static let prefix = "zenodo-tui-tests-"

    /// A new directory `NAME-UUID` under the root.
    public static func directory(_ name: String) throws -> URL {
        let url = root.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new directory in memory (`/dev/shm`, when it is a writable tmpfs: making 10,000 files
    /// on this disk takes seconds), else as `directory`. Named by this process like the root, so
    /// that a later run removes what a crashed one left.
    public static func memoryDirectory(_ name: String) throws -> URL {
        if access("/dev/shm", W_OK) == 0 {
            let base = URL(fileURLWithPath: "/dev/shm")
            removeAbandoned(in: base)
            let url = base.appendingPathComponent("\(prefix)\(getpid())-\(name)-\(UUID().uuidString)")
            if (try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)) != nil {
                return url
            }
        }
        return try directory(name)
    }

    /// A path under the root for a file the caller creates.
    public static func file(_ name: String) -> URL {
        root.appendingPathComponent("\(UUID().uuidString)-\(name)")
    }

    private static func removeAbandoned(in base: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            // `zenodo-tui-tests-PID` (the root) or `zenodo-tui-tests-PID-NAME-UUID` (in memory).
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0.isNumber }), pid != getpid() else {
                continue
            }
            if kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(at: base.appendingPathComponent(name))
            }
        }
    }
}
