import ArgumentParser
import FoundationEssentials
import ZenodoKit

/// `zenodo-tui bench-upload FILE... --bucket URL` (hidden): the upload engine against a plain PUT
/// sink such as nginx, for `Benchmarks/upload.sh`. A sink answers no checksum, so the server
/// comparison is skipped here and nowhere else.
struct BenchUploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-upload", abstract: "Benchmark the upload engine against a PUT sink.", shouldDisplay: false)

    @Argument var files: [String]

    @Option(help: "The sink's base URL (loopback http).")
    var bucket: String

    @Option var parallel: Int = 3

    @Option var chunkKiB: Int = 1024

    @Option(help: "Send each directory as an archive made on the fly (Benchmarks/pack.sh).")
    var pack: PackFormat?

    func run() async throws {
        let profile = try ServerProfile(parsing: bucket)
        let transport = HTTPTransport(environment: [:], forHost: profile.host)
        let client = ZenodoClient(
            profile: profile, credentials: Credentials(token: "bench", source: .explicit), transport: transport)
        var options = TransferBudget()
        options.parallel = parallel
        options.verifyServerChecksum = false
        options.chunkSize = chunkKiB * 1024
        options.retry = .never
        let scan = FileScanner.scan(
            files, keyRule: .flatten, filters: pack == nil ? nil : FileScanner.Filters(),
            pack: pack.map { PackRequest(format: $0) })
        let journal = UploadJournal(server: profile.apiURL, depositionID: 0, files: scan.files)
        let engine = UploadEngine(client: client, options: options, journals: nil)
        let task = Task {
            await engine.run(UploadBatch(depositionID: 0, bucketURL: bucket, existing: [], journal: journal)) { event in
                if case .failed(let key, let reason) = event { Console.error("\(key): \(reason)") }
            }
        }
        let watcher = SignalWatcher { _ in task.cancel() }
        let result = await task.value
        watcher.stop()
        await transport.shutdown()
        if watcher.received != nil { throw ExitCode(130) }
        if !result.succeeded { throw ExitCode(1) }
    }
}
