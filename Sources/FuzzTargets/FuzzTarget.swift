import Foundation

/// The fuzz targets: each takes arbitrary bytes and must neither crash, hang nor leak. They run
/// under libFuzzer in `zenodo-fuzz` (built by `scripts/fuzz.sh` with `--sanitize fuzzer`), and
/// over the kept findings and seeds in the tests (`FuzzRegressionTests`) and in a plain build of
/// `zenodo-fuzz`, which replays files. Each target's doc says what it asserts beyond not crashing.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case deposition, record, file, error
    case zenodoJSON = "zenodo-json"
    case citation
    case dates
    case html
    case terminal
    case keys
    case multipart
    case query
    case ignore
    case zip
    case zipMember = "zip-member"
    case manifest

    public func run(_ data: Data) {
        switch self {
        case .deposition: DecoderTargets.deposition(data)
        case .record: DecoderTargets.record(data)
        case .file: DecoderTargets.file(data)
        case .error: DecoderTargets.error(data)
        case .zenodoJSON: MetadataFileTargets.zenodoJSON(data)
        case .citation: MetadataFileTargets.citation(data)
        case .dates: TextTargets.dates(data)
        case .html: TextTargets.html(data)
        case .terminal: TextTargets.terminal(data)
        case .keys: KeyTarget.keys(data)
        case .multipart: ServerParserTargets.multipart(data)
        case .query: ServerParserTargets.query(data)
        case .ignore: TextTargets.ignore(data)
        case .zip: ArchiveTargets.zip(data)
        case .zipMember: ArchiveTargets.member(data)
        case .manifest: TextTargets.manifest(data)
        }
    }

    /// Inputs bigger than this are cut: real answers are bigger, but a fuzzer's value is in shapes.
    public static let maxInput = 64 * 1024
}

/// Bytes as the programs see text from outside: invalid UTF-8 repaired with U+FFFD.
func text(_ data: Data) -> String { String(decoding: data.prefix(FuzzTarget.maxInput), as: UTF8.self) }

/// A property every input must keep; a broken one crashes, so the fuzzer keeps the input.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz property broken: \(message())") }
}
