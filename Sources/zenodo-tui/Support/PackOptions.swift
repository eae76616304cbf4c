import ArgumentParser
import ZenodoKit

/// `--pack zip|tar` (`upload`, `sync`): a directory goes as one archive made on the fly, streamed
/// from the tree and never written locally; `--pack-per-dir` makes one per top-level folder.
struct PackOptions: ParsableArguments {
    @Option(
        name: .customLong("pack"),
        help: ArgumentHelp(
            "Send each directory as one archive made on the fly (stored zip with ZIP64, or POSIX tar), DIR.zip or DIR.tar; nothing is written locally.",
            valueName: "zip|tar"))
    var format: PackFormat?

    @Flag(
        name: .customLong("pack-per-dir"),
        help: "With --pack: one archive per top-level folder (raw.zip, code.zip); the files at the top go as they are.")
    var perDirectory = false

    @Option(
        name: .customLong("pack-links"),
        help: ArgumentHelp(
            "With --pack: keep symbolic links as links (store, the default) or refuse them; they are never followed.",
            valueName: "store|refuse"))
    var links: PackSpec.LinkRule = .store

    func validate() throws {
        if format == nil, perDirectory { throw ValidationError("--pack-per-dir goes with --pack zip or --pack tar") }
    }

    var request: PackRequest? {
        format.map { PackRequest(format: $0, perDirectory: perDirectory, links: links) }
    }
}

extension PackFormat: ExpressibleByArgument {}
extension PackSpec.LinkRule: ExpressibleByArgument {}
