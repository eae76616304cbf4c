import Foundation

/// Real responses captured from zenodo.org and sandbox.zenodo.org (`data/zenodo/samples/`, each
/// with its source in the README there).
enum Sample {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/zenodo/samples")

    static func data(_ name: String) -> Data {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(name)) else {
            preconditionFailure("sample \(name) is missing from \(directory.path)")
        }
        return data
    }

    static func json(_ name: String) -> JSON { JSON(parse: data(name)) }
}
