/// What `sync` would do, decided by comparing names, sizes and MD5s.
public struct SyncPlan: Sendable, Equatable {
    /// Local files not in the deposition.
    public var new: [LocalFile] = []
    /// Local files whose content differs from the deposition's file of the same name.
    public var changed: [LocalFile] = []
    /// Local files identical to the deposition's.
    public var identical: [LocalFile] = []
    /// Files only in the deposition (deleted only with `--delete`).
    public var onlyRemote: [DepositionFile] = []

    /// `localMD5` needs entries only for files whose name and size match a remote file: a size
    /// difference already means "changed".
    public static func make(local: [LocalFile], localMD5: [String: String], remote: [DepositionFile]) -> SyncPlan {
        var plan = SyncPlan()
        let remoteByKey = Dictionary(remote.map { ($0.filename, $0) }, uniquingKeysWith: { a, _ in a })
        for file in local {
            guard let match = remoteByKey[file.key] else {
                plan.new.append(file)
                continue
            }
            if match.size == file.size, let md5 = localMD5[file.key], md5 == match.md5 {
                plan.identical.append(file)
            } else {
                plan.changed.append(file)
            }
        }
        let localKeys = Set(local.map(\.key))
        plan.onlyRemote = remote.filter { !localKeys.contains($0.filename) }
        return plan
    }

    /// Keys whose local MD5 `make` needs (same name and size as a remote file).
    public static func keysNeedingMD5(local: [LocalFile], remote: [DepositionFile]) -> [LocalFile] {
        let sizes = Dictionary(remote.map { ($0.filename, $0.size) }, uniquingKeysWith: { a, _ in a })
        return local.filter { sizes[$0.key] == $0.size }
    }

    public var toUpload: [LocalFile] { new + changed }
}
