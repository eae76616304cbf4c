import EssentialsExtras
import FoundationEssentials
import ZenodoKit

/// A file a command writes for the user (a manifest, an export): whole or not at all (through a
/// temporary beside it), a failure said with the path.
enum OutputFile {
    static func write(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ZenodoError(.localFile, "cannot write \(url.path): \(ErrorText.describe(error))")
        }
    }
}
