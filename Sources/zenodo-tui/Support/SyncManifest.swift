import ArgumentParser
import FoundationEssentials
import ZenodoKit

extension ChecksumManifest.Algorithm: ExpressibleByArgument {}

/// `sync|release --manifest sha256|md5`: the deposition keeps a manifest of the directory's files
/// (by their keys, an archive of `--pack` as sent), made afresh each run and planned like any other
/// file, so it is uploaded only when it changed and never deleted as "only in the deposition".
/// It is written in the private state directory (`manifests/HOST-DRAFT/`), where a resumed upload
/// finds it again; the synced directory is left untouched.
enum SyncManifest {
    static let help =
        "Keep a checksum manifest of the directory's files in the deposition: SHA256SUMS (sha256) or MD5SUMS (md5), by their keys, made each run (every file read once more, an archive of --pack packed once more) and uploaded when it changed."

    static func file(
        for files: [LocalFile], _ algorithm: ChecksumManifest.Algorithm, deposition: Int, server: String,
        environment: [String: String]
    ) throws -> LocalFile {
        let state = ConfigDirectories(environment: environment).state
        let directory = state.appendingPathComponent("manifests").appendingPathComponent(
            "\(URL(string: server)?.host ?? "server")-\(deposition)")
        try PrivateDirectory.prepare(directory, what: "the manifests directory")
        return try write(of: files, algorithm, into: directory).file
    }

    /// The manifest of `files` (by their keys) written as `SHA256SUMS` or `MD5SUMS` in `directory`,
    /// as a file to upload, and how many files it lists; refused when the batch already has a
    /// file of that name. `upload --manifest` and `sync|release --manifest` both write theirs so.
    static func write(of files: [LocalFile], _ algorithm: ChecksumManifest.Algorithm, into directory: URL) throws -> (
        file: LocalFile, count: Int
    ) {
        if files.contains(where: { $0.key == algorithm.fileName }) {
            throw ZenodoError(
                .validation,
                "the batch already has a file called \(algorithm.fileName): leave out --manifest, or rename it")
        }
        let made = try ChecksumManifest.make(of: files, algorithm)
        let url = directory.appendingPathComponent(algorithm.fileName)
        let data = Data(made.text.utf8)
        try OutputFile.write(data, to: url)
        return (
            LocalFile(path: url.path, key: algorithm.fileName, size: Int64(data.count), modified: Date()),
            made.entries.count
        )
    }
}
