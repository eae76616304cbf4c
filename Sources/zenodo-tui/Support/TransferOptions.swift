import ArgumentParser

/// The options every transfer command shares (`upload`, `sync`, `download`), validated once.
struct TransferOptions: ParsableArguments {
    @Option(help: "Files transferred at once (1 to 16).")
    var parallel: Int = 3

    func validate() throws {
        guard (1...16).contains(parallel) else {
            throw ValidationError("--parallel takes 1 to 16 files at once, not \(parallel)")
        }
    }
}
