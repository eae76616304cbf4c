import ArgumentParser
import Foundation
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
        if files.contains(where: { $0.key == algorithm.fileName }) {
            throw ZenodoError(
                .validation,
                "the directory already has a file called \(algorithm.fileName): leave out --manifest, or rename it")
        }
        let made = try ChecksumManifest.make(of: files, algorithm)
        let state = ConfigDirectories(environment: environment).state
        let directory = state.appendingPathComponent("manifests").appendingPathComponent(
            "\(URL(string: server)?.host ?? "server")-\(deposition)")
        try PrivateDirectory.prepare(directory, what: "the manifests directory")
        let url = directory.appendingPathComponent(algorithm.fileName)
        let data = Data(made.text.utf8)
        try OutputFile.write(data, to: url)
        return LocalFile(path: url.path, key: algorithm.fileName, size: Int64(data.count), modified: Date())
    }
}
